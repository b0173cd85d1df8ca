/** A host's plan: its sessions (decided once, from the host's seed) and its bulk traffic profile. */
import { Prng } from '../../fixtures/lib/prng';
import type { BulkProfile } from './bulk';
import { persistent, type PersistentOptions, type Timer } from './persistent';
import type { Conn, Pkt } from './types';

export interface SessionPlan {
  start: number;
  end: number;
  server: number;
  serverPort: number;
  protocol: number;
  /** The connecting side when it is not the host (inbound peers, clients of a served site). */
  client?: number;
  clientPort: number;
  /** A mining session: counts toward the host's miningSeconds. */
  mining?: boolean;
  seed: number;
  build(rng: Prng, conn: Conn, windowEnd: number): Generator<Pkt>;
}

export interface HostPlan {
  index: number;
  address: number;
  ip: string;
  cls: string;
  miner: boolean;
  windows: boolean;
  sessions: SessionPlan[];
  bulk: BulkProfile;
  seed: number;
}

/** What a class's planner works with: the host's PRNG and window, and a way to add sessions. */
export interface Planner {
  rng: Prng;
  address: number;
  windows: boolean;
  start: number;
  end: number;
  sessions: SessionPlan[];
}

export interface TcpSpec {
  server: number;
  port: number;
  start: number;
  end: number;
  /** TLS overhead per message: 0 plaintext; else 22 (TLS 1.3) or 29 (TLS 1.2 GCM). */
  tls: number;
  login?: { up: number; down: number };
  close?: PersistentOptions['close'];
  mining?: boolean;
  client?: number;
  protocol?: number;
  /** The timers, built with the session's own PRNG. */
  timers(rng: Prng): Timer[];
}

export function tlsOverhead(rng: Prng): number {
  return rng.next() < 0.75 ? 22 : 29;
}

/** Adds one persistent TCP session to the plan. */
export function addTcp(p: Planner, s: TcpSpec): void {
  if (s.start >= p.end || s.end <= s.start || s.end <= p.start) return;
  const windowStart = p.start;
  const clientPort = s.client === undefined ? (p.windows ? p.rng.int(49152, 65535) : p.rng.int(32768, 60999)) : p.rng.int(32768, 65535);
  p.sessions.push({
    start: s.start,
    end: s.end,
    server: s.server,
    serverPort: s.port,
    protocol: s.protocol ?? 6,
    client: s.client,
    clientPort,
    mining: s.mining,
    seed: p.rng.int(0, 0x7fffffff),
    build(rng, conn, windowEnd) {
      const rtt = rng.between(0.008, 0.16);
      return persistent({
        rng,
        conn,
        rtt,
        access: rng.between(0.002, 0.02),
        tlsOverhead: s.tls,
        // Established long before the window: only its last hour before it is simulated.
        start: Math.max(s.start, windowStart - 3600),
        end: s.end,
        windowEnd,
        tls: s.tls > 0 ? { hello: rng.int(517, 1900), server: rng.int(2400, 6500) } : undefined,
        login: s.login,
        timers: s.timers(rng),
        close: s.close ?? 'fin-client',
      });
    },
  });
}

/** Seconds a session list covers inside [start, end). */
export function coveredSeconds(sessions: readonly SessionPlan[], start: number, end: number): number {
  const spans = sessions.map((s) => [Math.max(start, s.start), Math.min(end, s.end)] as const).filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let until = -Infinity;
  for (const [a, b] of spans) {
    if (b <= until) continue;
    total += b - Math.max(a, until);
    until = b;
  }
  return total;
}

export function seedOf(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const x of parts) h = Math.imul(h ^ (x >>> 0), 0x85ebca6b) ^ (h >>> 13);
  return (h ^ (h >>> 16)) >>> 0;
}

export function rngOf(...parts: number[]): Prng {
  return new Prng(seedOf(...parts));
}
