/**
 * The one composition of the pipeline: inputs → flows → detectors → evidence → store. The CLI
 * scan, the queue worker and the tests all call this, with an in-memory or a Redis store.
 */
import type { Config } from './config/schema';
import type { Detector, Evidence, Indicators } from './detect/api';
import { createPipeline } from './detect/pipeline';
import type { InputIssue } from './readers/issues';
import { InputError, readInput } from './readers/input';
import type { InputSummary } from './report/model';
import type { ScoreStore } from './store/score-store';

/** Issues kept per code per input; the rest are only counted, so a broken file cannot flood a report. */
export const ISSUES_KEPT_PER_CODE = 20;

export interface AnalyseOptions {
  detectors: readonly Detector[];
  indicators: Indicators;
  /** Called with bytes read so far in the current input and that input's size. */
  onProgress?(input: string, bytesRead: number): void;
}

function issueCollector(summary: InputSummary) {
  return (issue: InputIssue) => {
    const seen = (summary.issueCounts[issue.code] = (summary.issueCounts[issue.code] ?? 0) + 1);
    if (seen <= ISSUES_KEPT_PER_CODE) summary.issues.push(issue);
  };
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
        issue: issueCollector(summary),
        progress: options.onProgress && ((bytes) => options.onProgress!(path, bytes)),
      });
      Object.assign(summary, stats);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      summary.error = e.message;
    }
    await store.add(evidence);
  }
  return summaries;
}
