/**
 * Turns a judged triplet into evidence, once: the table remembers the code and record count it
 * was reported with, and a later sweep reports only records added since (the store adds counts,
 * so reporting the same records twice would double them). A triplet without new records is not
 * judged again, which keeps periodic sweeps of a full table cheap; nor is one too short or on an
 * excluded port, which the table tells without building the triplet's stats.
 */
import { evidenceFor, type Detector, type Evidence } from '../../src/detect/api';
import { BEHAVIOUR_CODES } from './codes';
import { behaviourFacts } from './facts';
import type { BehaviourSettings } from './settings';
import { summaryFlow } from './summary-flow';
import type { TripletTable } from './triplet-table';
import { isJudgeable, judge } from './verdict';

export function reportTriplet(detector: Detector, table: TripletTable, slot: number, settings: BehaviourSettings): Evidence[] {
  // Nothing new since the last sweep: the verdict cannot have changed.
  if (table.isJudged(slot)) return [];
  table.markJudged(slot);
  if (!isJudgeable(table.serverPortAt(slot), table.sessionSecondsAt(slot), settings.profile, settings)) return [];
  const stats = table.statsAt(slot);
  const verdict = judge(stats, settings.profile, settings);
  if (!verdict || verdict.strength === 'none') return [];
  const code = verdict.strength === 'stratum-like' ? BEHAVIOUR_CODES.stratumLike : BEHAVIOUR_CODES.weak;
  const reported = table.reportedAt(slot);
  const alreadyCounted = reported?.code === code ? reported.records : 0;
  const count = stats.records - alreadyCounted;
  if (count <= 0) return [];
  table.markReported(slot, { code, records: stats.records });
  return [evidenceFor(detector, code, summaryFlow(stats), behaviourFacts(verdict), { count })];
}
