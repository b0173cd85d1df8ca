import { estimateFromFlows, estimateHost, maxConcurrent, unionSeconds } from '../../src/score/estimate';
import { configSchema } from '../../src/config/schema';
import type { StoredEvidence } from '../../src/store/merge';

const estimates = configSchema.parse({}).estimates;

function session(spans: Array<[number, number]>, measures?: StoredEvidence['measures'], workers: string[] = []): StoredEvidence {
  return {
    detector: 'd',
    code: 'c',
    subject: '192.168.1.10',
    subjectPort: 50000,
    peer: { ip: '203.0.113.5', port: 3333 },
    firstSeen: spans[0][0],
    lastSeen: spans[spans.length - 1][1],
    count: 1,
    facts: {},
    measures,
    dedupKey: 'k',
    spans,
    workers,
  };
}

describe('span arithmetic', () => {
  it('unions overlapping spans and adds disjoint ones', () => {
    expect(unionSeconds([[0, 10], [5, 20], [30, 40]])).toBe(30);
    expect(unionSeconds([])).toBe(0);
  });

  it('counts the most sessions open at once, a reconnect at the same instant being one rig', () => {
    expect(maxConcurrent([[0, 10], [5, 20], [6, 7]])).toBe(3);
    expect(maxConcurrent([[0, 10], [10, 20]])).toBe(1);
  });
});

describe('estimateHost', () => {
  it('derives hashrate from Σ hashes over the session time, with the 1/√N error', () => {
    const difficulty = 65536;
    const shares = 100;
    const hashes = shares * difficulty * 2 ** 32;
    const e = estimateHost([session([[0, 1000]], { algorithm: 'sha256', algorithmStated: false, shares, hashes, windowSeconds: 990 })], estimates)!;
    expect(e.hashrate!.hashesPerSecond).toBeCloseTo(hashes / 1000, 0);
    expect(e.hashrate!.relativeError).toBeCloseTo(0.1, 6);
    expect(e.algorithm).toBe('sha256');
    expect(e.algorithmStated).toBe(false);
  });

  it('turns hashrate into a kW range and kWh per year from the efficiency table', () => {
    const hashes = 1e14 * 1000; // 100 TH/s over 1000 s
    const e = estimateHost([session([[0, 1000]], { algorithm: 'sha256', algorithmStated: true, shares: 400, hashes, windowSeconds: 1000 })], estimates)!;
    expect(e.power!.kwMin).toBeCloseTo((1e14 * 17.5e-12) / 1000, 6); // 1.75 kW for an S21
    expect(e.power!.kwMax).toBeCloseTo((1e14 * 98e-12) / 1000, 6);
    expect(e.power!.kwhPerYearMin).toBeCloseTo(e.power!.kwMin * 8766, 3);
  });

  it('adds concurrent rigs instead of averaging them', () => {
    const m = { algorithm: 'sha256', algorithmStated: false, shares: 10, hashes: 1e6, windowSeconds: 100 };
    const two = estimateHost([session([[0, 100]], m), session([[0, 100]], m)], estimates)!;
    const one = estimateHost([session([[0, 100]], m)], estimates)!;
    expect(two.hashrate!.hashesPerSecond).toBeCloseTo(2 * one.hashrate!.hashesPerSecond, 6);
  });

  it('counts failover connections to different pools as one rig, many sessions to one pool as many', () => {
    const failover = estimateHost([session([[0, 100]]), session([[0, 100]]), session([[0, 100]])], estimates)!;
    expect(failover.rigs.estimate).toBe(1);
    const farm = estimateHost([session([[0, 100], [10, 90], [20, 80]])], estimates)!;
    expect(farm.rigs).toEqual({ estimate: 3, concurrentSessions: 3, workers: 0 });
  });

  it('counts rigs from worker names when they outnumber sessions', () => {
    const e = estimateHost([session([[0, 100]], undefined, ['w1', 'w2', 'w3'])], estimates)!;
    expect(e.rigs).toEqual({ estimate: 3, concurrentSessions: 1, workers: 3 });
    expect(e.hashrate).toBeUndefined();
  });

  it('falls back to self-reported hashrate for power, and has no power for an unknown algorithm', () => {
    const reported = estimateHost([session([[0, 100]], { algorithm: 'ethash', algorithmStated: false, shares: 0, hashes: 0, windowSeconds: 0, selfReportedHashrate: 30e6 })], estimates)!;
    expect(reported.selfReportedHashesPerSecond).toBe(30e6);
    expect(reported.power!.kwMax).toBeCloseTo((30e6 * 3.5e-6) / 1000, 9);
    const unknown = estimateHost([session([[0, 100]], { algorithm: 'kheavyhash', algorithmStated: true, shares: 5, hashes: 5e9, windowSeconds: 100 })], estimates)!;
    expect(unknown.power).toBeUndefined();
    expect(unknown.hashrate).toBeDefined();
  });

  it('is undefined without sessions', () => {
    expect(estimateHost([], estimates)).toBeUndefined();
  });
});

describe('estimateFromFlows (no shares seen: flow shape only)', () => {
  const shaped = (facts: StoredEvidence['facts']) => ({ ...session([[0, 3600]]), facts });

  it('counts rigs as the most concurrent sessions, and power as rigs times the per-rig range, marked coarse', () => {
    const e = estimateFromFlows([shaped({ concurrentSessions: 3, sessions: 5 }), shaped({ concurrentSessions: 1, sessions: 1 })], estimates)!;
    expect(e.rigs).toEqual({ estimate: 3, concurrentSessions: 3, workers: 0 });
    expect(e.power!.kwMin).toBeCloseTo(3 * estimates.flowOnly.kwPerRigMin);
    expect(e.power!.kwMax).toBeCloseTo(3 * estimates.flowOnly.kwPerRigMax);
    expect(e.power!.kwhPerYearMax).toBeCloseTo(3 * estimates.flowOnly.kwPerRigMax * 8766);
    expect(e.coarse).toBe(true);
    expect(e.hashrate).toBeUndefined();
    expect(e.algorithm).toBe('unknown');
  });

  it('takes a farm pattern\'s rigs fact, and at least one rig', () => {
    expect(estimateFromFlows([shaped({ rigs: 12, sessions: 12 })], estimates)!.rigs.estimate).toBe(12);
    expect(estimateFromFlows([shaped({ sessions: 1 })], estimates)!.rigs.estimate).toBe(1);
  });

  it('gives nothing without session facts, and ignores facts that are not finite numbers', () => {
    expect(estimateFromFlows([], estimates)).toBeUndefined();
    expect(estimateFromFlows([shaped({ port: 3333 })], estimates)).toBeUndefined();
    expect(estimateFromFlows([shaped({ concurrentSessions: 'many', sessions: 2 })], estimates)!.rigs.estimate).toBe(1);
  });
});
