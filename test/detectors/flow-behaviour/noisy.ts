/**
 * Seeded NOISY connections for the activity signals (persistent, even): traffic as bursts at
 * moments in time, drawn from a PRNG (fixtures/lib/prng.ts), then cut into records the way an
 * exporter's active timeout cuts them (one record per slice holding packets). records.ts builds
 * constant-rate connections, whose 5-minute bins are all alike; these are not.
 */
import type { FlowRecord } from '../../../src/detect/api';
import { Prng } from '../../../fixtures/lib/prng';
import { sliceRecords, type ConnectionSketch, type PerMinute } from './records';

/** Packets and IP bytes each way at one moment, `at` seconds into the connection. */
export interface Burst {
  at: number;
  toServer: PerMinute;
  toClient: PerMinute;
}

/** Where and how long, as for a constant-rate connection; the traffic comes from bursts. */
export type NoisySketch = Omit<ConnectionSketch, 'toServer' | 'toClient' | 'source'>;

const none = (): PerMinute => ({ packets: 0, bytes: 0 });
const one = (bytes: number): PerMinute => ({ packets: 1, bytes });

/** Cuts bursts into one record per `recordSeconds` slice that holds packets. */
export function recordsOf(bursts: readonly Burst[], c: NoisySketch): FlowRecord[] {
  const slices = Math.ceil(c.seconds / c.recordSeconds);
  const sums = Array.from({ length: slices }, () => ({ toServer: none(), toClient: none() }));
  for (const b of bursts) {
    if (!(b.at >= 0 && b.at < c.seconds)) continue;
    const s = sums[Math.floor(b.at / c.recordSeconds)];
    s.toServer.packets += b.toServer.packets;
    s.toServer.bytes += b.toServer.bytes;
    s.toClient.packets += b.toClient.packets;
    s.toClient.bytes += b.toClient.bytes;
  }
  return sliceRecords(sums, c);
}

/** Events of a Poisson process with the given mean gap, from `from` to `to` seconds. */
function poisson(prng: Prng, meanGap: number, from: number, to: number, burst: (at: number) => Burst): Burst[] {
  const out: Burst[] = [];
  for (let at = from + prng.exponential(meanGap); at < to; at += prng.exponential(meanGap)) out.push(burst(at));
  return out;
}

/** The handshake and the close: packets in the first and last second, so the session spans the whole time. */
const edges = (seconds: number): Burst[] => [
  { at: 0, toServer: one(60), toClient: one(60) },
  { at: seconds - 1, toServer: one(52), toClient: one(52) },
];

/**
 * Stratum v1 with vardiff: shares at a Poisson rate (a submit and its result), job pushes at a
 * Poisson rate (the notify and its ACK). About 5 packets a minute each way, 140 B to the pool,
 * 250 B back: a steady stream whose bins vary like Poisson counts (dispersion about 2).
 */
export function poissonMiner(seed: number, c: NoisySketch): FlowRecord[] {
  const prng = new Prng(seed);
  const shares = poisson(prng, 20, 1, c.seconds - 1, (at) => ({ at, toServer: one(200), toClient: one(110) }));
  const jobs = poisson(prng, 30, 1, c.seconds - 1, (at) => ({ at, toServer: one(52), toClient: one(450) }));
  return recordsOf([...edges(c.seconds), ...shares, ...jobs], c);
}

/**
 * An idle chat or game socket: a heartbeat each way every `heartbeatSeconds` (jittered by a
 * second or two), and nothing else. Stratum-shaped on its own: small, steady, balanced.
 */
export function quietSocket(seed: number, c: NoisySketch, heartbeatSeconds = 20): Burst[] {
  const prng = new Prng(seed);
  const out: Burst[] = [...edges(c.seconds)];
  for (let at = 1 + prng.between(0, heartbeatSeconds); at < c.seconds - 1; at += heartbeatSeconds + prng.between(-2, 2)) {
    out.push({ at, toServer: one(90), toClient: one(90) });
  }
  return out;
}

/**
 * A chat socket: heartbeats, plus a person chatting now and then: conversations at a Poisson
 * rate (one every ~45 min), each a few minutes of messages every few seconds, sent (the message
 * and its ACK) or received. Bursts between heartbeats: its bins vary far past Poisson.
 */
export function chatSocket(seed: number, c: NoisySketch): FlowRecord[] {
  const prng = new Prng(seed ^ 0x5eed);
  const human: Burst[] = [];
  for (let at = prng.exponential(45 * 60); at < c.seconds - 1; at += prng.exponential(45 * 60)) {
    const until = Math.min(c.seconds - 1, at + 180 + prng.exponential(240));
    for (let t = at; t < until; t += prng.exponential(6)) {
      human.push(prng.next() < 0.5 ? { at: t, toServer: one(320), toClient: one(52) } : { at: t, toServer: one(52), toClient: one(320) });
    }
    at = until;
  }
  return recordsOf([...quietSocket(seed, c), ...human], c);
}

/** Only the heartbeats of chatSocket: the same person's socket while nobody types. */
export const idleSocket = (seed: number, c: NoisySketch): FlowRecord[] => recordsOf(quietSocket(seed, c), c);

/** A push channel (APNs, FCM, IMAP IDLE) that wakes every `wakeMinutes`: a few packets, then silence. */
export function wakingChannel(c: NoisySketch, wakeMinutes = 25): FlowRecord[] {
  const bursts: Burst[] = [...edges(c.seconds)];
  for (let at = wakeMinutes * 60; at < c.seconds - 1; at += wakeMinutes * 60) {
    bursts.push({ at, toServer: { packets: 3, bytes: 3 * 120 }, toClient: { packets: 3, bytes: 3 * 200 } });
  }
  return recordsOf(bursts, c);
}

/**
 * An idle app socket that sends presence or state updates at random moments (a Poisson process,
 * one every ~15 s), a small packet each way: Stratum-shaped on its own, sizes, rate, balance and
 * scatter alike (flow counters cannot tell it from a miner). Only its endpoint's crowd can.
 */
export function presenceSocket(seed: number, c: NoisySketch): FlowRecord[] {
  const prng = new Prng(seed ^ 0x9e37);
  const updates = poisson(prng, 15, 1, c.seconds - 1, (at) => ({ at, toServer: one(130), toClient: one(130) }));
  return recordsOf([...edges(c.seconds), ...updates], c);
}
