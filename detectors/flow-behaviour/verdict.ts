/**
 * Judging a triplet: a graded score, not an AND of signals. Each signal's support (-1..1) times
 * its weight gives points; destination context (the other home clients of the same endpoint) can
 * take points; the verdict is the highest level reached. `isStratumShaped` is the predicate
 * site-pattern counts sessions by, on the same grading, so "stratum-like" means one thing in both
 * detectors. The weights and levels are calibrated on the carrier benchmark (bench/carrier/) and
 * live in the config with their reasons.
 */
import { measure, type TripletMeasures } from './measures';
import type { StratumProfile } from './profile';
import { ALL_SIGNALS, isLongLived, SIGNALS, type SignalName } from './signals';
import { sessionSeconds, type TripletStats } from './triplet-stats';

/** `sustained`: far past the stratum-like points for hours; `weak`: a watch-list entry. */
export type Strength = 'sustained' | 'stratum-like' | 'weak' | 'none';

/** What the other home clients of the same endpoint say (from the whole sweep, verdict.ts). */
export type PeerContext = 'steady-crowd' | 'bursty-crowd' | 'few';

export interface Verdict {
  strength: Strength;
  points: number;
  /** The points the known signals could give at most (unknown signals count neither way). */
  reachable: number;
  /** Signals fully inside their band. */
  met: SignalName[];
  /** Signals checked and not fully met, with their support. */
  failed: SignalName[];
  /** Signals the records could not tell. */
  unknown: SignalName[];
  supports: Partial<Record<SignalName, number>>;
  peers: PeerContext;
  measures: TripletMeasures;
}

export type Graded = Omit<Verdict, 'strength' | 'peers'>;

/** A support's points: scaled by the gain when it holds, by the loss when it opposes. */
function pointsFor(support: number, weight: { gain: number; loss: number } | undefined): number {
  if (!weight) return 0;
  return support >= 0 ? support * weight.gain : support * weight.loss;
}

export function gradeSignals(stats: TripletStats, profile: StratumProfile): Graded {
  const measures = measure(stats);
  const met: SignalName[] = [];
  const failed: SignalName[] = [];
  const unknown: SignalName[] = [];
  const supports: Partial<Record<SignalName, number>> = {};
  let points = 0;
  let reachable = 0;
  for (const name of ALL_SIGNALS) {
    const support = SIGNALS[name](measures, profile);
    if (support === undefined) {
      unknown.push(name);
      continue;
    }
    supports[name] = support;
    (support >= 1 ? met : failed).push(name);
    points += pointsFor(support, profile.grade.weights[name]);
    reachable += profile.grade.weights[name]?.gain ?? 0;
  }
  return { points, reachable, met, failed, unknown, supports, measures };
}

/**
 * Points the other clients of the endpoint take: a bursty crowd is a service for people. A steady
 * crowd adds nothing here (idle sockets of a popular service are steady too); many stratum-like
 * clients of one endpoint are site-pattern's fan-in, on a basis of its own.
 */
export function peerPoints(peers: PeerContext, profile: StratumProfile): number {
  return peers === 'bursty-crowd' ? -profile.grade.peers.weight : 0;
}

const isExcluded = (serverPort: number, profile: StratumProfile) => profile.excludedPorts.has(serverPort);

/**
 * What stratum-like needs that two numbers tell: a port not excluded and the long-lived signal.
 * site-pattern asks it of every triplet its table holds before building one to judge; few pass.
 */
export function mayBeStratumLike(serverPort: number, longestSessionSeconds: number, profile: StratumProfile): boolean {
  return !isExcluded(serverPort, profile) && isLongLived(longestSessionSeconds, profile);
}

/** Every needed signal fully inside its band (grade.needs): the shape only mining has. */
export function meetsNeeds(graded: Pick<Graded, 'met'>, profile: StratumProfile): boolean {
  return profile.grade.needs.every((name) => (graded.met as readonly string[]).includes(name));
}

/** site-pattern's predicate for a session that counts: the needs met and the stratum-like points reached. */
export function isStratumShaped(graded: Graded, peers: PeerContext, profile: StratumProfile): boolean {
  return meetsNeeds(graded, profile) && graded.points + peerPoints(peers, profile) >= profile.grade.stratumLikeAt;
}

export interface JudgeOptions {
  /** Session time needed before any verdict: rates over a few seconds mean nothing. */
  minObservedSeconds: number;
}

/** Whether a triplet gets a verdict at all, from two numbers a table can answer without building it. */
export function isJudgeable(serverPort: number, sessionSeconds: number, profile: StratumProfile, options: JudgeOptions): boolean {
  return !isExcluded(serverPort, profile) && sessionSeconds >= options.minObservedSeconds;
}

/**
 * Under sampling the bands are judged on the few packets kept: at 1:100 a miner's six hours are
 * some tens of sampled packets, whose ratio and sizes scatter past any tight band. A sampled
 * triplet is sustained only with `minSampledPackets` actually sampled.
 */
function sampledEnough(m: TripletMeasures, profile: StratumProfile): boolean {
  return !(m.sampling > 1) || m.packets / m.sampling >= profile.grade.minSampledPackets;
}

function strengthOf(points: number, graded: Graded, profile: StratumProfile): Strength {
  const g = profile.grade;
  const m = graded.measures;
  // Stratum-like and sustained, like site-pattern's sessions, need one session past
  // longLivedSeconds: a miner holds its pool connection; many short ones that add up are at most weak.
  const longLived = isLongLived(m.longestSessionSeconds, profile);
  const shaped = meetsNeeds(graded, profile) && sampledEnough(m, profile);
  if (shaped && longLived && points >= g.sustainedAt && m.sessionSeconds >= g.sustainedSeconds) return 'sustained';
  // A short or coarse triplet leaves signals unknown: it is held to the same share of what its
  // known signals can give (a ten-minute session has no activity bins to judge yet).
  if (longLived && points >= Math.min(g.stratumLikeAt, g.stratumLikeShare * graded.reachable)) return 'stratum-like';
  return points >= g.weakAt ? 'weak' : 'none';
}

/** The verdict on graded signals plus the endpoint's crowd. */
export function conclude(graded: Graded, peers: PeerContext, profile: StratumProfile): Verdict {
  const points = graded.points + peerPoints(peers, profile);
  return { ...graded, points, peers, strength: strengthOf(points, graded, profile) };
}

export function judge(stats: TripletStats, profile: StratumProfile, options: JudgeOptions, peers: PeerContext = 'few'): Verdict | undefined {
  if (!isJudgeable(stats.serverPort, sessionSeconds(stats), profile, options)) return undefined;
  return conclude(gradeSignals(stats, profile), peers, profile);
}
