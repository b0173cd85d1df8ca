/**
 * A long-lived connection driven by timers: heartbeats, keepalives sent only after silence,
 * server pushes, human message bursts, share submissions. Each timer draws its own gaps, so no
 * two hosts share a rhythm exactly; sessions start after a TCP (and TLS) handshake and end with
 * FIN, RST, or nothing (the observation window closes, or a NAT silently drops the mapping).
 */
import type { Prng } from '../../fixtures/lib/prng';
import type { Pkt } from './types';
import { Wire, type WireOptions } from './wire';

export interface Timer {
  /** Who sends: 0 the client, 1 the server. */
  from: 0 | 1;
  /** Seconds to the next firing after `now`. */
  gap(now: number): number;
  /** Fires only after `gap` seconds in which `from` sent nothing (MQTT PINGREQ, OpenVPN ping, XMRig keepalived). */
  idleOnly?: boolean;
  /** Application bytes of one message (protocol framing included, TLS not). */
  size(): number;
  /** The answer's application bytes, when the message gets one. */
  reply?: () => number;
  /** Seconds the other side takes to answer (server think time, long-poll hold). */
  replyDelay?: () => number;
  /** Messages per firing (a human typing a few lines, a batch of events); default 1. */
  burst?: () => number;
  /** Seconds between messages of a burst. */
  burstGap?: () => number;
}

export interface PersistentOptions extends WireOptions {
  start: number;
  /** When the application closes the connection (may be after the window). */
  end: number;
  /** The observation window's end: nothing is generated at or after it. */
  windowEnd: number;
  /** TLS handshake sizes (client hello, server hello + certificates), or none for plaintext. */
  tls?: { hello: number; server: number };
  /** The first exchange after the handshake (login, subscribe, REGISTER...). */
  login?: { up: number; down: number };
  timers: Timer[];
  close: 'fin-client' | 'fin-server' | 'rst-server' | 'silent';
}

export function* persistent(o: PersistentOptions): Generator<Pkt> {
  const w = new Wire(o);
  if (o.start >= o.windowEnd) return;
  let now = w.open(o.start, o.tls);
  if (o.login) now = w.send(now + 0.01, 0, o.login.up, o.login.down, o.rng.between(0.005, 0.08));
  yield* w.take();
  const lastSent: [number, number] = [now, now];
  const next = o.timers.map((t) => (t.idleOnly ? Infinity : now + t.gap(now)));
  const idleWait = o.timers.map((t) => (t.idleOnly ? t.gap(now) : 0));
  const stop = Math.min(o.end, o.windowEnd);
  for (;;) {
    let best = -1;
    let at = Infinity;
    for (let i = 0; i < o.timers.length; i++) {
      const t = o.timers[i];
      const due = t.idleOnly ? lastSent[t.from] + idleWait[i] : next[i];
      if (due < at) {
        at = due;
        best = i;
      }
    }
    if (best < 0 || at >= stop) break;
    const timer = o.timers[best];
    const count = timer.burst ? Math.max(1, timer.burst()) : 1;
    let t = at;
    for (let k = 0; k < count && t < stop; k++) {
      const reply = timer.reply?.();
      w.send(t, timer.from, timer.size(), reply, reply === undefined ? 0 : (timer.replyDelay?.() ?? o.rng.between(0.002, 0.05)));
      lastSent[timer.from] = t;
      if (reply !== undefined) lastSent[timer.from === 0 ? 1 : 0] = t + o.rtt;
      t += timer.burstGap ? timer.burstGap() : 1;
    }
    if (timer.idleOnly) idleWait[best] = timer.gap(at);
    else next[best] = at + timer.gap(at);
    yield* w.take();
  }
  if (o.end < o.windowEnd) {
    if (o.close === 'fin-client') w.close(o.end, 0);
    else if (o.close === 'fin-server') w.close(o.end, 1);
    else if (o.close === 'rst-server') w.close(o.end, 1, true);
    yield* w.take().filter((p) => p.t < o.windowEnd);
  }
}

/** Subscriber activity by local hour (residential broadband: trough 03-06, peak 20-22). */
const HOURLY = [0.45, 0.3, 0.2, 0.13, 0.1, 0.1, 0.15, 0.3, 0.45, 0.5, 0.55, 0.6, 0.65, 0.6, 0.6, 0.62, 0.68, 0.75, 0.85, 0.95, 1, 1, 0.9, 0.7];

/** Relative activity at unix time `t` (interpolated between hours; local time = UTC here). */
export function diurnal(t: number): number {
  const h = ((t / 3600) % 24 + 24) % 24;
  const i = Math.floor(h);
  const f = h - i;
  return HOURLY[i] * (1 - f) + HOURLY[(i + 1) % 24] * f;
}

/** Gap of a Poisson process whose rate follows the diurnal curve (mean `mean` at the peak). */
export function diurnalGap(rng: Prng, mean: number, now: number, floor = 0.05): number {
  return rng.exponential(mean) / Math.max(floor, diurnal(now));
}

/** Log-normal with median `median` and shape sigma. */
export function lognormal(rng: Prng, median: number, sigma: number): number {
  const u = Math.max(1e-12, rng.next());
  const v = rng.next();
  return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}

/** A timer with a fixed-ish period: `period` ± `jitter` seconds. */
export function periodic(rng: Prng, period: number, jitter: number): (now: number) => number {
  return () => Math.max(0.05, period + rng.between(-jitter, jitter));
}
