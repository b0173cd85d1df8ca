/**
 * eth-proxy: Ethereum's getwork methods spoken by miners to pools, either as newline-delimited
 * JSON over TCP (the "stratum" of eth-proxy / Claymore pools, with eth_submitLogin) or in HTTP
 * bodies to a node or a local proxy. eth_getWork is also what wallets and explorers ask a node,
 * so it only supports other evidence; logins, work submissions and hashrate reports are mining.
 */
import { fromTarget256, hexQuantity } from '../targets';
import { asArray, asNonEmptyString, isHash32, isHex } from '../wire/json-access';
import type { RpcMessage } from '../wire/rpc-message';
import type { Recognised, RpcDialect } from './types';

function eth(method: string, extra: Partial<Recognised> = {}): Recognised {
  return { dialect: 'eth-proxy', method, strength: 'conclusive', ...extra };
}

function client(message: RpcMessage): Recognised | undefined {
  const list = asArray(message.params);
  switch (message.method) {
    case 'eth_submitLogin': {
      const login = asNonEmptyString(list?.[0]);
      if (!login) return undefined;
      // Some proxies name the rig in a top-level "worker" member (ethminer: "eth1.0").
      const worker = asNonEmptyString(message.fields.worker) ?? login;
      return eth('eth_submitLogin', { identity: { worker, login } });
    }
    case 'eth_getWork':
      return eth('eth_getWork', { strength: 'supporting' });
    case 'eth_submitWork': {
      // [nonce, header pow-hash, mix digest]: the header hash names the work package.
      if (!list || list.length < 3 || !isHex(list[0], 16) || !isHash32(list[1])) return undefined;
      return eth('eth_submitWork', { share: { jobs: [list[1].toLowerCase()] } });
    }
    case 'eth_submitHashrate': {
      const rate = hexQuantity(list?.[0]);
      return rate === undefined ? undefined : eth('eth_submitHashrate', { selfReportedHashrate: rate });
    }
    default:
      return undefined;
  }
}

/**
 * A work package [header pow-hash, seed hash, boundary, (block number)], as a reply to
 * eth_getWork or pushed unasked with id 0. The boundary is the share target.
 */
function response(message: RpcMessage): Recognised | undefined {
  const list = asArray(message.result);
  if (!list || list.length < 3 || !isHash32(list[0]) || !isHash32(list[1])) return undefined;
  const target = fromTarget256(list[2]);
  if (!target) return undefined;
  return eth('work', {
    strength: 'supporting',
    isResponse: true,
    job: list[0].toLowerCase(),
    target,
  });
}

export const ethProxy: RpcDialect = { client, response };
