/**
 * The probe's pace: probes started per second over all endpoints (a token bucket holding at most
 * one second's worth), and at most perPrefixPerMinute starts into one /24 (IPv4) or /48 (IPv6) in
 * any 60 s (a sliding window, so a suspect-rich subnet is never hammered). 0 turns a limit off.
 * Time is the real monotonic clock: the limits protect other people's servers, so a test's fake
 * wall clock must not speed them up.
 */
import { parseIp } from '../flow/ip';

const WINDOW_MS = 60_000;
/** Prefix windows kept before the idle ones are dropped (each holds a few timestamps). */
const MAX_PREFIXES = 10_000;

/** The /24 or /48 an address is in, as a key; the address itself when it does not parse. */
export function prefixOf(address: string): string {
  const ip = parseIp(address);
  if (!ip) return address;
  return ip.version === 4 ? `4:${(ip.value >> 8n).toString(16)}/24` : `6:${(ip.value >> 80n).toString(16)}/48`;
}

export class RateLimiter {
  private tokens: number;
  private refilledAt: number;
  private readonly capacity: number;
  private readonly starts = new Map<string, number[]>();

  constructor(
    private readonly perSecond: number,
    private readonly perPrefixPerMinute: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.capacity = Math.max(1, perSecond);
    this.tokens = this.capacity;
    this.refilledAt = clock();
  }

  /** Takes a start for `address` if both limits allow one now (answers 0), else answers how many ms to wait. */
  tryTake(address: string): number {
    const now = this.clock();
    const globalWait = this.globalWait(now);
    const prefixWait = this.prefixWait(address, now);
    const wait = Math.max(globalWait, prefixWait);
    // Rounded to the µs first: float refills (0.998 tokens) must not add a spurious ms.
    if (wait > 0) return Math.max(1, Math.ceil(Math.round(wait * 1000) / 1000));
    if (this.perSecond > 0) this.tokens -= 1;
    if (this.perPrefixPerMinute > 0) {
      const key = prefixOf(address);
      const list = this.starts.get(key) ?? [];
      list.push(now);
      this.starts.set(key, list);
      if (this.starts.size > MAX_PREFIXES) this.prune(now);
    }
    return 0;
  }

  private globalWait(now: number): number {
    if (this.perSecond <= 0) return 0;
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
    return this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.perSecond) * 1000;
  }

  private prefixWait(address: string, now: number): number {
    if (this.perPrefixPerMinute <= 0) return 0;
    const key = prefixOf(address);
    const recent = (this.starts.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
    if (recent.length === 0) this.starts.delete(key);
    else this.starts.set(key, recent);
    if (recent.length < this.perPrefixPerMinute) return 0;
    // The window frees a start when its oldest one ages out.
    return recent[recent.length - Math.ceil(this.perPrefixPerMinute)] + WINDOW_MS - now;
  }

  private prune(now: number): void {
    for (const [key, list] of this.starts) if (list.every((t) => now - t >= WINDOW_MS)) this.starts.delete(key);
  }
}

/**
 * Waits that close() ends at once: each sleep resolves early (with false) when cancelled, so a
 * prober waiting a minute for a prefix's window can be shut down.
 */
export class Waits {
  private readonly pending = new Set<() => void>();
  private cancelled = false;

  get closed(): boolean {
    return this.cancelled;
  }

  /** true when the time passed, false when cancelled. */
  sleep(ms: number): Promise<boolean> {
    if (this.cancelled) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = (passed: boolean) => {
        clearTimeout(timer);
        this.pending.delete(cancel);
        resolve(passed);
      };
      const cancel = () => wake(false);
      const timer = setTimeout(() => wake(true), Math.max(0, ms));
      this.pending.add(cancel);
    });
  }

  cancel(): void {
    this.cancelled = true;
    for (const cancel of [...this.pending]) cancel();
  }
}

/** At most `size` holders at once; acquire() answers false once cancelled. */
export class Slots {
  private used = 0;
  private readonly queue: Array<(ok: boolean) => void> = [];
  private cancelled = false;

  constructor(private readonly size: number) {}

  acquire(): Promise<boolean> {
    if (this.cancelled) return Promise.resolve(false);
    if (this.used < this.size) {
      this.used++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  release(): void {
    const next = this.queue.shift();
    if (next && !this.cancelled) next(true);
    else this.used = Math.max(0, this.used - 1);
  }

  cancel(): void {
    this.cancelled = true;
    for (const waiter of this.queue.splice(0)) waiter(false);
  }
}
