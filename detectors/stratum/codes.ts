import type { EvidenceCodeSpec } from '../../src/detect/api';

export const CODES = {
  client: 'stratum.client',
  server: 'stratum.server',
  sampledFragment: 'stratum.sampled-fragment',
  v2Fingerprint: 'stratum.v2-fingerprint',
  v2FingerprintOffPort: 'stratum.v2-fingerprint-offport',
  getworkHttp: 'getwork.http',
  miningHeader: 'mining-header.http',
} as const;

export const STRATUM_CODES: readonly EvidenceCodeSpec[] = [
  {
    code: CODES.client,
    basis: 'payload-protocol',
    weight: 0.9,
    accountable: 'client',
    role: 'miner',
    description:
      'The client speaks a mining protocol (Stratum v1, EthereumStratum 1/2, eth-proxy, XMRig stratum, plaintext Stratum V2) or is sent mining jobs by its server.',
  },
  {
    code: CODES.server,
    basis: 'payload-protocol',
    weight: 0.9,
    accountable: 'server',
    role: 'proxy',
    description:
      'The server side of a mining conversation: it sends jobs and difficulties or answers mining requests. Outside the home networks that is a pool endpoint; inside, a mining proxy.',
  },
  {
    code: CODES.sampledFragment,
    basis: 'payload-protocol',
    weight: 0.8,
    accountable: 'client',
    role: 'miner',
    description:
      'Sampled packets (sFlow) show the start of mining messages the agent cut short: a JSON-RPC object with a Stratum-family method and params of the right shape as far as they are visible, from the side that sends them. Short of the whole message, so a little weaker than stratum.client.',
  },
  {
    code: CODES.v2Fingerprint,
    basis: 'payload-protocol',
    weight: 0.5,
    accountable: 'client',
    role: 'miner',
    description:
      'Encrypted Stratum V2 on a configured Stratum V2 port: a Noise NX handshake of exactly 64 then 234 bytes (or the older 32/170).',
  },
  {
    code: CODES.v2FingerprintOffPort,
    basis: 'payload-protocol',
    weight: 0.25,
    accountable: 'client',
    role: 'miner',
    description:
      'The Stratum V2 Noise handshake sizes on a port not configured for Stratum V2: weak, any protocol could match two message sizes.',
  },
  {
    code: CODES.getworkHttp,
    basis: 'payload-protocol',
    weight: 0.75,
    accountable: 'client',
    role: 'miner',
    description:
      'Mining over HTTP JSON-RPC: getwork, getblocktemplate with mining capabilities or long polling, submitblock, eth_submitWork / eth_submitHashrate, or any conclusive Stratum-family call posted as a body (a mining proxy reached over HTTP).',
  },
  {
    code: CODES.miningHeader,
    basis: 'payload-protocol',
    weight: 0.6,
    accountable: 'client',
    role: 'miner',
    description:
      'HTTP headers only getwork miners and pools use: X-Mining-Extensions from the miner, X-Stratum or X-Long-Polling from the pool.',
  },
];
