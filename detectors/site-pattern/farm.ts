/**
 * A farm behind NAT: one home address holding many stratum-like sessions to outside endpoints
 * at the same time. One miner keeps one session (plus a brief overlap on reconnect); a dozen
 * concurrent ones are a dozen rigs sharing the address.
 */
import { maxOverlap } from '../flow-behaviour/overlap';
import { SITE_CODES } from './codes';
import type { SiteFinding } from './finding';
import { endpointText, groupBy, sampleText, type MiningSession } from './mining-sessions';

function busiestTriplet(sessions: readonly MiningSession[]): MiningSession['triplet'] {
  const perTriplet = groupBy(sessions, (s) => s.triplet);
  return [...perTriplet].sort(([, a], [, b]) => b.length - a.length)[0][0];
}

export function farms(sessions: readonly MiningSession[], isHome: (ip: string) => boolean, minSessions: number): SiteFinding[] {
  const outward = sessions.filter((s) => !isHome(s.triplet.server));
  const found: SiteFinding[] = [];
  for (const [client, own] of groupBy(outward, (s) => s.triplet.client)) {
    const concurrent = maxOverlap(own.map((s) => [s.firstSeen, s.lastSeen] as const));
    if (!(concurrent >= minSessions)) continue;
    const endpoints = [...new Set(own.map((s) => endpointText(s.triplet.server, s.triplet.serverPort)))];
    found.push({
      code: SITE_CODES.farm,
      triplet: busiestTriplet(own),
      size: concurrent,
      facts: { concurrentSessions: concurrent, sessions: own.length, endpoints: endpoints.length, endpointList: sampleText(endpoints) },
      dedupKey: `${SITE_CODES.farm}|${client}`,
    });
  }
  return found;
}
