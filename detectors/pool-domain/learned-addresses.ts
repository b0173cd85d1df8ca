/**
 * Pool addresses learned from DNS answers, so that later flows to them count as pool connections
 * even where nothing names the pool (TLS without SNI, plain Stratum, NetFlow records).
 * Bounded: at most `max` addresses, the least recently learned evicted first; each is forgotten
 * `ttlSeconds` of capture time after the answer was seen. Pool addresses outlive DNS record TTLs
 * (resolvers and miners cache), so the configured lifetime is used rather than the record's.
 */
import type { DomainMatch } from './suffix-index';

export interface LearnedAddress {
  /** The pool name the resolution started from (before any CNAME). */
  poolName: string;
  /** The name whose A/AAAA record held the address (differs from poolName behind a CNAME). */
  resolvedName: string;
  match: DomainMatch;
  learnedAt: number;
  expiresAt: number;
}

export interface LearnedLimits {
  ttlSeconds: number;
  max: number;
}

// Used only when the detector runs without the config (tests, embedding); the schema holds the real defaults.
const FALLBACK_LIMITS: LearnedLimits = { ttlSeconds: 86_400, max: 100_000 };

/** The indicators config section as pool-domain receives it, narrowed to what this store needs. */
export function learnedLimitsFrom(settings: Readonly<Record<string, unknown>>): LearnedLimits {
  const ttl = settings.learnedAddressTtlSeconds;
  const max = settings.maxLearnedAddresses;
  return {
    ttlSeconds: typeof ttl === 'number' && Number.isFinite(ttl) && ttl > 0 ? ttl : FALLBACK_LIMITS.ttlSeconds,
    max: typeof max === 'number' && Number.isInteger(max) && max >= 1 ? max : FALLBACK_LIMITS.max,
  };
}

export class LearnedAddresses {
  /** Insertion order is learning order: the first entry is the least recently learned. */
  private readonly entries = new Map<string, LearnedAddress>();

  constructor(private readonly limits: LearnedLimits) {}

  get size(): number {
    return this.entries.size;
  }

  /** Remembers (or refreshes) an address seen in an answer during [firstSeen, lastSeen]. */
  learn(addressKey: string, entry: Omit<LearnedAddress, 'learnedAt' | 'expiresAt'>, firstSeen: number, lastSeen: number): void {
    if (!Number.isFinite(firstSeen) || !Number.isFinite(lastSeen)) return; // a broken record must not wipe the store
    this.forgetExpired(lastSeen);
    const previous = this.entries.get(addressKey);
    this.entries.delete(addressKey);
    this.entries.set(addressKey, {
      ...entry,
      learnedAt: previous ? Math.min(previous.learnedAt, firstSeen) : firstSeen,
      expiresAt: Math.max(previous?.expiresAt ?? -Infinity, lastSeen + this.limits.ttlSeconds),
    });
    while (this.entries.size > this.limits.max) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** The entry for an address if a flow over [firstSeen, lastSeen] overlaps its lifetime. */
  find(addressKey: string, firstSeen: number, lastSeen: number): LearnedAddress | undefined {
    const entry = this.entries.get(addressKey);
    if (!entry) return undefined;
    if (firstSeen > entry.expiresAt) {
      this.entries.delete(addressKey);
      return undefined;
    }
    // A flow that ended before the answer was seen could not have used it.
    return lastSeen >= entry.learnedAt ? entry : undefined;
  }

  /** Drops expired entries from the old end; amortised O(1) per learn. */
  private forgetExpired(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt >= now) break;
      this.entries.delete(key);
    }
  }
}
