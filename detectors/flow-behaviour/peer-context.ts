/**
 * Destination context: what the other home clients of the same endpoint (server address and
 * port) look like in the same sweep. A chat or game gateway serves many humans whose sessions
 * burst when they type or play; a pool's clients run steadily. When enough clients of one
 * endpoint are judged together and a good share of them are bursty, the endpoint is a service
 * for people, and every session to it loses the `peers` points, the quiet ones included (an idle
 * chat socket at night is Stratum-shaped on its own).
 */
import type { Activity } from './activity-bins';
import type { StratumProfile } from './profile';
import type { PeerContext } from './verdict';

export interface PeerSample {
  client: string;
  server: string;
  serverPort: number;
  /** Variance/mean of packets per active 5-minute bin; NaN when unknown. */
  dispersion: number;
}

/** A triplet as one member of its endpoint's crowd: its dispersion when its bins mean anything. */
export function peerSample(client: string, server: string, serverPort: number, activity: Activity): PeerSample {
  return { client, server, serverPort, dispersion: activity.binsMeaningful ? activity.dispersion : Number.NaN };
}

export const endpointKey = (server: string, serverPort: number) => `${server}|${serverPort}`;

export function peerContexts(samples: Iterable<PeerSample>, profile: StratumProfile): Map<string, PeerContext> {
  const { minClients, burstyDispersion, minBurstyShare } = profile.grade.peers;
  const crowds = new Map<string, Map<string, boolean>>();
  for (const s of samples) {
    if (Number.isNaN(s.dispersion)) continue;
    const key = endpointKey(s.server, s.serverPort);
    let clients = crowds.get(key);
    if (!clients) crowds.set(key, (clients = new Map()));
    clients.set(s.client, (clients.get(s.client) ?? false) || s.dispersion > burstyDispersion);
  }
  const contexts = new Map<string, PeerContext>();
  for (const [key, clients] of crowds) {
    if (!(clients.size >= minClients)) continue;
    let bursty = 0;
    for (const isBursty of clients.values()) if (isBursty) bursty++;
    contexts.set(key, bursty / clients.size >= minBurstyShare ? 'bursty-crowd' : 'steady-crowd');
  }
  return contexts;
}
