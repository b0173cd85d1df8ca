import { isRecord } from './json-access';
import { canonicalMethod } from './method-names';

/**
 * One JSON-RPC object as sent on the wire (Stratum is JSON-RPC 1.0/2.0, loosely). Only a line
 * that is a whole JSON object counts: text that merely contains "mining.subscribe" (an HTML page
 * quoting the protocol, a log line) is never a message.
 */
export interface RpcMessage {
  time: number;
  /** The id, keyed by type so 1 and "1" stay apart; absent for null ids (notifications). */
  id?: string;
  method?: string;
  params: unknown;
  result: unknown;
  /** A reply: no method, but a result or an error member. */
  isResponse: boolean;
  fields: Readonly<Record<string, unknown>>;
}

function idKey(id: unknown): string | undefined {
  if (typeof id === 'number' && Number.isFinite(id)) return `n${id}`;
  if (typeof id === 'string') return `s${id}`;
  return undefined;
}

export function toRpcMessage(value: unknown, time: number): RpcMessage | undefined {
  if (!isRecord(value)) return undefined;
  const method = typeof value.method === 'string' ? canonicalMethod(value.method) : undefined;
  return {
    time,
    id: idKey(value.id),
    method,
    params: value.params,
    result: value.result,
    isResponse: method === undefined && ('result' in value || 'error' in value),
    fields: value,
  };
}

/** Parses text that should be one JSON object (or, for HTTP bodies, a batch array of them). */
export function parseRpc(text: string, time: number, allowBatch = false): RpcMessage[] {
  const first = text[0];
  if (first !== '{' && !(allowBatch && first === '[')) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const items = allowBatch && Array.isArray(value) ? value.slice(0, 64) : [value];
  const out: RpcMessage[] = [];
  for (const item of items) {
    const message = toRpcMessage(item, time);
    if (message) out.push(message);
  }
  return out;
}
