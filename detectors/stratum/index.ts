/**
 * The stratum detector: mining protocols read from payload heads. See README.md for the dialects,
 * the evidence codes and the false-positive guards.
 */
import type { Detector } from '../../src/detect/api';
import { STRATUM_CODES } from './codes';
import { inspectFlow } from './inspect-flow';
import { readSettings } from './settings';
import { ConnectionMemory } from './connection-memory';

export const stratumDetector: Detector = {
  id: 'stratum',
  description:
    'Mining protocols in payload: Stratum v1, EthereumStratum/1.0.0 and 2.0.0, eth-proxy, XMRig stratum, getwork/getblocktemplate over HTTP, Stratum V2 (plaintext, and the Noise handshake sizes).',
  needs: ['payload'],
  codes: STRATUM_CODES,
  create(context) {
    const settings = readSettings(context.settings);
    const memory = new ConnectionMemory();
    return {
      inspect(flow) {
        try {
          return inspectFlow(stratumDetector, flow, settings, memory);
        } catch {
          // Parsing is written not to throw; this only keeps a surprise in one flow from
          // stopping the run. The fuzz tests call inspectFlow directly so surprises still surface.
          return [];
        }
      },
    };
  },
};
