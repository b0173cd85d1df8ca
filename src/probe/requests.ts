/**
 * What the probe sends: for each dialect, the one request a pool answers without an account of
 * ours (a subscribe, a login with a public address, a work request), in the order tried. Each names
 * the prober (probe.banner) wherever the dialect has an agent field, so an operator reading their
 * logs sees who asked and how to reach them.
 */
import type { Dialect } from './verdict';

export interface ProbeRequest {
  dialect: Dialect;
  /** For reasons and logs: what was asked. */
  label: string;
  /** `line`: newline-terminated JSON; `http`: a whole HTTP request. */
  kind: 'line' | 'http';
  /**
   * Sent one after the other on the same connection, each only once the previous one got an
   * answer (eth-proxy logs in, then asks for work). Every other request has one step.
   */
  steps: string[];
  /** The methods we call: a server sending these back is echoing us, pools never send them. */
  methods: string[];
  /** The ids our steps carry: a reply is to us only when it names one. */
  ids: number[];
  /** Strings of ours a server could quote (wallet, banner, address): removed before reading an error's words. */
  ours: string[];
  /**
   * What only a reflection of our request carries (the banner, our JSON members): a reply holding
   * one is an echo. The wallet is not among them: a pool may quote the address it rejects.
   */
  tells: string[];
}

/** A syntactically valid Ethereum address that belongs to nobody: eth-proxy logins want one. */
export const PROBE_ETH_ADDRESS = '0x0000000000000000000000000000000000000001';

/** The algorithms XMRig offers by default, so an XMRig-family pool of any coin answers the login. */
const XMRIG_ALGOS = ['rx/0', 'cn/r', 'gr', 'kawpow'];

const line = (message: object) => `${JSON.stringify(message)}\n`;

/** `host`: what the Host header names (the address, or the SNI name in use). */
function httpPost(path: string, host: string, banner: string, body: object): string {
  const json = JSON.stringify(body);
  return [
    `POST ${path} HTTP/1.1`,
    `Host: ${host}`,
    `User-Agent: ${banner}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(json)}`,
    'Connection: close',
    '',
    json,
  ].join('\r\n');
}

/** `host[:port]` as a Host header spells it (IPv6 in brackets). */
export function hostHeader(address: string, port: number): string {
  const host = address.includes(':') ? `[${address}]` : address;
  return port === 80 || port === 443 ? host : `${host}:${port}`;
}

/**
 * The requests in the order tried. `host` goes into the HTTP requests' Host header. The banner is
 * single-lined first: it is configuration, but a newline in it would split a request.
 */
export function probeRequests(banner: string, wallet: string, host: string): ProbeRequest[] {
  const agent = banner.replace(/[\r\n]+/g, ' ');
  const ours = [wallet, agent, PROBE_ETH_ADDRESS, 'EthereumStratum/1.0.0'];
  const tells = (methods: string[]) => [
    ...(agent.length >= 6 ? [agent] : []),
    ...methods.map((m) => `"method":"${m}"`),
    '"pass":"x"',
    '"agent":',
    '"worker":"probe"',
    '"wallet_address":',
    '"reserve_size":',
  ];
  const one = (dialect: Dialect, label: string, kind: 'line' | 'http', step: string, method: string): ProbeRequest => ({
    dialect,
    label,
    kind,
    steps: [step],
    methods: [method],
    ids: [1],
    ours,
    tells: tells([method]),
  });
  return [
    one('stratum-v1', 'mining.subscribe', 'line', line({ id: 1, method: 'mining.subscribe', params: [agent] }), 'mining.subscribe'),
    one(
      'ethereum-stratum',
      'mining.subscribe (EthereumStratum/1.0.0)',
      'line',
      line({ id: 1, method: 'mining.subscribe', params: [agent, 'EthereumStratum/1.0.0'] }),
      'mining.subscribe',
    ),
    {
      dialect: 'eth-proxy',
      label: 'eth_submitLogin + eth_getWork',
      kind: 'line',
      steps: [
        line({ id: 1, jsonrpc: '2.0', method: 'eth_submitLogin', params: [PROBE_ETH_ADDRESS], worker: 'probe' }),
        line({ id: 2, jsonrpc: '2.0', method: 'eth_getWork', params: [] }),
      ],
      methods: ['eth_submitLogin', 'eth_getWork'],
      ids: [1, 2],
      ours,
      tells: tells(['eth_submitLogin', 'eth_getWork']),
    },
    one(
      'xmrig',
      'login',
      'line',
      line({ id: 1, jsonrpc: '2.0', method: 'login', params: { login: wallet, pass: 'x', agent, algo: XMRIG_ALGOS } }),
      'login',
    ),
    one(
      'getblocktemplate',
      'HTTP getblocktemplate',
      'http',
      httpPost('/', host, agent, { id: 1, method: 'getblocktemplate', params: [{ rules: ['segwit'] }] }),
      'getblocktemplate',
    ),
    one('getwork', 'HTTP getwork', 'http', httpPost('/', host, agent, { id: 1, method: 'getwork', params: [] }), 'getwork'),
    // XMRig's daemon mode mines against monerod's json_rpc directly.
    one(
      'getblocktemplate',
      'HTTP /json_rpc get_block_template',
      'http',
      httpPost('/json_rpc', host, agent, { jsonrpc: '2.0', id: 1, method: 'get_block_template', params: { wallet_address: wallet, reserve_size: 60 } }),
      'get_block_template',
    ),
  ];
}

/** Requests per transport, and read waits (steps) per transport: the per-endpoint time bound counts these. */
export const REQUESTS_PER_TRANSPORT = 7;
export const STEPS_PER_TRANSPORT = 8;
