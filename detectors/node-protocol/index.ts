/**
 * node-protocol: blockchain peer-to-peer traffic (Bitcoin P2P, Monero Levin, Ethereum devp2p).
 * Running a node is not mining: the codes are weighted to stay below the flagging level on their
 * own and only add context to other evidence. A node-to-node connection makes both ends nodes;
 * the evidence names the client (the dialling peer), whose choice the connection was.
 */
import { evidenceFor, type Detector, type Evidence, type FlowRecord } from '../../src/detect/api';
import { BITCOIN_MAGIC_FIRST_BYTES, bitcoinHeaderAt } from './bitcoin-header';
import { LEVIN_FIRST_BYTES, levinHeaderAt } from './levin-header';
import { firstMessage } from './message-start';
import { DEVP2P_PORT, rlpxHandshake } from './rlpx-handshake';

export const NODE_PROTOCOL_CODES = {
  bitcoin: 'node-protocol.bitcoin',
  monero: 'node-protocol.monero',
  ethereum: 'node-protocol.ethereum',
} as const;

const TCP = 6; // IPPROTO.TCP of the FlowRecord contract

export const nodeProtocolDetector: Detector = {
  id: 'node-protocol',
  description: 'Blockchain peer-to-peer protocols: Bitcoin P2P magics, Monero Levin headers, Ethereum RLPx handshakes',
  needs: ['payload'],
  codes: [
    {
      code: NODE_PROTOCOL_CODES.bitcoin,
      basis: 'node-protocol',
      weight: 0.2,
      accountable: 'client',
      role: 'node',
      description: 'Bitcoin P2P message header (network magic and a valid command) in the payload',
    },
    {
      code: NODE_PROTOCOL_CODES.monero,
      basis: 'node-protocol',
      weight: 0.2,
      accountable: 'client',
      role: 'node',
      description: 'Monero (CryptoNote) Levin bucket header in the payload',
    },
    {
      code: NODE_PROTOCOL_CODES.ethereum,
      basis: 'node-protocol',
      weight: 0.1,
      accountable: 'client',
      role: 'node',
      description: 'An EIP-8 RLPx handshake shape on the devp2p port 30303 (heuristic: the handshake is encrypted)',
    },
  ],
  create() {
    return {
      inspect(flow: FlowRecord): Evidence[] {
        const payload = flow.payload;
        if (!payload || flow.protocol !== TCP) return [];
        const found: Evidence[] = [];
        const bitcoin = firstMessage(payload, BITCOIN_MAGIC_FIRST_BYTES, bitcoinHeaderAt);
        if (bitcoin) {
          const facts = { network: bitcoin.network, command: bitcoin.command, direction: bitcoin.direction };
          found.push(evidenceFor(nodeProtocolDetector, NODE_PROTOCOL_CODES.bitcoin, flow, facts));
        }
        const levin = firstMessage(payload, LEVIN_FIRST_BYTES, levinHeaderAt);
        if (levin) {
          const facts = { network: 'monero', command: levin.command, kind: levin.kind, direction: levin.direction };
          found.push(evidenceFor(nodeProtocolDetector, NODE_PROTOCOL_CODES.monero, flow, facts));
        }
        if (flow.server.port === DEVP2P_PORT && !payload.toServer.midStream) {
          const handshake = rlpxHandshake(payload.toServer.bytes, payload.toClient.bytes);
          if (handshake) {
            found.push(evidenceFor(nodeProtocolDetector, NODE_PROTOCOL_CODES.ethereum, flow, { network: 'ethereum', handshake }));
          }
        }
        return found;
      },
    };
  },
};
