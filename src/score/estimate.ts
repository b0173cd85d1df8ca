/**
 * How big an operation probably is (DESIGN §6): hashrate from submitted shares and their
 * difficulty, rigs from concurrent sessions and worker names, power from hashrate and the
 * efficiency range of the hardware generations that mine that algorithm.
 */
import type { Config } from '../config/schema';
import type { StoredEvidence } from '../store/merge';

export interface Estimate {
  algorithm: string;
  /** False when the algorithm was inferred from the protocol dialect, not stated by the peers. */
  algorithmStated: boolean;
  shares: number;
  /** Hashes per second from shares, with the Poisson relative error 1/√shares. */
  hashrate?: { hashesPerSecond: number; relativeError: number };
  selfReportedHashesPerSecond?: number;
  /** Rigs: the most concurrent sessions to one pool endpoint, or the distinct worker names if more. */
  rigs: { estimate: number; concurrentSessions: number; workers: number };
  power?: { kwMin: number; kwMax: number; kwhPerYearMin: number; kwhPerYearMax: number; hardware: string; source: string };
  /**
   * True for an estimate from flow shape alone (no payload, no shares seen): rigs from concurrent
   * sessions and client ports, power from a per-rig range covering the hardware that could be
   * behind them. An order of magnitude, not a measurement.
   */
  coarse?: true;
}

const HOURS_PER_YEAR = 8766;

/** Length of the union of spans: concurrent rigs share the clock, sequential records add up. */
export function unionSeconds(spans: ReadonlyArray<[number, number]>): number {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [start, end] = sorted[0] ?? [0, 0];
  for (const [s, e] of sorted.slice(1)) {
    if (s > end) {
      total += end - start;
      [start, end] = [s, e];
    } else end = Math.max(end, e);
  }
  return total + (end - start);
}

export function maxConcurrent(spans: ReadonlyArray<[number, number]>): number {
  const edges = spans.flatMap(([s, e]) => [
    [s, 1],
    [e, -1],
  ]) as Array<[number, number]>;
  // Ends sort before starts at the same instant: a reconnect is not a second rig.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let most = 0;
  for (const [, delta] of edges) most = Math.max(most, (open += delta));
  return most;
}

function shareHashrate(items: readonly StoredEvidence[]): number {
  return items.reduce((sum, e) => {
    const seconds = unionSeconds(e.spans);
    return e.measures && seconds > 0 ? sum + e.measures.hashes / seconds : sum;
  }, 0);
}

const numberFact = (e: StoredEvidence, key: string) => (typeof e.facts[key] === 'number' && Number.isFinite(e.facts[key]) ? (e.facts[key] as number) : 0);

/**
 * Flow-only: a host whose mining evidence is flow shape (behaviour or site basis) with session
 * facts. Rigs are the most sessions open at once to one endpoint (a farm behind NAT holds one per
 * rig), at least the distinct client ports seen at once; power is rigs times the per-rig range.
 */
export function estimateFromFlows(items: readonly StoredEvidence[], config: Config['estimates']): Estimate | undefined {
  const shaped = items.filter((e) => numberFact(e, 'concurrentSessions') > 0 || numberFact(e, 'sessions') > 0);
  if (shaped.length === 0) return undefined;
  const concurrentSessions = Math.max(...shaped.map((e) => Math.max(numberFact(e, 'concurrentSessions'), numberFact(e, 'rigs'))));
  const rigs = Math.max(1, concurrentSessions);
  const { kwPerRigMin, kwPerRigMax, hardware, source } = config.flowOnly;
  return {
    algorithm: 'unknown',
    algorithmStated: false,
    shares: 0,
    rigs: { estimate: rigs, concurrentSessions, workers: 0 },
    power: {
      kwMin: rigs * kwPerRigMin,
      kwMax: rigs * kwPerRigMax,
      kwhPerYearMin: rigs * kwPerRigMin * HOURS_PER_YEAR,
      kwhPerYearMax: rigs * kwPerRigMax * HOURS_PER_YEAR,
      hardware,
      source,
    },
    coarse: true,
  };
}

/** Estimates from a host's mining-session evidence; undefined when there is none. */
export function estimateHost(sessions: readonly StoredEvidence[], config: Config['estimates']): Estimate | undefined {
  if (sessions.length === 0) return undefined;
  const measured = sessions.filter((e) => e.measures);
  const stated = measured.find((e) => e.measures!.algorithmStated);
  const algorithm = (stated ?? measured[0])?.measures?.algorithm ?? 'unknown';
  const shares = measured.reduce((n, e) => n + e.measures!.shares, 0);
  const reported = measured.map((e) => e.measures!.selfReportedHashrate).filter((x): x is number => x !== undefined);
  // Per pool endpoint: a miner keeps failover connections to several pools open at once, which
  // is one rig; many sessions to the same pool from one address are a farm behind NAT.
  const concurrentSessions = Math.max(...sessions.map((e) => maxConcurrent(e.spans)));
  const workers = new Set(sessions.flatMap((e) => e.workers)).size;
  const hashesPerSecond = shares > 0 ? shareHashrate(measured) : 0;
  const basisForPower = hashesPerSecond || (reported.length ? Math.max(...reported) : 0);
  const efficiency = config.efficiency[algorithm];
  return {
    algorithm,
    algorithmStated: stated !== undefined,
    shares,
    ...(hashesPerSecond > 0 ? { hashrate: { hashesPerSecond, relativeError: 1 / Math.sqrt(shares) } } : {}),
    ...(reported.length ? { selfReportedHashesPerSecond: Math.max(...reported) } : {}),
    rigs: { estimate: Math.max(1, concurrentSessions, workers), concurrentSessions, workers },
    ...(efficiency && basisForPower > 0
      ? {
          power: {
            kwMin: (basisForPower * efficiency.joulesPerHashBest) / 1000,
            kwMax: (basisForPower * efficiency.joulesPerHashWorst) / 1000,
            kwhPerYearMin: (basisForPower * efficiency.joulesPerHashBest * HOURS_PER_YEAR) / 1000,
            kwhPerYearMax: (basisForPower * efficiency.joulesPerHashWorst * HOURS_PER_YEAR) / 1000,
            hardware: efficiency.hardware,
            source: efficiency.source,
          },
        }
      : {}),
  };
}
