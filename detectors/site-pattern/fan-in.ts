/**
 * Fan-in: many home addresses converging on one outside endpoint with stratum-like sessions.
 * Each of them is told, with how many others share the endpoint (a pool, or a relay for one).
 */
import { SITE_CODES } from './codes';
import type { SiteFinding } from './finding';
import { endpointText, groupBy, type MiningSession } from './mining-sessions';

export function fanIns(sessions: readonly MiningSession[], isHome: (ip: string) => boolean, minClients: number): SiteFinding[] {
  const outward = sessions.filter((s) => !isHome(s.triplet.server));
  const found: SiteFinding[] = [];
  for (const converging of groupBy(outward, (s) => endpointText(s.triplet.server, s.triplet.serverPort)).values()) {
    const perClient = groupBy(converging, (s) => s.triplet.client);
    if (!(perClient.size >= minClients)) continue;
    for (const [, own] of perClient) {
      const { triplet } = own[0];
      found.push({
        code: SITE_CODES.fanIn,
        triplet,
        size: perClient.size,
        facts: { clients: perClient.size, endpoint: endpointText(triplet.server, triplet.serverPort), sessions: own.length },
      });
    }
  }
  return found;
}
