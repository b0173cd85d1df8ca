/**
 * A refresh's facts merged into what the store holds. A name that stopped resolving (a pool
 * renumbered, a region closed, a resolver hiccup) keeps its old facts until they expire: one
 * missed refresh must not blind detection, and factTtlSeconds bounds how long a stale address
 * lingers after the pool moved off it.
 */
import { factKey, mergeFacts, type IntelFact } from '../fact';

/**
 * `existing`'s dns-resolved facts (other sources belong to other writers and are ignored) merged
 * with `fresh` by factKey — first sighting kept, lastSeen and expiresAt advanced — then split
 * into those still valid at `now` and those past their expiresAt.
 */
export function ageOut(existing: readonly IntelFact[], fresh: readonly IntelFact[], now: number): { keep: IntelFact[]; expired: IntelFact[] } {
  const merged = new Map<string, IntelFact>();
  for (const f of [...existing, ...fresh]) {
    if (f.source !== 'dns-resolved') continue;
    const key = factKey(f);
    const known = merged.get(key);
    merged.set(key, known ? mergeFacts(known, f) : f);
  }
  const keep: IntelFact[] = [];
  const expired: IntelFact[] = [];
  for (const f of merged.values()) (f.expiresAt < now ? expired : keep).push(f);
  return { keep, expired };
}
