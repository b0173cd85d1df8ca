/**
 * Reads the store and produces the report, for `scan` and `rigsweep report` alike. Scoring (a
 * whole-store snapshot) and reporting are separate steps, so the sweep's scoring serves the
 * follow-up rules and the report it is asked for without reading the store twice.
 */
import type { Config } from '../config/schema';
import type { Detector } from '../detect/api';
import { cidrMatcher } from '../flow/ip';
import { codeSpecs } from '../score/code-specs';
import { scoreSnapshot, type HostFinding, type PoolFinding } from '../score/findings';
import type { FollowupEntry } from '../followup/entry';
import { loadOwnerMap } from '../score/owners';
import type { ScoreStore } from '../store/score-store';
import { buildReport, type InputSummary, type Report } from './model';
import { version } from '../version';

export interface Scored {
  hosts: HostFinding[];
  pools: PoolFinding[];
  /** What `home` was judged against, for the report to state. */
  homeNetworks: string[];
}

export async function scoreStore(store: ScoreStore, config: Config, detectors: readonly Detector[]): Promise<Scored> {
  const scored = scoreSnapshot(await store.snapshot(), {
    specs: codeSpecs(detectors, config.score.weights),
    score: config.score,
    estimates: config.estimates,
    isHome: cidrMatcher(config.homeNetworks),
    // Read again at every scoring (setup validated it before any input), so a long-running
    // worker picks up an edited map at its next sweep.
    owners: loadOwnerMap(config.owners),
  });
  return { ...scored, homeNetworks: config.homeNetworks };
}

/** The report of scored addresses, with the analysts' follow-up states when there are any. */
export function reportOf(scored: Scored, inputs: InputSummary[], now = new Date(), followups?: ReadonlyMap<string, FollowupEntry>): Report {
  const hosts = followups ? scored.hosts.map((host) => withFollowup(host, followups.get(host.ip))) : scored.hosts;
  return buildReport(inputs, hosts, scored.pools, { generator: `rigsweep ${version}`, generatedAt: now, homeNetworks: scored.homeNetworks });
}

export async function reportFromStore(
  store: ScoreStore,
  inputs: InputSummary[],
  config: Config,
  detectors: readonly Detector[],
  now = new Date(),
  followups?: ReadonlyMap<string, FollowupEntry>,
): Promise<Report> {
  return reportOf(await scoreStore(store, config, detectors), inputs, now, followups);
}

function withFollowup(host: HostFinding, entry: FollowupEntry | undefined): HostFinding {
  if (!entry) return host;
  const { state, note, decidedAt } = entry;
  return { ...host, followup: { state, ...(note !== undefined ? { note } : {}), ...(decidedAt ? { decidedAt } : {}) } };
}
