/**
 * Replays one conversation in arrival order to learn what it proves and what each share was
 * worth. A new difficulty applies to jobs announced after it ("with the start of the next job"),
 * so each job remembers the target in force when it was announced, and a share is valued by the
 * target of the job it names; a share whose job was not seen (picked up mid-stream) takes the
 * target in force when it was sent.
 */
import type { CarriedTarget } from './connection-memory';
import type { Dialect, Identity, Observed, Side } from './dialects/types';

const MAX_JOBS = 512;
const MAX_METHODS = 16;

export interface SideTally {
  messages: number;
  conclusive: number;
  supporting: number;
  first?: number;
  last?: number;
  /** Distinct request/notification names, in the order first seen. */
  methods: string[];
}

export interface ShareTally {
  /** Every share submission seen. */
  submitted: number;
  /** Those whose target was known: the ones the estimate rests on. */
  valued: number;
  hashes: number;
  firstValued?: number;
  lastValued?: number;
}

export interface SessionSummary {
  dialect?: Dialect;
  client: SideTally;
  server: SideTally;
  shares: ShareTally;
  /** The last share difficulty announced, in the dialect's own units. */
  difficulty?: number;
  selfReportedHashrate?: number;
  identity: Identity;
  /** The target in force at the end, for the connection's next record. */
  target?: CarriedTarget;
}

/** The most specific dialect wins: EthereumStratum rides on Stratum v1 method names. */
const DIALECT_PRECEDENCE: readonly Dialect[] = [
  'ethereum-stratum-2',
  'ethereum-stratum-1',
  'xmrig',
  'eth-proxy',
  'stratum-v2',
  'stratum-v1',
  'getwork',
];

function emptySide(): SideTally {
  return { messages: 0, conclusive: 0, supporting: 0, methods: [] };
}

function tallySide(tally: SideTally, message: Observed): void {
  tally.messages++;
  if (message.strength === 'conclusive') tally.conclusive++;
  else tally.supporting++;
  tally.first = Math.min(tally.first ?? message.time, message.time);
  tally.last = Math.max(tally.last ?? message.time, message.time);
  if (!message.isResponse && !tally.methods.includes(message.method) && tally.methods.length < MAX_METHODS) {
    tally.methods.push(message.method);
  }
}

function mergeIdentity(into: Identity, from: Identity | undefined): void {
  if (!from) return;
  // Who is mining is stated once at login; what is mined may change with each job.
  into.worker ??= from.worker;
  into.login ??= from.login;
  into.agent ??= from.agent;
  if (from.algorithm) into.algorithm = from.algorithm;
  if (from.coin) into.coin = from.coin;
}

function inArrivalOrder(a: Observed, b: Observed): number {
  if (a.time !== b.time) return a.time - b.time;
  // At the same instant, let the server's news (a job, a difficulty) come first.
  if (a.side !== b.side) return a.side === 'server' ? -1 : 1;
  return a.order - b.order;
}

/** `carried`: the target an earlier record of the same connection left in force. */
export function summariseSession(observed: readonly Observed[], carried?: CarriedTarget): SessionSummary {
  const sides: Record<Side, SideTally> = { client: emptySide(), server: emptySide() };
  const shares: ShareTally = { submitted: 0, valued: 0, hashes: 0 };
  const identity: Identity = {};
  const jobs = new Map<string, number>();
  const dialects = new Set<Dialect>();
  let inForce = carried?.hashesPerShare;
  let difficulty = carried?.difficulty;
  let selfReportedHashrate: number | undefined;

  for (const message of [...observed].sort(inArrivalOrder)) {
    tallySide(sides[message.side], message);
    dialects.add(message.dialect);
    mergeIdentity(identity, message.identity);
    if (message.selfReportedHashrate !== undefined) selfReportedHashrate = message.selfReportedHashrate;
    if (message.target) {
      inForce = message.target.hashesPerShare;
      difficulty = message.target.difficulty;
    }
    if (message.job !== undefined && inForce !== undefined) {
      if (jobs.size >= MAX_JOBS && !jobs.has(message.job)) jobs.delete(jobs.keys().next().value as string);
      jobs.set(message.job, inForce);
    }
    if (message.share && message.side === 'client') {
      shares.submitted++;
      const named = message.share.jobs.map((job) => jobs.get(job)).find((value) => value !== undefined);
      const worth = named ?? inForce;
      if (worth !== undefined) {
        shares.valued++;
        shares.hashes += worth;
        shares.firstValued ??= message.time;
        shares.lastValued = message.time;
      }
    }
  }
  return {
    dialect: DIALECT_PRECEDENCE.find((d) => dialects.has(d)),
    client: sides.client,
    server: sides.server,
    shares,
    difficulty,
    selfReportedHashrate,
    identity,
    ...(inForce !== undefined ? { target: { hashesPerShare: inForce, difficulty } } : {}),
  };
}
