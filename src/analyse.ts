/**
 * The composition of the pipeline over files: inputs → flows → detectors → evidence → store.
 * The CLI scan, the queue worker and the tests all call this, with an in-memory or Redis store.
 */
import type { Config } from './config/schema';
import { Analysis, type AnalysisOptions } from './analysis';
import { InputError, readInput } from './readers/input';
import { emptyInputSummary, type InputSummary } from './report/model';
import type { ScoreStore } from './store/score-store';
import type { FlowRecord } from './flow/flow-record';
import { inWindow, type TimeWindow } from './flow/time-window';

export interface ReadOptions {
  /** Called with bytes read so far in the current input. */
  onProgress?(input: string, bytesRead: number): void;
  /** Keep only flow records overlapping this capture-time window (`--since/--until`). */
  window?: TimeWindow;
}

export type AnalyseOptions = AnalysisOptions & ReadOptions;

/** Scans files and sweeps once every input is in, so a window spans files scanned together. */
export async function analyse(paths: readonly string[], config: Config, store: ScoreStore, options: AnalyseOptions): Promise<InputSummary[]> {
  const analysis = new Analysis(config, store, options);
  const summaries = await readInto(analysis, paths, config, options);
  await analysis.sweep();
  return summaries;
}

/** Reads files into an analysis and flushes after each; the caller decides when to sweep. */
export async function readInto(analysis: Analysis, paths: readonly string[], config: Config, options: ReadOptions = {}): Promise<InputSummary[]> {
  const summaries: InputSummary[] = [];
  for (const path of paths) {
    const summary = emptyInputSummary(path, 'unknown');
    summaries.push(summary);
    const window = options.window;
    let outside = 0;
    const accept = window && (window.since !== undefined || window.until !== undefined)
      ? (record: FlowRecord) => (inWindow(window, record) ? analysis.accept(record) : outside++)
      : (record: FlowRecord) => analysis.accept(record);
    try {
      const stats = await readInput(
        path,
        config,
        {
          flow: accept,
          // Readers cap issues per code and count the rest, so this list stays small.
          issue: (issue) => summary.issues.push(issue),
        },
        { onProgress: options.onProgress && ((bytes) => options.onProgress!(path, bytes)) },
      );
      Object.assign(summary, stats);
      if (outside > 0) summary.outsideWindow = outside;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      summary.error = e.message;
      summary.errorCode = e.code;
      summary.format = e.format;
    }
    await analysis.flush();
  }
  return summaries;
}
