/**
 * The composition of the pipeline over files: inputs → flows → detectors → evidence → store.
 * The CLI scan, the queue worker and the tests all call this, with an in-memory or Redis store.
 */
import type { Config } from './config/schema';
import { Analysis, type AnalysisOptions } from './analysis';
import { InputError, readInput } from './readers/input';
import type { InputSummary } from './report/model';
import type { ScoreStore } from './store/score-store';

export interface AnalyseOptions extends AnalysisOptions {
  /** Called with bytes read so far in the current input. */
  onProgress?(input: string, bytesRead: number): void;
}

export async function analyse(paths: readonly string[], config: Config, store: ScoreStore, options: AnalyseOptions): Promise<InputSummary[]> {
  const analysis = new Analysis(config, store, options);
  const summaries: InputSummary[] = [];
  for (const path of paths) {
    const summary: InputSummary = { path, format: 'unknown', bytes: 0, packets: 0, flows: 0, issueCounts: {}, issues: [] };
    summaries.push(summary);
    try {
      const stats = await readInput(path, config, {
        flow: (record) => analysis.accept(record),
        // Readers cap issues per code and count the rest, so this list stays small.
        issue: (issue) => summary.issues.push(issue),
        progress: options.onProgress && ((bytes) => options.onProgress!(path, bytes)),
      });
      Object.assign(summary, stats);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      summary.error = e.message;
    }
    await analysis.flush();
  }
  // Windowed detectors judge once every input is in, so a window spans files scanned together.
  await analysis.sweep();
  return summaries;
}
