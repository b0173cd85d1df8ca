import fc from 'fast-check';
import { arbitraryFlow } from '../pool-domain/arbitrary-flow';
import { poolEndpointDetector } from '../../../detectors/pool-endpoint';

it('pool-endpoint never throws on random flows', () => {
  const run = poolEndpointDetector.create({
    isHome: () => false,
    indicators: {
      poolDomains: [],
      poolEndpoints: [
        { address: '198.51.100.0/24', pool: 'p', coin: 'c', source: 's', seen: '2024-01-01' },
        { address: '2001:db8::/32', port: 3333, pool: 'p6', coin: 'c', source: 's', seen: '2024-01-01' },
      ],
    },
    settings: { miningPorts: [3333, 4444] },
  });
  fc.assert(
    fc.property(arbitraryFlow, (flow) => {
      for (const e of run.inspect(flow)) expect(e.subject).toBe(flow.client.ip);
    }),
    { numRuns: 500 },
  );
});
