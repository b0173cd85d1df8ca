import fc from 'fast-check';
import { SITE_PATTERN_CODES, SITE_CODES } from '../../../detectors/site-pattern/codes';
import { arbitraryFlow } from '../pool-domain/arbitrary-flow';
import { miner, T0 } from '../flow-behaviour/records';
import { sweepAfter } from '../flow-behaviour/run';
import { siteRun } from './run';

const HOUR = 3600;
const rig = (i: number, start = T0) =>
  miner({ seed: i + 1, client: '10.20.0.5', clientPort: 40_000 + i, start, seconds: HOUR, recordSeconds: 300 });

describe('site-pattern: sweeps over a window', () => {
  it('reports a pattern again only when it grows, counting the growth', () => {
    const run = siteRun();
    const [first] = sweepAfter(run, Array.from({ length: 4 }, (_, i) => rig(i)).flat());
    expect(first).toMatchObject({ code: SITE_CODES.farm, count: 4 });
    expect(run.sweep!(T0 + HOUR)).toEqual([]);
    const [grown] = sweepAfter(run, Array.from({ length: 2 }, (_, i) => rig(4 + i)).flat());
    expect(grown).toMatchObject({ code: SITE_CODES.farm, count: 2, dedupKey: first.dedupKey, facts: { concurrentSessions: 6 } });
  });

  it('forgets sessions idle past the window', () => {
    const run = siteRun({ windowSeconds: HOUR });
    sweepAfter(run, Array.from({ length: 3 }, (_, i) => rig(i)).flat());
    run.sweep!(T0 + 3 * HOUR);
    // One more rig hours later: the three earlier ones are gone, so no farm of four.
    expect(sweepAfter(run, rig(3, T0 + 3 * HOUR))).toEqual([]);
  });

  it('never throws and emits only declared codes about home clients, whatever the records', () => {
    const declared = SITE_PATTERN_CODES.map((c) => c.code);
    const flows = fc.array(
      arbitraryFlow.map((f) => ({ ...f, protocol: 6, client: { ...f.client, ip: `10.0.0.${Math.abs(f.client.port) % 8}` } })),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(flows, fc.double({ min: 1.6e9, max: 1.8e9, noNaN: true }), (records, now) => {
        const run = siteRun({ maxTriplets: 16, farmMinSessions: 2, fanInMinClients: 2, proxyMinClients: 1 });
        for (const r of records) expect(run.inspect(r)).toEqual([]);
        for (const e of run.sweep!(now)) {
          expect(declared).toContain(e.code);
          expect(e.subject).toMatch(/^10\.0\.0\.\d$/);
        }
        expect(run.sweep!(now)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
