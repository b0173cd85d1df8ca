/**
 * A mining proxy inside the home networks: a home address that several home clients reach with
 * stratum-like sessions on one port, and that itself holds a stratum-like session to an outside
 * endpoint (the pool it relays to). Accountable: the proxy; its peer is that upstream endpoint.
 */
import { SITE_CODES } from './codes';
import type { SiteFinding } from './finding';
import { endpointText, groupBy, type MiningSession } from './mining-sessions';

const longest = (sessions: readonly MiningSession[]) =>
  [...sessions].sort((a, b) => b.lastSeen - b.firstSeen - (a.lastSeen - a.firstSeen))[0];

export function proxies(sessions: readonly MiningSession[], isHome: (ip: string) => boolean, minClients: number): SiteFinding[] {
  const upstreams = groupBy(
    sessions.filter((s) => !isHome(s.triplet.server)),
    (s) => s.triplet.client,
  );
  const inward = sessions.filter((s) => isHome(s.triplet.server) && s.triplet.server !== s.triplet.client);
  const found: SiteFinding[] = [];
  for (const served of groupBy(inward, (s) => endpointText(s.triplet.server, s.triplet.serverPort)).values()) {
    const { server, serverPort } = served[0].triplet;
    const clients = new Set(served.map((s) => s.triplet.client));
    const relay = upstreams.get(server);
    if (!(clients.size >= minClients) || !relay) continue;
    const upstream = longest(relay).triplet;
    found.push({
      code: SITE_CODES.proxy,
      triplet: upstream,
      size: clients.size,
      facts: { clients: clients.size, listenPort: serverPort, upstream: endpointText(upstream.server, upstream.serverPort) },
      dedupKey: `${SITE_CODES.proxy}|${server}|${serverPort}`,
    });
  }
  return found;
}
