/** Reads the store and produces the report, for `scan` and (later) `rigsweep report` alike. */
import type { Config } from '../config/schema';
import type { Detector } from '../detect/api';
import { cidrMatcher } from '../flow/ip';
import { codeSpecs } from '../score/code-specs';
import { scoreSnapshot } from '../score/findings';
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
): Promise<Report> {
  const { hosts, pools } = scoreSnapshot(await store.snapshot(), {
    specs: codeSpecs(detectors, config.score.weights),
    score: config.score,
    estimates: config.estimates,
    isHome: cidrMatcher(config.homeNetworks),
    owners: loadOwnerMap(config.owners),
  });
  return buildReport(inputs, hosts, pools, { generator: `rigsweep ${version}`, generatedAt: now });
}
