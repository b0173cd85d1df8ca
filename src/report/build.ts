/** Reads the store and produces the report, for `scan` and `rigsweep report` alike. */
import type { Config } from '../config/schema';
import type { Detector } from '../detect/api';
import { cidrMatcher } from '../flow/ip';
import { codeSpecs } from '../score/code-specs';
import { scoreSnapshot, type HostFinding } from '../score/findings';
import type { FollowupEntry } from '../followup/entry';
import { loadOwnerMap } from '../score/owners';
import type { ScoreStore } from '../store/score-store';
import { buildReport, type InputSummary, type Report } from './model';
import { version } from '../version';

export async function reportFromStore(
  store: ScoreStore,
  inputs: InputSummary[],
  config: Config,
  detectors: readonly Detector[],
  now = new Date(),
  followups?: ReadonlyMap<string, FollowupEntry>,
): Promise<Report> {
  const { hosts, pools } = scoreSnapshot(await store.snapshot(), {
    specs: codeSpecs(detectors, config.score.weights),
    score: config.score,
    estimates: config.estimates,
    isHome: cidrMatcher(config.homeNetworks),
    owners: loadOwnerMap(config.owners),
  });
  if (followups) for (const host of hosts) attachFollowup(host, followups.get(host.ip));
  return buildReport(inputs, hosts, pools, { generator: `rigsweep ${version}`, generatedAt: now });
}

function attachFollowup(host: HostFinding, entry: FollowupEntry | undefined): void {
  if (!entry) return;
  host.followup = { state: entry.state, ...(entry.note !== undefined ? { note: entry.note } : {}), ...(entry.decidedAt ? { decidedAt: entry.decidedAt } : {}) };
}
