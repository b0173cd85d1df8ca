/**
 * One ingest job: read one input (a file, or a collector's batch of records) through the same
 * pipeline as `scan`, without sweeping, and write what it found under the job's id: evidence
 * merged per dedup key, the windowed detectors' parts for the sweep, the input summary. Every
 * write replaces the job's own earlier writes, so a retried or redelivered job changes nothing.
 * An input that cannot be read still writes its summary (with the error, for the report's
 * inputs), then fails the job (see input-failure.ts).
 */
import type { Config } from '../config/schema';
import type { Detector, Indicators } from '../detect/api';
import { Analysis } from '../analysis';
import { readInto } from '../analyse';
import { emptyInputSummary, type InputSummary } from '../report/model';
import { MemoryStore } from '../store/memory-store';
import type { RedisStore } from '../store/redis-store';
import { InputSummaryStore } from '../store/redis/input-summaries';
import { WindowPartStore } from '../store/redis/window-parts';
import { fromExportedFlow } from './exported-flow';
import { inputFailure } from './input-failure';
import { importedNames } from './imported-names';
import { evidenceByBasis } from './evidence-bases';
import type { IngestJob, IngestResult } from './payloads';

export interface IngestContext {
  config: Config;
  indicators: Indicators;
  detectors: readonly Detector[];
  store: RedisStore;
}

export async function ingest(job: IngestJob, jobId: string, context: IngestContext): Promise<IngestResult> {
  const { config, detectors, indicators, store } = context;
  // The job's evidence gathers in memory (bounded by dedup keys) and reaches Redis in one write.
  const gathered = new MemoryStore();
  // Imported pool names must reach pool-domain here (SNI, Host and DNS are only seen at ingest);
  // endpoint facts are judged by the sweep, so ingest needs none.
  const analysis = new Analysis(config, gathered, { detectors, indicators: await importedNames(store, indicators) });
  const summary = job.kind === 'file' ? (await readInto(analysis, [job.path], config))[0] : await acceptRecords(analysis, job);
  const partials = [...(await gathered.snapshot()).subjects.values()].flat();
  await store.addPartials(jobId, partials);
  await new WindowPartStore(store.client, store.keys).put(jobId, analysis.pipeline.exportWindow());
  await new InputSummaryStore(store.client, store.keys).put(jobId, summary);
  if (summary.error !== undefined) throw inputFailure(summary);
  return { format: summary.format, bytes: summary.bytes, flows: summary.flows, evidence: partials.length, evidenceByBasis: evidenceByBasis(partials, detectors), issueCounts: summary.issueCounts };
}

async function acceptRecords(analysis: Analysis, job: Extract<IngestJob, { kind: 'records' }>): Promise<InputSummary> {
  for (const record of job.records) analysis.accept(fromExportedFlow(record));
  await analysis.flush();
  return { ...emptyInputSummary(job.origin, 'netflow-live'), flows: job.records.length };
}
