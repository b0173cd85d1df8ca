/**
 * Scale-out for site-pattern: workers inspect consecutive files without sweeping and export their
 * windows; one run absorbs the parts in order and sweeps, and must find the farms, fan-ins and
 * proxies one run over every file finds.
 */
import fc from 'fast-check';
import type { FlowRecord } from '../../../src/detect/api';
import { SITE_CODES } from '../../../detectors/site-pattern/codes';
import { makeFlow } from '../../helpers/flows';
import { absorbAll, byEndTime, latest, partsOf, skippedBy } from '../flow-behaviour/parts';
import { consecutiveFiles, tcpRecord, WIDE_OPEN_PROFILE } from '../flow-behaviour/random-streams';
import { miner, T0 } from '../flow-behaviour/records';
import { sweepAfter } from '../flow-behaviour/run';
import { siteRun } from './run';

const FIVE_MINUTES = 300;

/**
 * Every threshold wide open and the patterns at their smallest, so random records form them.
 * Activity bins add up exactly across parts (a record counts in the bin of its end), so the
 * whole window, activity included, is compared.
 */
const WIDE_OPEN = {
  maxTriplets: 64,
  farmMinSessions: 2,
  fanInMinClients: 2,
  proxyMinClients: 1,
  profile: WIDE_OPEN_PROFILE,
};

/** Home clients to outside endpoints and to a home server that may relay (a proxy), and one outsider. */
const cutStreams = consecutiveFiles(
  tcpRecord({
    clients: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.9', '198.51.100.77'],
    servers: ['203.0.113.40', '203.0.113.41', '10.0.0.9'],
    serverPorts: [3333],
    clientPorts: [40_000, 40_001, 40_002],
  }),
);

describe('site-pattern window parts: merged equals one run', () => {
  it('gives the same window and the same farms, fan-ins and proxies for consecutive files', () => {
    const found = new Set<string>();
    fc.assert(
      fc.property(cutStreams, ({ records, files }) => {
        const newRun = () => siteRun(WIDE_OPEN);
        const now = latest(records);
        const whole = newRun();
        for (const r of records) whole.inspect(r);
        const merged = newRun();
        expect(absorbAll(merged, partsOf(newRun, files).parts)).toBe(0);
        expect(merged.exportWindow!()).toEqual(whole.exportWindow!());
        const evidence = merged.sweep!(now);
        expect(evidence).toEqual(whole.sweep!(now));
        for (const e of evidence) found.add(e.code);
      }),
      // A proxy needs two of the random triplets to line up: about one stream in 60 has one.
      { numRuns: 1000 },
    );
    expect([...found].sort()).toEqual([SITE_CODES.fanIn, SITE_CODES.farm, SITE_CODES.proxy].sort());
  });
});

describe('site-pattern window parts: a farm over three five-minute exports', () => {
  // Four rigs behind one address, 15 minutes of Stratum in 60 s records, started a little apart.
  const rigs = Array.from({ length: 4 }, (_, i) =>
    miner({ seed: i + 1, client: '10.20.0.5', clientPort: 40_000 + i, start: T0 + i * 5, seconds: 3 * FIVE_MINUTES, recordSeconds: 60 }),
  ).flat();
  const files = byEndTime(rigs).reduce<FlowRecord[][]>(
    (out, r) => {
      out[Math.min(2, Math.floor((r.lastSeen - T0 - 1) / FIVE_MINUTES))].push(r);
      return out;
    },
    [[], [], []],
  );

  it('is no farm in any one export (no session long-lived yet), and a farm once they are joined', () => {
    for (const file of files) expect(sweepAfter(siteRun(), file)).toEqual([]);
    const merged = siteRun();
    absorbAll(merged, partsOf(siteRun, files).parts);
    const evidence = merged.sweep!(latest(rigs));
    expect(evidence).toEqual(sweepAfter(siteRun(), ...files));
    expect(evidence).toMatchObject([{ code: SITE_CODES.farm, subject: '10.20.0.5', count: 4, facts: { concurrentSessions: 4 } }]);
  });
});

describe('site-pattern window parts: what absorbing refuses, and bounds', () => {
  it('exports an empty window as no rows at time 0', () => {
    expect(siteRun().exportWindow!()).toEqual({ lastSeen: 0, rows: [] });
  });

  it('skips and counts malformed rows, and still absorbs the valid ones', () => {
    const rig = miner({ client: '10.20.0.5', seconds: 3600, recordSeconds: FIVE_MINUTES });
    const part = partsOf(siteRun, [rig]).parts[0];
    const rows = [[1, 2, 3], { client: '10.20.0.5' }, [...(part.rows[0] as unknown[]).slice(0, 20), [[40_000, 'x']]], ...part.rows];
    const run = siteRun();
    expect(skippedBy(run, { lastSeen: part.lastSeen, rows })).toBe(3);
    expect(run.exportWindow!()).toEqual(part);
    expect(skippedBy(run, undefined)).toBe(1);
  });

  it('keeps its capacity when absorbing, the longest-established triplets last out', () => {
    const rig = (i: number) => miner({ seed: i, client: `10.20.0.${i}`, seconds: 3600, recordSeconds: FIVE_MINUTES });
    const brief = (i: number) => makeFlow({ source: 'flow-export', client: `10.30.0.${i}`, firstSeen: T0 + i, lastSeen: T0 + i + 5 });
    const parts = partsOf(siteRun, [[...rig(1), brief(1)], [...rig(2), brief(2), brief(3)]]).parts;
    const run = siteRun({ maxTriplets: 2 });
    expect(absorbAll(run, parts)).toBe(0);
    expect(run.exportWindow!().rows.map((r) => (r as unknown[])[0])).toEqual(['10.20.0.1', '10.20.0.2']);
  });
});
