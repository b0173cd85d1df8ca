import type { ShareTarget } from '../targets';
import type { RpcMessage } from '../wire/rpc-message';

export type Dialect =
  | 'stratum-v1'
  | 'ethereum-stratum-1'
  | 'ethereum-stratum-2'
  | 'eth-proxy'
  | 'xmrig'
  | 'getwork'
  | 'stratum-v2';

export type Side = 'client' | 'server';

/**
 * `conclusive`: this message alone says the flow is mining (mining.submit, an XMRig login with an
 * agent). `supporting`: mining only together with the other side (eth_getWork is also an Ethereum
 * node query; a reply is only a reply).
 */
export type Strength = 'conclusive' | 'supporting';

/** Who is mining, with what, as the peers state it. */
export interface Identity {
  worker?: string;
  login?: string;
  agent?: string;
  algorithm?: string;
  coin?: string;
}

/** What a dialect made of one message. */
export interface Recognised {
  dialect: Dialect;
  method: string;
  strength: Strength;
  /** A reply rather than a request or notification: kept out of the method list. */
  isResponse?: boolean;
  /** A share submission; `jobs` are the candidate job ids it may refer to, most likely first. */
  share?: { jobs: readonly string[] };
  /** New work; with `target`, the share target that job carries. */
  job?: string;
  /** A new share target: it holds for this message's job, if any, and for jobs announced later. */
  target?: ShareTarget;
  identity?: Identity;
  /** Hashrate the miner reports about itself, H/s. */
  selfReportedHashrate?: number;
  /** Read from the visible start of a message a sampled packet cut short, not a whole message. */
  fragment?: true;
}

/** A recognised message placed in the conversation. */
export interface Observed extends Recognised {
  side: Side;
  time: number;
  /** Position on its side, to keep a stable order among equal times. */
  order: number;
}

/** A dialect of JSON-RPC: newline-delimited over TCP, or in HTTP bodies. */
export interface RpcDialect {
  /** A request or notification the client sent. */
  client(message: RpcMessage): Recognised | undefined;
  /** A request or notification the server sent. */
  server?(message: RpcMessage): Recognised | undefined;
  /** A reply from the server; `request` is the recognised client request it answers, if known. */
  response?(message: RpcMessage, request: Recognised | undefined): Recognised | undefined;
}
