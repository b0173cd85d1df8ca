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
import type { TripletStats } from './triplet-stats';
import type { TripletTable } from './triplet-table';
import { conclude, gradeSignals, isJudgeable, type Graded, type PeerContext, type Strength } from './verdict';

/** A triplet with new records, graded on its own, waiting for its endpoint's context. */
export interface Candidate {
  slot: number;
  stats: TripletStats;
  graded: Graded;
}

const CODE_OF: Record<Exclude<Strength, 'none'>, string> = {
  sustained: BEHAVIOUR_CODES.sustained,
  'stratum-like': BEHAVIOUR_CODES.stratumLike,
  weak: BEHAVIOUR_CODES.weak,
};

/** The slot as a candidate, or undefined when nothing is new or it gets no verdict; marks it judged. */
export function candidateAt(table: TripletTable, slot: number, settings: BehaviourSettings): Candidate | undefined {
  // Nothing new since the last sweep: the verdict cannot have changed.
  if (table.isJudged(slot)) return undefined;
  table.markJudged(slot);
  if (!isJudgeable(table.serverPortAt(slot), table.sessionSecondsAt(slot), settings.profile, settings)) return undefined;
  const stats = table.statsAt(slot);
  return { slot, stats, graded: gradeSignals(stats, settings.profile) };
}

export function evidenceOf(detector: Detector, table: TripletTable, candidate: Candidate, peers: PeerContext, settings: BehaviourSettings): Evidence[] {
  const { slot, stats } = candidate;
  const verdict = conclude(candidate.graded, peers, settings.profile);
  if (verdict.strength === 'none') return [];
  const code = CODE_OF[verdict.strength];
  const reported = table.reportedAt(slot);
  const alreadyCounted = reported?.code === code ? reported.records : 0;
  const count = stats.records - alreadyCounted;
  if (count <= 0) return [];
  table.markReported(slot, { code, records: stats.records });
  return [evidenceFor(detector, code, summaryFlow(stats), behaviourFacts(verdict), { count })];
}

/** A triplet judged alone (pushed out of a full table): no endpoint context. */
export function reportTriplet(detector: Detector, table: TripletTable, slot: number, settings: BehaviourSettings): Evidence[] {
  const candidate = candidateAt(table, slot, settings);
  return candidate ? evidenceOf(detector, table, candidate, 'few', settings) : [];
}
