/**
 * Judging a triplet: which signals hold, and how strong that is. `isStratumLike` is the one
 * predicate site-pattern uses too, so a "stratum-like session" means the same in both detectors.
 */
import { measure, type TripletMeasures } from './measures';
import type { StratumProfile } from './profile';
import { ALL_SIGNALS, CORE_SIGNALS, isLongLived, SIGNALS, WEAK_REQUIRED_SIGNALS, type SignalName } from './signals';
import { sessionSeconds, type TripletStats } from './triplet-stats';

export type Strength = 'stratum-like' | 'weak' | 'none';

export interface Verdict {
  strength: Strength;
  met: SignalName[];
  /** Signals checked and not met. */
  failed: SignalName[];
  /** Signals the records could not tell. */
  unknown: SignalName[];
  measures: TripletMeasures;
}

export function evaluateSignals(stats: TripletStats, profile: StratumProfile): Omit<Verdict, 'strength'> {
  const measures = measure(stats);
  const met: SignalName[] = [];
  const failed: SignalName[] = [];
  const unknown: SignalName[] = [];
  for (const name of ALL_SIGNALS) {
    const answer = SIGNALS[name](measures, profile);
    (answer === undefined ? unknown : answer ? met : failed).push(name);
  }
  return { met, failed, unknown, measures };
}

const allMet = (wanted: readonly SignalName[], met: readonly SignalName[]) => wanted.every((s) => met.includes(s));

function strengthOf(met: readonly SignalName[], weakMinSignals: number): Strength {
  if (allMet(CORE_SIGNALS, met)) return 'stratum-like';
  return allMet(WEAK_REQUIRED_SIGNALS, met) && met.length >= weakMinSignals ? 'weak' : 'none';
}

const isExcluded = (serverPort: number, profile: StratumProfile) => profile.excludedPorts.has(serverPort);

/**
 * What stratum-like needs that two numbers tell: a port not excluded and the long-lived signal.
 * site-pattern asks it of every triplet its table holds before building one to judge; few pass.
 */
export function mayBeStratumLike(serverPort: number, longestSessionSeconds: number, profile: StratumProfile): boolean {
  return !isExcluded(serverPort, profile) && isLongLived(longestSessionSeconds, profile);
}

export function isStratumLike(stats: TripletStats, profile: StratumProfile): boolean {
  return mayBeStratumLike(stats.serverPort, stats.longestSessionSeconds, profile) && allMet(CORE_SIGNALS, evaluateSignals(stats, profile).met);
}

export interface JudgeOptions {
  /** Session time needed before any verdict: rates over a few seconds mean nothing. */
  minObservedSeconds: number;
  /** Signals (of all seven, core and supporting) needed for the weak code, the required ones among them. */
  weakMinSignals: number;
}

/** Whether a triplet gets a verdict at all, from two numbers a table can answer without building it. */
export function isJudgeable(serverPort: number, sessionSeconds: number, profile: StratumProfile, options: JudgeOptions): boolean {
  return !isExcluded(serverPort, profile) && sessionSeconds >= options.minObservedSeconds;
}

export function judge(stats: TripletStats, profile: StratumProfile, options: JudgeOptions): Verdict | undefined {
  if (!isJudgeable(stats.serverPort, sessionSeconds(stats), profile, options)) return undefined;
  const signals = evaluateSignals(stats, profile);
  return { strength: strengthOf(signals.met, options.weakMinSignals), ...signals };
}
