/**
 * Stratum v1 (slushpool's mining.* JSON-RPC, BIP 310 mining.configure) and NiceHash
 * EthereumStratum/1.0.0, which reuses the same method names and announces itself in
 * mining.subscribe. Sources: see README.md.
 */
import { fromBitcoinDifficulty, fromTarget256 } from '../targets';
import { asArray, asJobId, asNonEmptyString, asNumber, isHex } from '../wire/json-access';
import type { RpcMessage } from '../wire/rpc-message';
import type { Dialect, Recognised, RpcDialect } from './types';

const ES1_MARKER = 'EthereumStratum/1.0.0';

function v1(method: string, extra: Partial<Recognised> = {}): Recognised {
  return { dialect: 'stratum-v1', method, strength: 'conclusive', ...extra };
}

/** Params a method may omit: absent, null or an array. */
function optionalList(params: unknown): boolean {
  return params === undefined || params === null || Array.isArray(params);
}

function subscribe(params: unknown): Recognised | undefined {
  // EthereumStratum/2.0.0 may send a bare session id string to resume.
  if (!optionalList(params) && typeof params !== 'string') return undefined;
  const list = asArray(params) ?? [];
  const isEs1 = list.includes(ES1_MARKER);
  const agent = asNonEmptyString(list[0]);
  return {
    dialect: isEs1 ? 'ethereum-stratum-1' : 'stratum-v1',
    method: 'mining.subscribe',
    strength: 'conclusive',
    identity: agent && agent !== ES1_MARKER ? { agent } : undefined,
  };
}

function client(message: RpcMessage): Recognised | undefined {
  const params = message.params;
  const list = asArray(params);
  switch (message.method) {
    case 'mining.subscribe':
      return subscribe(params);
    case 'mining.authorize': {
      const worker = asNonEmptyString(list?.[0]);
      return worker ? v1('mining.authorize', { identity: { worker } }) : undefined;
    }
    case 'mining.configure':
      return list && Array.isArray(list[0]) ? v1('mining.configure') : undefined;
    case 'mining.extranonce.subscribe':
      return optionalList(params) ? v1('mining.extranonce.subscribe') : undefined;
    case 'mining.suggest_difficulty':
    case 'mining.suggest_target':
      return list ? v1(message.method) : undefined;
    case 'mining.submit': {
      if (!list || list.length < 2) return undefined;
      // v1 and EthereumStratum/1.0.0 put the job id second (after the worker),
      // EthereumStratum/2.0.0 first.
      const jobs = [asJobId(list[1]), asJobId(list[0])].filter((j): j is string => j !== undefined);
      return v1('mining.submit', { share: { jobs } });
    }
    default:
      return undefined;
  }
}

/** EthereumStratum/1.0.0 jobs are [jobId, seedHash, headerHash, clean]; v1 jobs have 8+ fields. */
function notifyDialect(list: readonly unknown[]): Dialect {
  const hash = (v: unknown) => isHex(v, 64) && v.replace(/^0x/i, '').length === 64;
  return list.length === 4 && hash(list[1]) && hash(list[2]) && typeof list[3] === 'boolean'
    ? 'ethereum-stratum-1'
    : 'stratum-v1';
}

function server(message: RpcMessage): Recognised | undefined {
  const list = asArray(message.params);
  if (!list) return undefined;
  switch (message.method) {
    case 'mining.notify': {
      const job = asJobId(list[0]);
      return job ? { ...v1('mining.notify', { job }), dialect: notifyDialect(list) } : undefined;
    }
    case 'mining.set_difficulty': {
      const target = fromBitcoinDifficulty(asNumber(list[0]) ?? NaN);
      return target ? v1('mining.set_difficulty', { target }) : undefined;
    }
    case 'mining.set_target': {
      const target = fromTarget256(list[0]);
      return target ? v1('mining.set_target', { target }) : undefined;
    }
    case 'mining.set_extranonce':
    case 'mining.set_version_mask':
      return list.length > 0 ? v1(message.method) : undefined;
    default:
      return undefined;
  }
}

function response(message: RpcMessage, request: Recognised | undefined): Recognised | undefined {
  if (request?.method !== 'mining.subscribe') return undefined;
  // The subscribe reply names the flavour the pool speaks: [["mining.notify", id, "EthereumStratum/1.0.0"], ...]
  const isEs1 = JSON.stringify(message.result ?? null).includes(ES1_MARKER);
  return {
    dialect: isEs1 ? 'ethereum-stratum-1' : request.dialect,
    method: 'mining.subscribe',
    strength: 'supporting',
    isResponse: true,
  };
}

export const stratumV1: RpcDialect = { client, server, response };
