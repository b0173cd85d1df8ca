/**
 * The sweep job: folds every ingest job's window parts, in input order, into one fresh pipeline,
 * lets the windowed detectors judge them (as a scan's final sweep would), stores that verdict in
 * place of the previous sweep's, drops parts past the retention horizon (their verdicts kept for
 * good), then re-scores every address and raises follow-ups for new flags and level increases.
 * Equal to a scan for inputs within the retention of each other in capture/export time; parts
 * arriving later than that behind the newest data are judged without the dropped ones.
 */
import type { Config } from '../config/schema';
import type { Detector, Indicators } from '../detect/api';
import { createPipeline } from '../detect/pipeline';
import { FollowupStore } from '../followup/followup-store';
import { raiseFollowups } from '../followup/raise';
import { followupEntries, type FollowupEntry } from '../followup/entry';
import { reportOf, scoreStore, type Scored } from '../report/build';
import type { Report } from '../report/model';
import type { RedisStore } from '../store/redis-store';
import { WindowPartStore } from '../store/redis/window-parts';
import { loadRunFacts, RedisIntelStore, withNameFacts } from '../intel';
import { cidrMatcher } from '../flow/ip';
import { probeSuspects } from '../probe/suspects';
import type { FollowupJob, ProbeJob } from './payloads';
import { evidenceByBasis, type EvidenceByBasis } from './evidence-bases';
import { DeploymentStats } from '../store/redis/deployment-stats';

export interface SweepContext {
  config: Config;
  indicators: Indicators;
  detectors: readonly Detector[];
  store: RedisStore;
  /** Hands raised follow-ups to the follow-up queue. */
  publish(jobs: readonly FollowupJob[]): Promise<void>;
  /** Hands suspected server endpoints to the probe queue (only when probe.enabled). */
  publishProbes?(jobs: readonly ProbeJob[]): Promise<void>;
  now?: () => Date;
}

export interface SweepOutcome {
  parts: number;
  unreadableParts: number;
  /** Rows of readable parts that a detector skipped as malformed. */
  skippedRows: number;
  droppedParts: number;
  evidence: number;
  /** The windowed evidence the sweep judged, by basis (rigsweep_sweep_evidence). */
  evidenceByBasis: EvidenceByBasis;
  /** Every address scored after the sweep, for a report built without scoring again. */
  scored: Scored;
  /** Follow-up entries once this sweep's flags are written. */
  followups: Map<string, FollowupEntry>;
  /** The report of `scored` with `followups` (no inputs). */
  report: Report;
  raised: FollowupJob[];
  /** Facts judged with, by source, and the endpoints handed to the probe queue. */
  intel: { facts: Record<string, number>; problems: number; learned: number; probes: number };
}

export async function sweepWindows(context: SweepContext): Promise<SweepOutcome> {
  const { config, indicators, detectors, store } = context;
  const now = context.now?.() ?? new Date();
  const parts = new WindowPartStore(store.client, store.keys);
  // The store every worker asks: facts refreshed, imported and probed, and what earlier sweeps learned.
  const intelStore = new RedisIntelStore(store.client, store.keys);
  const loaded = await loadRunFacts(config, [intelStore], now.getTime() / 1000);
  const pipeline = createPipeline(detectors, config, withNameFacts(indicators, loaded.names), loaded.endpoints);
  const jobIds = await parts.jobIds();
  let unreadableParts = 0;
  let newest = 0;
  let skippedRows = 0;
  for (const jobId of jobIds) {
    // One part at a time: bounded memory, and the event loop (lock renewal) gets its turns.
    const part = await parts.get(jobId);
    if (!part) {
      unreadableParts++;
      continue;
    }
    skippedRows += pipeline.absorbWindow(part);
    for (const { lastSeen } of Object.values(part)) if (Number.isFinite(lastSeen)) newest = Math.max(newest, lastSeen);
  }
  const evidence = pipeline.sweep();
  // The sweep is the one writer of the learned family: what any worker's inputs taught, for every later sweep and region.
  const learned = pipeline.intel.learned();
  await intelStore.put({ endpoints: learned, names: [] });
  // Retention counts back from the newest record, not the wall clock: replayed old captures stay.
  const horizon = newest - config.queue.windowRetentionSeconds;
  await store.writeSweepEvidence(evidence, (e) => newest > 0 && e.lastSeen < horizon);
  const droppedParts = newest > 0 ? await parts.dropOlderThan(horizon) : 0;
  const scored = await scoreStore(store, config, detectors);
  const followupStore = new FollowupStore(store.client, store.keys);
  const { flags, decisions } = await followupStore.records();
  const raised = raiseFollowups(scored.hosts, flags, decisions, now);
  await followupStore.putFlags(raised.flags);
  await context.publish(raised.jobs);
  // Counted in Redis, not in this process: a `report` sweep has no /metrics, the workers export it.
  await new DeploymentStats(store.client, store.keys).countFollowups(raised.jobs);
  const suspects = config.probe.enabled && context.publishProbes
    ? probeSuspects(scored.hosts, pipeline.intel, cidrMatcher(config.homeNetworks), config.probe.maxPerSweep)
    : [];
  if (suspects.length > 0) await context.publishProbes!(suspects);
  for (const flag of raised.flags) flags.set(flag.ip, flag);
  const followups = followupEntries(flags, decisions);
  return {
    parts: jobIds.length,
    unreadableParts,
    skippedRows,
    droppedParts,
    evidence: evidence.length,
    evidenceByBasis: evidenceByBasis(evidence, detectors),
    scored,
    followups,
    report: reportOf(scored, [], now, followups),
    raised: raised.jobs,
    intel: { facts: factsBySource([...indicators.poolEndpoints.map(() => 'curated'), ...loaded.endpoints.map((f) => f.source)]), problems: loaded.problems.length, learned: learned.length, probes: suspects.length },
  };
}

function factsBySource(sources: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const source of sources) counts[source] = (counts[source] ?? 0) + 1;
  return counts;
}
