/**
 * Random records straight into the table and the judge (not through the run's guard, so a throw
 * would surface here), and through the run to check what comes out stays well-formed.
 */
import fc from 'fast-check';
import { FLOW_BEHAVIOUR_CODES } from '../../../detectors/flow-behaviour/codes';
import { readBehaviourSettings } from '../../../detectors/flow-behaviour/settings';
import { TripletTable } from '../../../detectors/flow-behaviour/triplet-table';
import { ALL_SIGNALS } from '../../../detectors/flow-behaviour/signals';
import { judge } from '../../../detectors/flow-behaviour/verdict';
import { arbitraryFlow } from '../pool-domain/arbitrary-flow';
import { behaviourRun, behaviourSettings } from './run';

const flows = fc.array(
  arbitraryFlow.map((f) => ({ ...f, protocol: 6 })),
  { maxLength: 40 },
);

describe('flow-behaviour never throws', () => {
  it('aggregates and judges random TCP records', () => {
    const settings = readBehaviourSettings(behaviourSettings({ minObservedSeconds: 0 }));
    fc.assert(
      fc.property(flows, (records) => {
        const table = new TripletTable(8, settings.profile.pushes.maxGapSeconds);
        for (const r of records) {
          const evicted = table.add(r);
          if (evicted) judge(evicted, settings.profile, settings);
        }
        for (const stats of table.values()) {
          const verdict = judge(stats, settings.profile, settings);
          if (!verdict) continue;
          expect([...verdict.met, ...verdict.failed, ...verdict.unknown].sort()).toEqual([...ALL_SIGNALS].sort());
          for (const s of Object.values(verdict.supports)) {
            expect(s).toBeGreaterThanOrEqual(-1);
            expect(s).toBeLessThanOrEqual(1);
          }
          expect(['sustained', 'stratum-like', 'weak', 'none']).toContain(verdict.strength);
        }
        table.forgetIdle(Number.NaN, 60);
      }),
      { numRuns: 300 },
    );
  });

  it('emits only declared codes about the client, whatever the records say', () => {
    const declared = FLOW_BEHAVIOUR_CODES.map((c) => c.code);
    fc.assert(
      fc.property(flows, fc.double({ min: 1.6e9, max: 1.8e9, noNaN: true }), (records, now) => {
        const run = behaviourRun({ homeClientsOnly: false, minObservedSeconds: 0, maxTriplets: 16 });
        const out = [...records.flatMap((r) => run.inspect(r)), ...run.sweep!(now)];
        for (const e of out) {
          expect(declared).toContain(e.code);
          expect(records.map((r) => r.client.ip)).toContain(e.subject);
          expect(e.count).toBeGreaterThan(0);
        }
        expect(run.sweep!(now)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
