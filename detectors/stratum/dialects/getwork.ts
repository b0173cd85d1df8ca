/**
 * Bitcoin mining over HTTP JSON-RPC: getwork (Bitcoin wiki, Getwork), getblocktemplate and
 * submitblock (BIP 22, BIP 23). Explorers and fee estimators also call getblocktemplate, so it
 * counts only when the caller asks for what a miner needs: mining capabilities or long polling.
 */
import { fromLittleEndianTarget256 } from '../targets';
import { asArray, asNonEmptyString, isRecord } from '../wire/json-access';
import type { RpcMessage } from '../wire/rpc-message';
import type { Recognised, RpcDialect } from './types';

/** BIP 22/23 capabilities only a work consumer asks for. */
const MINER_CAPABILITIES = new Set(['coinbasetxn', 'workid', 'coinbase/append', 'longpoll', 'proposal']);

function getwork(method: string, extra: Partial<Recognised> = {}): Recognised {
  return { dialect: 'getwork', method, strength: 'conclusive', ...extra };
}

function asksForMiningWork(params: unknown): boolean {
  const request = asArray(params)?.[0];
  if (!isRecord(request)) return false;
  const capabilities = asArray(request.capabilities) ?? [];
  return request.longpollid !== undefined || capabilities.some((c) => typeof c === 'string' && MINER_CAPABILITIES.has(c));
}

function client(message: RpcMessage): Recognised | undefined {
  const list = asArray(message.params);
  switch (message.method) {
    case 'getwork':
      // With a data argument it is a solution being submitted.
      return asNonEmptyString(list?.[0]) ? getwork('getwork', { share: { jobs: [] } }) : getwork('getwork');
    case 'getblocktemplate':
      return asksForMiningWork(message.params) ? getwork('getblocktemplate') : undefined;
    case 'submitblock':
      return asNonEmptyString(list?.[0]) ? getwork('submitblock') : undefined;
    default:
      return undefined;
  }
}

/** A getwork reply {data, target, ...}: the target (little-endian) holds for the next solutions. */
function response(message: RpcMessage, request: Recognised | undefined): Recognised | undefined {
  if (request?.method !== 'getwork' || !isRecord(message.result)) return undefined;
  const target = fromLittleEndianTarget256(message.result.target);
  return getwork('getwork', {
    strength: 'supporting',
    isResponse: true,
    target,
  });
}

export const getworkHttp: RpcDialect = { client, response };
