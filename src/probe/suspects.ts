/**
 * Which server endpoints to ask: peers of addresses suspected only by flow shape, site pattern or
 * port (nothing in payload, no pool name, no known pool address), most suspicious first, each
 * once, none the run's intel already holds a probe verdict for (the cache).
 */
import type { Basis, IntelView } from '../detect/api';
import { parseEndpointText } from '../flow/ip';
import type { HostFinding } from '../score/findings';
import type { ProbeTarget } from './index';

const GUESSES: ReadonlySet<Basis> = new Set<Basis>(['behaviour', 'site', 'port']);

export function probeSuspects(hosts: readonly HostFinding[], intel: IntelView, isHome: (ip: string) => boolean, max: number): ProbeTarget[] {
  const targets = new Map<string, ProbeTarget>();
  const ranked = hosts.filter((h) => h.bases.length > 0 && h.bases.every((b) => GUESSES.has(b))).sort((a, b) => b.score - a.score);
  for (const host of ranked) {
    for (const e of host.evidence) {
      if (!GUESSES.has(e.basis) || targets.has(e.peer)) continue;
      const endpoint = parseEndpointText(e.peer);
      if (!endpoint || isHome(endpoint.address)) continue;
      const known = intel.lookup(endpoint.address, endpoint.port, e.firstSeen, e.lastSeen);
      if (known?.source === 'probe') continue;
      targets.set(e.peer, endpoint);
      if (targets.size >= max) return [...targets.values()];
    }
  }
  return [...targets.values()];
}
