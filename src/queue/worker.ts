/**
 * A worker process: ingest jobs run in sandboxed child processes (`concurrency` of them), and so
 * does the sweep, on the schedule every worker upserts (one schedule, whichever worker takes each
 * run). This process only renews locks and reports. Stateless: any number of workers on any
 * number of machines.
 */
import { join } from 'node:path';
import { Queue, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { inputFormatLabel } from '../metrics/label-values';
import type { Metrics } from '../metrics/metrics';
import { failureOutcome, inputFailureOf } from './input-failure';
import { QUEUE } from './names';
import { ingestResultSchema, type IngestResult } from './payloads';
import type { QueueContext } from './queue-context';
import { Producers } from './queues';
import type { SweepSummary } from './sweep-summary';
import { startProbeWorker } from './probe-job';
import { startIntelRefresh } from './intel-job';
import { EVIDENCE_BASES, intelFamilyLabel, INTEL_FAMILIES } from '../metrics/label-values';
import { findingsExporter } from './findings-metrics';
import { TolerantWorker } from './unparsable-job';
import { redisFailureOf } from './redis-failure';
import type { RedisHealth } from './redis-health';
import { DeploymentStats, type DeploymentSnapshot } from '../store/redis/deployment-stats';

/** The one schedule of the sweep, shared by every worker (upserting it is idempotent). */
export const SWEEP_SCHEDULER_ID = 'sweep-windows';

export interface RunningWorker {
  /** Stops taking jobs; waits for running ones unless `force` (their locks then lapse and another worker retries them). */
  close(force?: boolean): Promise<void>;
  /** Deployment-wide totals kept in Redis (follow-ups raised, the last scheduled sweep). */
  deployment(): Promise<DeploymentSnapshot>;
  /** Jobs per queue and state, for the queue-depth gauge. */
  jobCounts(): Promise<Record<string, Record<string, number>>>;
}

export async function startWorker(context: QueueContext, log: Logger, metrics?: Metrics): Promise<RunningWorker> {
  const { config, prefix } = context;
  const lockDuration = config.queue.lockSeconds * 1000;
  const producers = new Producers(context);

  const ingestWorker = new TolerantWorker(QUEUE.ingest, join(__dirname, 'ingest-sandbox.js'), {
    connection: context.redis,
    prefix,
    concurrency: config.queue.concurrency,
    lockDuration,
    // A killed worker's job goes back to the queue once its lock has lapsed, checked this often.
    stalledInterval: lockDuration,
    // A Redis outage longer than the lock stalls every running job; each stall may cost one try,
    // as a failure does, rather than BullMQ's default of failing the job at its second stall.
    maxStalledCount: config.queue.attempts,
    // Child processes rather than threads: a crash or OOM in one input takes only its child.
    useWorkerThreads: false,
  });
  ingestWorker.on('active', (job: Job) => log.info({ job: job.id, input: inputOf(job), attempt: job.attemptsMade + 1 }, 'ingesting'));
  ingestWorker.on('completed', (job: Job, result: unknown) => recordIngest(job, result, log, metrics));
  ingestWorker.on('failed', (job: Job | undefined, error: Error) => recordIngestFailure(job, error, log, context.health, metrics));

  const sweepWorker = new TolerantWorker(QUEUE.sweep, join(__dirname, 'sweep-sandbox.js'), { connection: context.redis, prefix, concurrency: 1, lockDuration, useWorkerThreads: false });
  const exportFindings = metrics ? findingsExporter(metrics) : () => {};
  sweepWorker.on('completed', (job: Job, summary: SweepSummary) => recordSweep(job, summary, exportFindings, log, metrics));
  sweepWorker.on('failed', (job: Job | undefined, error: Error) => {
    metrics?.jobs.inc({ queue: 'sweep', outcome: 'failed' });
    observeDuration(job, 'sweep', metrics);
    if (redisFailureOf(error)) context.health.error(error, 'sweep');
    else log.error({ err: error.message }, 'sweep failed');
  });
  // Errors from BullMQ's own Redis scripts and connections: during an outage several a second,
  // logged once per state change (redis-health.ts).
  for (const worker of [ingestWorker, sweepWorker]) worker.on('error', (error: Error) => context.health.error(error, 'worker'));

  const sweepQueue = new Queue(QUEUE.sweep, { connection: context.redis, prefix });
  sweepQueue.on('error', (error: Error) => context.health.error(error, 'queue'));
  await sweepQueue.upsertJobScheduler(SWEEP_SCHEDULER_ID, { every: config.queue.sweepSeconds * 1000 }, { name: 'sweep', opts: { removeOnComplete: 100, removeOnFail: 100 } });
  // Active probing is off unless the config turns it on: the one place rigsweep contacts others.
  const probeWorker = config.probe.enabled ? startProbeWorker(context, log, metrics) : undefined;
  const refresh = config.intel.refresh.repeat ? await startIntelRefresh(context, log) : undefined;
  log.info({ concurrency: config.queue.concurrency, sweepSeconds: config.queue.sweepSeconds, probe: config.probe.enabled, intelRefresh: config.intel.refresh.repeat }, 'worker started');

  return {
    async close(force = false) {
      await Promise.all([ingestWorker.close(force), sweepWorker.close(force), probeWorker?.close(force), refresh?.worker.close(force)]);
      await Promise.all([sweepQueue.close(), producers.close(), refresh?.queue.close()]);
    },
    async deployment() {
      return new DeploymentStats(context.store.client, context.store.keys).snapshot();
    },
    async jobCounts() {
      const states = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;
      const queues = { ingest: producers.ingest, sweep: sweepQueue, followup: producers.followup, probe: producers.probe };
      const entries = await Promise.all(Object.entries(queues).map(async ([name, queue]) => [name, await queue.getJobCounts(...states)] as const));
      return Object.fromEntries(entries);
    },
  };
}

/** What a job read, for logs: a file path or a collector's origin. */
const inputOf = (job: Job | undefined): string | undefined => job?.data?.path ?? job?.data?.origin;

const flowKind = (format: string) => (format === 'pcap' || format === 'pcapng' ? 'capture' : 'export');

function recordIngest(job: Job, value: unknown, log: Logger, metrics?: Metrics): void {
  const parsed = ingestResultSchema.safeParse(value);
  const result: IngestResult | undefined = parsed.success ? parsed.data : undefined;
  const seconds = job.finishedOn && job.processedOn ? (job.finishedOn - job.processedOn) / 1000 : undefined;
  log.info({ job: job.id, input: inputOf(job), ...result, seconds }, 'ingested');
  if (!metrics) return;
  metrics.jobs.inc({ queue: 'ingest', outcome: 'completed' });
  if (seconds !== undefined) metrics.jobDuration.observe({ queue: 'ingest' }, seconds);
  if (!result) return;
  countEvidence(result.evidenceByBasis ?? {}, metrics);
  metrics.inputs.inc({ format: inputFormatLabel(result.format), outcome: 'read' });
  metrics.flows.inc({ kind: flowKind(result.format) }, result.flows);
  metrics.inputBytes.inc(result.bytes);
  for (const [code, count] of Object.entries(result.issueCounts)) metrics.inputIssues.inc({ code }, count);
}

/**
 * BullMQ emits `failed` for every failed try; only the last one (the job moved to failed, so it
 * has finishedOn) finishes the job and is counted. An input that cannot be read is the input's
 * fault, not rigsweep's: logged at warn, counted in rigsweep_inputs_total and
 * rigsweep_input_issues_total. Anything else (a poison job, a crash, Redis) is an error.
 */
function recordIngestFailure(job: Job | undefined, error: Error, log: Logger, health: RedisHealth, metrics?: Metrics): void {
  const input = inputFailureOf(error);
  const final = job?.finishedOn !== undefined || job === undefined;
  const redis = redisFailureOf(error);
  const fields = { job: job?.id, input: inputOf(job), attempt: job?.attemptsMade, attempts: job?.opts.attempts, final, err: error.message, ...(redis && { redis }) };
  // Counted and logged once per state change with every other Redis error; the job's own line follows.
  if (redis) health.error(error, 'ingest');
  if (input) {
    log.warn({ ...fields, code: input.inputCode, format: input.inputFormat }, final ? 'input not read: job failed' : 'input not read: will retry');
  } else {
    log.error(fields, final ? 'ingest job failed' : 'ingest job failed: will retry');
  }
  if (!metrics || !final) return;
  metrics.jobs.inc({ queue: 'ingest', outcome: 'failed' });
  observeDuration(job, 'ingest', metrics);
  if (!input) return;
  metrics.inputs.inc({ format: inputFormatLabel(input.inputFormat), outcome: failureOutcome(input.inputCode) });
  metrics.inputIssues.inc({ code: input.inputCode });
}

function observeDuration(job: Job | undefined, queue: 'ingest' | 'sweep', metrics?: Metrics): void {
  if (metrics && job?.finishedOn && job.processedOn) metrics.jobDuration.observe({ queue }, (job.finishedOn - job.processedOn) / 1000);
}

function countEvidence(byBasis: Record<string, number>, metrics: Metrics): void {
  for (const basis of EVIDENCE_BASES) if (byBasis[basis]) metrics.evidence.inc({ basis }, byBasis[basis]);
}

function recordSweep(job: Job, summary: SweepSummary, exportFindings: (summary: SweepSummary) => void, log: Logger, metrics?: Metrics): void {
  const { parts, droppedParts, unreadableParts, skippedRows, flagged, raised, seconds } = summary;
  log.info({ parts, dropped: droppedParts, unreadable: unreadableParts, skippedRows, flagged, raised: raised.new + raised.raised, seconds }, 'swept');
  if (!metrics) return;
  metrics.jobs.inc({ queue: 'sweep', outcome: 'completed' });
  observeDuration(job, 'sweep', metrics);
  metrics.sweepDuration.observe(seconds);
  exportFindings(summary);
  if (summary.finishedAt) metrics.lastSweep.set(summary.finishedAt);
  const families = Object.fromEntries(INTEL_FAMILIES.map((f) => [f, 0]));
  for (const [source, count] of Object.entries(summary.intel?.facts ?? {})) families[intelFamilyLabel(source)] += count;
  for (const family of INTEL_FAMILIES) metrics.intelFacts.set({ family }, families[family]);
}
