/**
 * Mining messages recognised from their visible start: what a sampled packet (sFlow, 128 bytes
 * of header by default) shows of a Stratum message it cut. A prefix counts only when it is
 * mining-shaped as far as it goes: a JSON-RPC object (no members but id, jsonrpc, method, params,
 * worker) whose method is read whole and is one of the family's names, sent by the side that
 * sends it, with params of the right kind where they are visible. The bare words are not enough
 * where web apps use them too: an XMRig `login` needs `login` with `agent`, `algo` or `rigid` (or
 * with `pass`, supporting only) and no other params; `submit` needs `job_id` or `nonce`, `job`
 * needs `blob` or `target`, each among the names XMRig uses. Facts are taken only from values
 * read whole (a worker name cut short is not a worker name).
 */
import { fromBitcoinDifficulty, fromTarget256 } from '../targets';
import { asJobId, asNonEmptyString, isHash32, isHex, isRecord } from '../wire/json-access';
import { visible, whole } from '../wire/json-prefix';
import { canonicalMethod } from '../wire/method-names';
import type { Dialect, Identity, Recognised, Side, Strength } from './types';

const RPC_MEMBERS = new Set(['id', 'jsonrpc', 'method', 'params', 'worker']);
const ES1_MARKER = 'EthereumStratum/1.0.0';

const V1_CLIENT = new Set([
  'mining.subscribe',
  'mining.authorize',
  'mining.configure',
  'mining.extranonce.subscribe',
  'mining.suggest_difficulty',
  'mining.suggest_target',
  'mining.submit',
]);
const V1_SERVER = new Set(['mining.notify', 'mining.set_difficulty', 'mining.set_target', 'mining.set_extranonce', 'mining.set_version_mask']);
const ETH_PROXY_CLIENT = new Set(['eth_submitLogin', 'eth_submitWork', 'eth_submitHashrate', 'eth_getWork']);
const XMRIG_LOGIN = new Set(['login', 'pass', 'agent', 'algo', 'rigid']);
const XMRIG_SUBMIT = new Set(['id', 'job_id', 'nonce', 'result', 'algo', 'hash']);
const XMRIG_JOB = new Set(['blob', 'bds', 'job_id', 'target', 'algo', 'height', 'seed_hash', 'id', 'coin', 'variant', 'next_seed_hash']);
const ES2_SET = ['epoch', 'target', 'algo', 'extranonce'];

/** The params member as visible: an array or object (whole or cut), absent, or something else. */
function paramsOf(message: Record<string, unknown>): { kind: 'array' | 'object' | 'absent' | 'other'; value: unknown } {
  if (!('params' in message)) return { kind: 'absent', value: undefined };
  const value = visible(message.params);
  if (value === undefined) return { kind: 'absent', value }; // "params": and then the cut
  if (Array.isArray(value)) return { kind: 'array', value };
  if (isRecord(value)) return { kind: 'object', value };
  return { kind: 'other', value };
}

function fragment(dialect: Dialect, method: string, strength: Strength, extra: Partial<Recognised> = {}): Recognised {
  return { dialect, method, strength, fragment: true, ...extra };
}

/** Element `i` of a visible params array, only if read whole. */
function element(list: readonly unknown[], i: number): unknown {
  return whole(list[i]);
}

function stratumV1Client(method: string, list: readonly unknown[] | undefined): Recognised {
  const extra: Partial<Recognised> = {};
  if (list) {
    if (method === 'mining.subscribe') {
      const agent = asNonEmptyString(element(list, 0));
      if (agent && agent !== ES1_MARKER) extra.identity = { agent };
      if (list.some((v) => whole(v) === ES1_MARKER)) return fragment('ethereum-stratum-1', method, 'conclusive', extra);
    }
    if (method === 'mining.authorize' || method === 'mining.submit') {
      const worker = asNonEmptyString(element(list, 0));
      if (worker) extra.identity = { worker };
    }
    if (method === 'mining.submit') {
      const jobs = [asJobId(element(list, 1)), asJobId(element(list, 0))].filter((j): j is string => j !== undefined);
      if (jobs.length > 0 && element(list, 1) !== undefined) extra.share = { jobs };
    }
  }
  return fragment('stratum-v1', method, 'conclusive', extra);
}

function stratumV1Server(method: string, list: readonly unknown[] | undefined): Recognised {
  const extra: Partial<Recognised> = {};
  if (list && method === 'mining.notify') {
    const job = asJobId(element(list, 0));
    if (job) extra.job = job;
  }
  if (list && method === 'mining.set_difficulty') {
    const difficulty = element(list, 0);
    const target = typeof difficulty === 'number' ? fromBitcoinDifficulty(difficulty) : undefined;
    if (target) extra.target = target;
  }
  if (list && method === 'mining.set_target') {
    const target = fromTarget256(element(list, 0));
    if (target) extra.target = target;
  }
  return fragment('stratum-v1', method, 'conclusive', extra);
}

function ethProxyClient(method: string, message: Record<string, unknown>, list: readonly unknown[] | undefined): Recognised | undefined {
  if (method === 'eth_getWork') return fragment('eth-proxy', method, 'supporting');
  if (method === 'eth_submitLogin') {
    const login = list && asNonEmptyString(element(list, 0));
    const worker = asNonEmptyString(whole(message.worker)) ?? login;
    const identity: Identity | undefined = login || worker ? { login, worker } : undefined;
    return fragment('eth-proxy', method, 'conclusive', { identity });
  }
  if (method === 'eth_submitWork' && list) {
    // What is visible must fit [nonce, header pow-hash, mix digest].
    const nonce = element(list, 0);
    const header = element(list, 1);
    if (nonce !== undefined && !isHex(nonce, 16)) return undefined;
    if (header !== undefined && !isHash32(header)) return undefined;
    return fragment('eth-proxy', method, 'conclusive', isHash32(header) ? { share: { jobs: [header.toLowerCase()] } } : {});
  }
  return fragment('eth-proxy', method, 'conclusive');
}

/** Visible param names, all among `allowed`: the shape check of a cut params object. */
function namesWithin(params: Record<string, unknown>, allowed: ReadonlySet<string>): string[] | undefined {
  const names = Object.keys(params);
  return names.every((n) => allowed.has(n)) ? names : undefined;
}

function xmrigLogin(params: Record<string, unknown>): Recognised | undefined {
  const names = namesWithin(params, XMRIG_LOGIN);
  if (!names || !names.includes('login')) return undefined;
  const minerShaped = names.some((n) => n === 'agent' || n === 'algo' || n === 'rigid');
  if (!minerShaped && !names.includes('pass')) return undefined;
  const login = asNonEmptyString(whole(params.login));
  const rigId = asNonEmptyString(whole(params.rigid));
  const identity: Identity = { login, worker: rigId ?? login, agent: asNonEmptyString(whole(params.agent)) };
  return fragment('xmrig', 'login', minerShaped ? 'conclusive' : 'supporting', { identity });
}

function xmrigClient(method: string, params: { kind: string; value: unknown }): Recognised | undefined {
  // XMRig sends its params as an object; a params array or scalar is some other protocol.
  if (params.kind !== 'object' && params.kind !== 'absent') return undefined;
  const object = isRecord(params.value) ? params.value : {};
  switch (method) {
    case 'login':
      return xmrigLogin(object);
    case 'submit': {
      const names = namesWithin(object, XMRIG_SUBMIT);
      if (!names || !(names.includes('job_id') || names.includes('nonce'))) return undefined;
      const job = asJobId(whole(object.job_id));
      return fragment('xmrig', 'submit', 'conclusive', job ? { share: { jobs: [job] } } : {});
    }
    case 'keepalived':
      return fragment('xmrig', 'keepalived', 'conclusive');
    case 'getjob':
      return fragment('xmrig', 'getjob', 'supporting');
    default:
      return undefined;
  }
}

function xmrigJob(params: { kind: string; value: unknown }): Recognised | undefined {
  if (params.kind !== 'object' || !isRecord(params.value)) return undefined;
  const names = namesWithin(params.value, XMRIG_JOB);
  if (!names || !(names.includes('blob') || names.includes('target'))) return undefined;
  const blob = visible(params.value.blob);
  if (blob !== undefined && !(typeof blob === 'string' && (blob === '' || /^[0-9a-fA-F]+$/.test(blob)))) return undefined;
  const job = asJobId(whole(params.value.job_id));
  return fragment('xmrig', 'job', 'conclusive', job ? { job } : {});
}

/**
 * What a message prefix from `side` is, or undefined when it is not mining-shaped. `message`
 * is the visible top-level object from `parseObjectPrefix`.
 */
export function recogniseFragment(message: Record<string, unknown>, side: Side): Recognised | undefined {
  if (!Object.keys(message).every((name) => RPC_MEMBERS.has(name))) return undefined;
  const sent = whole(message.method);
  if (typeof sent !== 'string') return undefined;
  const method = canonicalMethod(sent);
  const id = whole(message.id);
  if (id !== undefined && id !== null && typeof id !== 'number' && typeof id !== 'string') return undefined;
  const params = paramsOf(message);
  const list = params.kind === 'array' ? (params.value as readonly unknown[]) : undefined;
  const record = params.kind === 'object' ? (params.value as Record<string, unknown>) : undefined;
  if (side === 'client') {
    if (V1_CLIENT.has(method)) {
      // Stratum v1 params are a list; subscribe may also resume with a session string (EIP-1571).
      const fits = params.kind === 'array' || params.kind === 'absent' || (method === 'mining.subscribe' && typeof params.value === 'string');
      return fits ? stratumV1Client(method, list) : undefined;
    }
    if (method === 'mining.hello') {
      if (params.kind !== 'object' && params.kind !== 'absent') return undefined;
      const agent = asNonEmptyString(whole(record?.agent));
      return fragment('ethereum-stratum-2', method, 'conclusive', agent ? { identity: { agent } } : {});
    }
    if (method === 'mining.hashrate' || method === 'mining.noop') {
      if (params.kind === 'other' || params.kind === 'object') return undefined;
      return fragment('ethereum-stratum-2', method, method === 'mining.noop' ? 'supporting' : 'conclusive');
    }
    if (ETH_PROXY_CLIENT.has(method)) {
      if (params.kind !== 'array' && params.kind !== 'absent') return undefined;
      return ethProxyClient(method, message, list);
    }
    return xmrigClient(method, params);
  }
  if (V1_SERVER.has(method)) return params.kind === 'array' || params.kind === 'absent' ? stratumV1Server(method, list) : undefined;
  if (method === 'mining.set') {
    if (!record || !ES2_SET.some((key) => key in record)) return undefined;
    const algorithm = asNonEmptyString(whole(record.algo));
    const target = whole(record.target) === undefined ? undefined : fromTarget256(whole(record.target));
    return fragment('ethereum-stratum-2', method, 'conclusive', { ...(algorithm ? { identity: { algorithm } } : {}), ...(target ? { target } : {}) });
  }
  if (method === 'job') return xmrigJob(params);
  return undefined;
}

