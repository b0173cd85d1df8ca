/**
 * The one composition of the pipeline: inputs → flows → detectors → evidence → store. The CLI
 * scan, the queue worker and the tests all call this, with an in-memory or a Redis store.
 */
import type { Config } from './config/schema';
import type { Detector, Evidence, Indicators } from './detect/api';
import { createPipeline } from './detect/pipeline';
import { InputError, readInput } from './readers/input';
import type { InputSummary } from './report/model';
import type { ScoreStore } from './store/score-store';

export interface AnalyseOptions {
  detectors: readonly Detector[];
  indicators: Indicators;
  /** Called with bytes read so far in the current input and that input's size. */
  onProgress?(input: string, bytesRead: number): void;
}

export async function analyse(paths: readonly string[], config: Config, store: ScoreStore, options: AnalyseOptions): Promise<InputSummary[]> {
  const pipeline = createPipeline(options.detectors, config, options.indicators);
  const summaries: InputSummary[] = [];
  for (const path of paths) {
    const summary: InputSummary = { path, format: 'unknown', bytes: 0, packets: 0, flows: 0, issueCounts: {}, issues: [] };
    summaries.push(summary);
    const evidence: Evidence[] = [];
    try {
      const stats = await readInput(path, config, {
        flow: (record) => {
          for (const e of pipeline.inspect(record)) evidence.push(e);
        },
        // Readers cap issues per code and count the rest, so this list stays small.
        issue: (issue) => summary.issues.push(issue),
        progress: options.onProgress && ((bytes) => options.onProgress!(path, bytes)),
      });
      Object.assign(summary, stats);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      summary.error = e.message;
    }
    await store.add(evidence);
  }
  // Windowed detectors judge once every input is in, so a window spans files scanned together.
  await store.add(pipeline.sweep());
  return summaries;
}
