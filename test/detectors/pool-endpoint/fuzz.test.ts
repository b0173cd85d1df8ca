import fc from 'fast-check';
import { arbitraryFlow } from '../pool-domain/arbitrary-flow';
import { endpointRun } from './run';

it('pool-endpoint never throws on random flows', () => {
  const { run } = endpointRun(
    [
      { address: '198.51.100.0/24', pool: 'p', coin: 'c', source: 's', seen: '2024-01-01' },
      { address: '2001:db8::/32', port: 3333, pool: 'p6', coin: 'c', source: 's', seen: '2024-01-01' },
    ],
    { miningPorts: [3333, 4444], maxContacts: 16 },
  );
  fc.assert(
    fc.property(arbitraryFlow, (flow) => {
      for (const e of run.inspect(flow)) expect(e.subject).toBe(flow.client.ip);
      for (const e of run.sweep!(flow.lastSeen)) expect(e.code).toMatch(/^pool-endpoint\./);
    }),
    { numRuns: 500 },
  );
});
