/**
 * The sessions the site patterns are built from: long-lived sessions of triplets that are
 * stratum-like by the same predicate flow-behaviour uses.
 */
import type { StratumProfile } from '../flow-behaviour/profile';
import type { TripletStats } from '../flow-behaviour/triplet-stats';
import { isLongLived } from '../flow-behaviour/signals';
import { isStratumLike } from '../flow-behaviour/verdict';

export interface MiningSession {
  triplet: TripletStats;
  clientPort: number;
  firstSeen: number;
  lastSeen: number;
}

export function miningSessions(triplets: Iterable<TripletStats>, profile: StratumProfile): MiningSession[] {
  const sessions: MiningSession[] = [];
  for (const triplet of triplets) {
    if (!isStratumLike(triplet, profile)) continue;
    for (const s of triplet.sessions) {
      if (isLongLived(s.lastSeen - s.firstSeen, profile)) sessions.push({ triplet, clientPort: s.clientPort, firstSeen: s.firstSeen, lastSeen: s.lastSeen });
    }
  }
  return sessions;
}

export function groupBy<K>(sessions: readonly MiningSession[], keyOf: (s: MiningSession) => K): Map<K, MiningSession[]> {
  const groups = new Map<K, MiningSession[]>();
  for (const s of sessions) {
    const key = keyOf(s);
    const group = groups.get(key);
    if (group) group.push(s);
    else groups.set(key, [s]);
  }
  return groups;
}

export const endpointText = (ip: string, port: number) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** Up to `limit` items of a list as text, with how many were left out. */
export function sampleText(items: readonly string[], limit = 5): string {
  const shown = items.slice(0, limit).join(', ');
  return items.length > limit ? `${shown} (+${items.length - limit} more)` : shown;
}
