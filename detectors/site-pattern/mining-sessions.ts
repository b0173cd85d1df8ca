/**
 * The sessions the site patterns are built from: long-lived sessions of triplets that are
 * stratum-shaped: the graded points flow-behaviour uses, the endpoint's crowd included (a chat
 * gateway's quiet sockets are no fan-in), and every needed signal inside its band.
 */
import { endpointKey, peerContexts, peerSample } from '../flow-behaviour/peer-context';
import type { StratumProfile } from '../flow-behaviour/profile';
import type { TripletStats } from '../flow-behaviour/triplet-stats';
import { isLongLived } from '../flow-behaviour/signals';
import { gradeSignals, isStratumShaped } from '../flow-behaviour/verdict';

export interface MiningSession {
  triplet: TripletStats;
  clientPort: number;
  firstSeen: number;
  lastSeen: number;
}

export function miningSessions(triplets: Iterable<TripletStats>, profile: StratumProfile): MiningSession[] {
  const sessions: MiningSession[] = [];
  const graded = [...triplets].map((triplet) => ({ triplet, graded: gradeSignals(triplet, profile) }));
  const contexts = peerContexts(
    graded.map(({ triplet, graded }) => peerSample(triplet.client, triplet.server, triplet.serverPort, graded.measures.activity)),
    profile,
  );
  for (const { triplet, graded: g } of graded) {
    const peers = contexts.get(endpointKey(triplet.server, triplet.serverPort)) ?? 'few';
    if (!isStratumShaped(g, peers, profile)) continue;
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

export { endpointText } from '../../src/detect/api';

/** Up to `limit` items of a list as text, with how many were left out. */
export function sampleText(items: readonly string[], limit = 5): string {
  const shown = items.slice(0, limit).join(', ');
  return items.length > limit ? `${shown} (+${items.length - limit} more)` : shown;
}
