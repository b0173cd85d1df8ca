import fc from 'fast-check';
import { arbitraryFlow } from './arbitrary-flow';
import { poolDomainRun } from './context';

it('pool-domain never throws on random flows, learning and matching as it goes', () => {
  const run = poolDomainRun({ maxLearnedAddresses: 4 });
  fc.assert(
    fc.property(fc.array(arbitraryFlow, { maxLength: 20 }), (flows) => {
      for (const flow of flows) {
        for (const e of run.inspect(flow)) expect(e.subject).toBe(flow.client.ip);
      }
    }),
    { numRuns: 300 },
  );
});
