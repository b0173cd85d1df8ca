/**
 * Turns a judged triplet into evidence, once: the triplet remembers the code and record count it
 * was reported with, and a later sweep reports only records added since (the store adds counts,
 * so reporting the same records twice would double them). A triplet without new records is not
 * judged again, which keeps periodic sweeps of a full table cheap.
 */
import { evidenceFor, type Detector, type Evidence } from '../../src/detect/api';
import { BEHAVIOUR_CODES } from './codes';
import { behaviourFacts } from './facts';
import type { BehaviourSettings } from './settings';
import { summaryFlow } from './summary-flow';
import type { TripletStats } from './triplet-stats';
import { judge } from './verdict';

export function reportTriplet(detector: Detector, stats: TripletStats, settings: BehaviourSettings): Evidence[] {
  // Nothing new since the last sweep: the verdict cannot have changed.
  if (stats.judgedRecords === stats.records) return [];
  stats.judgedRecords = stats.records;
  const verdict = judge(stats, settings.profile, settings);
  if (!verdict || verdict.strength === 'none') return [];
  const code = verdict.strength === 'stratum-like' ? BEHAVIOUR_CODES.stratumLike : BEHAVIOUR_CODES.weak;
  const alreadyCounted = stats.reported?.code === code ? stats.reported.records : 0;
  const count = stats.records - alreadyCounted;
  if (count <= 0) return [];
  stats.reported = { code, records: stats.records };
  return [evidenceFor(detector, code, summaryFlow(stats), behaviourFacts(verdict), { count })];
}
