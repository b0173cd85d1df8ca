/**
 * EthereumStratum/2.0.0 (EIP-1571): the messages it adds to the mining.* namespace. The shared
 * ones (subscribe, authorize, notify, submit) are read by the Stratum v1 dialect.
 */
import { fromTarget256, hexQuantity } from '../targets';
import { asArray, asNonEmptyString, isRecord } from '../wire/json-access';
import type { RpcMessage } from '../wire/rpc-message';
import type { Recognised, RpcDialect } from './types';

function es2(method: string, extra: Partial<Recognised> = {}): Recognised {
  return { dialect: 'ethereum-stratum-2', method, strength: 'conclusive', ...extra };
}

function client(message: RpcMessage): Recognised | undefined {
  const params = message.params;
  switch (message.method) {
    case 'mining.hello': {
      if (!isRecord(params) || !asNonEmptyString(params.proto)) return undefined;
      const agent = asNonEmptyString(params.agent);
      return es2('mining.hello', { identity: agent ? { agent } : undefined });
    }
    case 'mining.hashrate': {
      // [hashrate in hex without 0x, worker token]
      const rate = hexQuantity(asArray(params)?.[0]);
      return rate === undefined ? undefined : es2('mining.hashrate', { selfReportedHashrate: rate });
    }
    case 'mining.noop':
      return es2('mining.noop', { strength: 'supporting' });
    default:
      return undefined;
  }
}

function server(message: RpcMessage): Recognised | undefined {
  const params = message.params;
  if (message.method !== 'mining.set' || !isRecord(params)) return undefined;
  const known = ['epoch', 'target', 'algo', 'extranonce'].some((key) => key in params);
  if (!known) return undefined;
  const target = params.target === undefined ? undefined : fromTarget256(params.target);
  const algorithm = asNonEmptyString(params.algo);
  return es2('mining.set', {
    target,
    identity: algorithm ? { algorithm } : undefined,
  });
}

export const ethereumStratum2: RpcDialect = { client, server };
