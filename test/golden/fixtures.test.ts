/**
 * Every generated fixture against its expected verdict (fixtures/expected.json): which addresses
 * are flagged, at least how strongly, in which role; which pools are listed; what must stay
 * unflagged. Expectations are about addresses and levels, so they survive weight tuning.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath, flaggedIps, repoRoot, scanFiles } from '../helpers/scan';
import { LEVEL_ORDER, type Level } from '../../src/score/score';

interface Expected {
  flagged: Array<{ ip: string; minLevel: Exclude<Level, 'low'>; role: 'miner' | 'proxy' }>;
  pools?: string[];
  notFlagged?: string[];
  nodes?: string[];
  issues?: string[];
  estimates?: Array<{ ip: string; hashesPerSecond?: number; relativeTolerance?: number; shares?: number; trueHashesPerSecond?: number; rigsAtLeast?: number }>;
}

const expected = JSON.parse(readFileSync(join(repoRoot, 'fixtures/expected.json'), 'utf8')) as Record<string, Expected>;

describe.each(Object.entries(expected))('fixture %s', (file, want) => {
  let report: Awaited<ReturnType<typeof scanFiles>>;
  beforeAll(async () => {
    report = await scanFiles([fixturePath(file)]);
  });

  it('flags exactly the expected addresses, at least at the expected level, in the expected role', () => {
    expect(flaggedIps(report)).toEqual(want.flagged.map((f) => f.ip).sort());
    for (const f of want.flagged) {
      const host = report.hosts.find((h) => h.ip === f.ip)!;
      expect({ ip: host.ip, role: host.role }).toEqual({ ip: f.ip, role: f.role });
      expect(LEVEL_ORDER[host.level]).toBeGreaterThanOrEqual(LEVEL_ORDER[f.minLevel]);
      expect(host.reasons.length).toBeGreaterThan(0);
    }
  });

  it('lists the expected pool endpoints and leaves look-alikes unflagged', () => {
    const pools = report.pools.map((p) => p.endpoint);
    expect(pools).toEqual(expect.arrayContaining(want.pools ?? []));
    const flagged = flaggedIps(report);
    for (const ip of want.notFlagged ?? []) expect(flagged).not.toContain(ip);
    for (const ip of want.nodes ?? []) expect(report.hosts.find((h) => h.ip === ip)).toMatchObject({ role: 'node', level: 'low' });
  });

  it('estimates every submitted share, the hashrate they imply, and the rigs', () => {
    for (const e of want.estimates ?? []) {
      const estimate = report.hosts.find((h) => h.ip === e.ip)?.estimate;
      expect(estimate).toBeDefined();
      if (e.shares !== undefined) expect(estimate!.shares).toBe(e.shares);
      if (e.hashesPerSecond !== undefined) {
        const rate = estimate!.hashrate!.hashesPerSecond;
        expect(Math.abs(rate / e.hashesPerSecond - 1)).toBeLessThanOrEqual(e.relativeTolerance ?? 0.1);
        // The simulated rig's true rate lies within three Poisson standard errors of the estimate.
        if (e.trueHashesPerSecond) expect(Math.abs(rate / e.trueHashesPerSecond - 1)).toBeLessThan(3 * estimate!.hashrate!.relativeError);
      }
      if (e.rigsAtLeast !== undefined) expect(estimate!.rigs.estimate).toBeGreaterThanOrEqual(e.rigsAtLeast);
    }
  });

  it('reports the expected input issues and no others', () => {
    const codes = Object.keys(report.inputs[0].issueCounts).sort();
    expect(codes).toEqual([...(want.issues ?? [])].sort());
    expect(report.inputs[0].error).toBeUndefined();
  });
});
