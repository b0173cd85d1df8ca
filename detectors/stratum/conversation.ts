import type { Observed, Recognised, RpcDialect, Side } from './dialects/types';
import type { RpcMessage } from './wire/rpc-message';

interface Request {
  time: number;
  recognised: Recognised;
}

function recognise(
  message: RpcMessage,
  dialects: readonly RpcDialect[],
  side: Side,
): Recognised | undefined {
  for (const dialect of dialects) {
    const found = side === 'client' ? dialect.client(message) : dialect.server?.(message);
    if (found) return found;
  }
  return undefined;
}

/** The request a reply answers: the latest one with its id sent before it, else the first. */
function requestFor(requests: Map<string, Request[]>, id: string | undefined, time: number): Request | undefined {
  const candidates = id === undefined ? undefined : requests.get(id);
  if (!candidates) return undefined;
  let best: Request | undefined;
  for (const candidate of candidates) if (candidate.time <= time) best = candidate;
  return best ?? candidates[0];
}

function interpretReply(message: RpcMessage, request: Recognised | undefined, dialects: readonly RpcDialect[]): Recognised | undefined {
  for (const dialect of dialects) {
    const found = dialect.response?.(message, request);
    if (found) return found;
  }
  // A plain acknowledgement shows the server speaks the protocol only if the request was mining.
  if (request?.strength !== 'conclusive') return undefined;
  return { dialect: request.dialect, method: request.method, strength: 'supporting', isResponse: true };
}

/**
 * Recognises each side's JSON-RPC messages and pairs replies with the requests they answer by id,
 * so a reply can be read in the light of what was asked (a subscribe reply, a login reply).
 */
export function observeRpc(
  client: readonly RpcMessage[],
  server: readonly RpcMessage[],
  dialects: readonly RpcDialect[],
): Observed[] {
  const observed: Observed[] = [];
  const requests = new Map<string, Request[]>();
  client.forEach((message, order) => {
    if (message.method === undefined) return;
    const recognised = recognise(message, dialects, 'client');
    if (!recognised) return;
    observed.push({ ...recognised, side: 'client', time: message.time, order });
    if (message.id === undefined) return;
    const list = requests.get(message.id) ?? [];
    list.push({ time: message.time, recognised });
    requests.set(message.id, list);
  });
  server.forEach((message, order) => {
    const recognised =
      message.method !== undefined
        ? recognise(message, dialects, 'server')
        : message.isResponse
          ? interpretReply(message, requestFor(requests, message.id, message.time)?.recognised, dialects)
          : undefined;
    if (recognised) observed.push({ ...recognised, side: 'server', time: message.time, order });
  });
  return observed;
}
