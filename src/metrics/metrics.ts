/**
 * Every rigsweep metric, on a registry of its own: never prom-client's global one, so tests and
 * several components in one process each get a clean set. Names follow
 * rigsweep_<thing>_<unit>, counters end in _total, and labels take only the bounded values in
 * label-values.ts.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';
import { instrumentsOn } from './instruments';
import {
  DROP_REASONS,
  EVIDENCE_BASES,
  FLAGGED_LEVELS,
  FLOW_KINDS,
  FOLLOWUP_REASONS,
  INPUT_FORMATS,
  INPUT_OUTCOMES,
  INTEL_FAMILIES,
  PROBE_OUTCOMES,
  ISSUE_CODE_VALUES,
  JOB_OUTCOMES,
  QUEUE_STATES,
  QUEUES,
  REDIS_ERROR_REASONS,
} from './label-values';
import { redisErrorReason } from '../queue/redis-failure';
import { ScrapeCallbacks, type ScrapeCallback } from './scrape-callbacks';

export interface MetricsOptions {
  /** Also export prom-client's process and Node.js metrics, under their stock names (process_*, nodejs_*). */
  defaultMetrics?: boolean;
  /** How long a scrape waits for the onScrape callbacks before keeping the previous values. */
  scrapeTimeoutMs?: number;
}

/** From a 50 ms job on a small file up to half an hour on a multi-gigabyte capture. */
export const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800];

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(options: MetricsOptions = {}) {
  const registry = new Registry();
  const define = instrumentsOn(registry);
  const refreshers = new ScrapeCallbacks(options.scrapeTimeoutMs ?? 2000, (e) => instruments.redisErrors.inc({ reason: redisErrorReason(e) }));
  const refreshed = () => refreshers.refresh();

  const instruments = {
    jobs: define.counter({
      name: 'rigsweep_jobs_total',
      help: 'Queue jobs finished, by queue (ingest: analyse one input; sweep: rescore and queue follow-ups) and outcome.',
      labels: { queue: QUEUES, outcome: JOB_OUTCOMES },
    }),
    jobDuration: define.histogram({
      name: 'rigsweep_job_duration_seconds',
      help: 'Wall-clock time a worker spent on one queue job, completed or failed.',
      labels: { queue: QUEUES },
      buckets: DURATION_BUCKETS,
    }),
    flows: define.counter({
      name: 'rigsweep_flows_total',
      help: 'Flow records analysed, by where they came from (capture: assembled from packets; export: NetFlow, IPFIX or text flow exports).',
      labels: { kind: FLOW_KINDS },
    }),
    inputBytes: define.counter({
      name: 'rigsweep_input_bytes_total',
      help: 'Bytes of input read: capture and export files, and collector datagrams.',
    }),
    inputs: define.counter({
      name: 'rigsweep_inputs_total',
      help: 'Inputs ingest jobs finished with, by format and outcome (read; unreadable: missing or failing to read after every retry; unknown-format: matches no reader). Inputs not read fail their job.',
      labels: { format: INPUT_FORMATS, outcome: INPUT_OUTCOMES },
    }),
    inputIssues: define.counter({
      name: 'rigsweep_input_issues_total',
      help: 'Problems found in the input (truncated files, undecodable records, missing templates...), by issue code; input.unreadable and input.unknown-format count inputs not read at all (their jobs fail). The codes are documented in src/errors/codes.ts.',
      labels: { code: ISSUE_CODE_VALUES },
    }),
    evidence: define.counter({
      name: 'rigsweep_evidence_total',
      help: 'Pieces of mining evidence ingest jobs found, by basis (payload-protocol is the strongest, port the weakest); one per address, peer and kind per input. Windowed evidence (behaviour, site) is judged by the sweep: rigsweep_sweep_evidence.',
      labels: { basis: EVIDENCE_BASES },
    }),
    sweepEvidence: define.gauge({
      name: 'rigsweep_sweep_evidence',
      help: 'Pieces of windowed evidence (flow behaviour, site patterns) the last sweep judged across every input, by basis.',
      labels: { basis: EVIDENCE_BASES },
    }),
    flaggedAddresses: define.gauge({
      name: 'rigsweep_flagged_addresses',
      help: 'Addresses currently flagged as mining, by level (medium: follow up; high: strong evidence), as of the last sweep.',
      labels: { level: FLAGGED_LEVELS },
    }),
    flaggedByNature: define.gauge({
      name: 'rigsweep_flagged_addresses_by_nature',
      help: 'Addresses currently flagged, by level and the nature of their owner in the owner map (residential broadband, enterprise, data centre, ...; unknown: no owner entry; other: past 32 natures), as of the last sweep.',
      labels: { level: FLAGGED_LEVELS, nature: [] },
    }),
    estimatedPower: define.gauge({
      name: 'rigsweep_estimated_power_watts',
      help: 'Estimated power draw of every flagged address together, watts (the report\'s kW range: bound min is the most efficient hardware, max the least), as of the last sweep.',
      labels: { bound: ['min', 'max'] },
    }),
    lastSweep: define.gauge({
      name: 'rigsweep_last_sweep_timestamp_seconds',
      help: 'When the scheduled sweep last succeeded (Unix seconds), read from Redis at scrape time: the same for every worker, aggregate with max.',
      collect: refreshed,
    }),
    trackedAddresses: define.gauge({
      name: 'rigsweep_tracked_addresses',
      help: 'Addresses the score store holds state for, flagged or not, as of the last sweep.',
    }),
    followups: define.counter({
      name: 'rigsweep_followups_total',
      help: 'Follow-ups queued for analysts by any sweep (the scheduled one or `rigsweep report`), by reason (new: an address newly flagged; raised: its level went up) and level. Deployment-wide, read from Redis at scrape time: the same for every worker, aggregate with max.',
      labels: { reason: FOLLOWUP_REASONS, level: FLAGGED_LEVELS },
      fromTotals: true,
      collect: refreshed,
    }),
    probes: define.counter({
      name: 'rigsweep_probes_total',
      help: 'Active probes of suspected pool endpoints, by outcome (pool, not-pool, unreachable; skipped: outside probe.allow, a home address, or cached).',
      labels: { outcome: PROBE_OUTCOMES },
    }),
    intelFacts: define.gauge({
      name: 'rigsweep_intel_facts',
      help: 'Pool-endpoint facts the last sweep judged with, by source family (curated, dns-resolved, learned, probe, feed).',
      labels: { family: INTEL_FAMILIES },
    }),
    sweepDuration: define.histogram({
      name: 'rigsweep_sweep_duration_seconds',
      help: 'Time one sweep took to rescore every tracked address and queue follow-ups.',
      buckets: DURATION_BUCKETS,
    }),
    redisErrors: define.counter({
      name: 'rigsweep_redis_errors_total',
      help: 'Redis errors, by reason (connection: refused, reset or closed, each failed reconnect; oom: maxmemory reached with noeviction, writes refused; timeout; unavailable: loading or read-only; other), including queue counts read at scrape time.',
      labels: { reason: REDIS_ERROR_REASONS },
      collect: refreshed, // so a failure during this scrape is counted in this scrape
    }),
    redisUp: define.gauge({
      name: 'rigsweep_redis_up',
      help: '1 while the connection to Redis is ready, 0 while it is down or reconnecting.',
    }),
    queueJobs: define.gauge({
      name: 'rigsweep_queue_jobs',
      help: 'Jobs in each queue by state, read from Redis at scrape time; every worker reports the same queues, so aggregate with max, not sum.',
      labels: { queue: QUEUES, state: QUEUE_STATES },
      collect: refreshed,
    }),
    collectorDatagrams: define.counter({
      name: 'rigsweep_collector_datagrams_total',
      help: 'UDP datagrams the live collector received, accepted or not.',
    }),
    collectorRecords: define.counter({
      name: 'rigsweep_collector_records_total',
      help: 'Flow records the live collector decoded from accepted datagrams.',
    }),
    collectorDropped: define.counter({
      name: 'rigsweep_collector_dropped_total',
      help: 'Datagrams the collector lost, by reason (stranger: not a configured exporter; malformed: undecodable; kernel: socket buffer full, raise collector.receiveBufferBytes and net.core.rmem_max).',
      labels: { reason: DROP_REASONS },
    }),
    collectorBatches: define.counter({
      name: 'rigsweep_collector_batches_total',
      help: 'Batches of flow records the collector handed on for analysis.',
    }),
  };

  if (options.defaultMetrics) {
    // Stock names, so the usual Node.js dashboards work as they are.
    collectDefaultMetrics({ register: registry });
    // Gauges prom-client names *_total, which Prometheus's lint (promtool check metrics) rejects;
    // nodejs_active_handles, nodejs_active_requests and nodejs_active_resources (by type) remain.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);
  }

  return {
    registry,
    ...instruments,
    /**
     * Registers a callback run at every scrape, before values are read, e.g. to set queueJobs from
     * BullMQ's getJobCounts(). If it throws or times out, the scrape still succeeds with the
     * previous values and rigsweep_redis_errors_total goes up by one. Returns a remover.
     */
    onScrape(callback: ScrapeCallback): () => void {
      return refreshers.add(callback);
    },
  };
}
