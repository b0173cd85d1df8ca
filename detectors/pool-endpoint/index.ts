/**
 * pool-endpoint: flows to a listed pool address (an indicator with a source and a "seen" date),
 * and TCP conversations on ports pools commonly use. Works on every source kind, flow exports
 * included: it needs nothing but addresses, ports and counters.
 */
import { evidenceFor, type Detector, type Evidence, type FlowRecord } from '../../src/detect/api';
import { EndpointIndex } from './endpoint-index';
import { isMiningPortConversation, miningPortsFrom } from './mining-port';

export const POOL_ENDPOINT_CODES = {
  indicator: 'pool-endpoint.indicator',
  miningPort: 'port.mining',
} as const;

export const poolEndpointDetector: Detector = {
  id: 'pool-endpoint',
  description: 'Flows to listed pool addresses, and data-carrying TCP conversations on common mining ports',
  needs: [],
  codes: [
    {
      code: POOL_ENDPOINT_CODES.indicator,
      basis: 'pool-address',
      weight: 0.5,
      accountable: 'client',
      role: 'miner',
      description: 'The client talked to an address listed as a mining pool endpoint (a decaying fact: see the seen date)',
    },
    {
      code: POOL_ENDPOINT_CODES.miningPort,
      basis: 'port',
      weight: 0.1,
      accountable: 'client',
      role: 'miner',
      description: 'A TCP conversation with data both ways on a port pools commonly listen on: weak on its own',
    },
  ],
  create({ indicators, settings }) {
    const endpoints = new EndpointIndex(indicators.poolEndpoints);
    const miningPorts = miningPortsFrom(settings);
    return {
      inspect(flow: FlowRecord): Evidence[] {
        const found: Evidence[] = [];
        const listed = endpoints.lookup(flow.server.ip, flow.server.port);
        if (listed) {
          found.push(
            evidenceFor(poolEndpointDetector, POOL_ENDPOINT_CODES.indicator, flow, {
              pool: listed.pool,
              coin: listed.coin,
              source: listed.source,
              seen: listed.seen,
              indicator: listed.port === undefined ? listed.address : `${listed.address}:${listed.port}`,
            }),
          );
        }
        if (isMiningPortConversation(flow, miningPorts)) {
          found.push(evidenceFor(poolEndpointDetector, POOL_ENDPOINT_CODES.miningPort, flow, { port: flow.server.port }));
        }
        return found;
      },
    };
  },
};
