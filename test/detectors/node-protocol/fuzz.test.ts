import { emptyIntel } from '../../helpers/intel';
import fc from 'fast-check';
import { arbitraryFlow } from '../pool-domain/arbitrary-flow';
import { nodeProtocolDetector } from '../../../detectors/node-protocol';

it('node-protocol never throws on random flows and random payload bytes', () => {
  const run = nodeProtocolDetector.create({ isHome: () => true, indicators: { poolDomains: [], poolEndpoints: [] }, intel: emptyIntel(), settings: {} });
  fc.assert(
    fc.property(arbitraryFlow, (flow) => {
      const evidence = run.inspect(flow);
      expect(evidence.length).toBeLessThanOrEqual(3);
    }),
    { numRuns: 500 },
  );
});
