/**
 * What one refresh resolves: the stratum hosts, the pool-domain suffixes (a suffix is often a
 * stratum host itself: `stratum.braiins.com`, `eu.nicehash.com`), and the names imported feeds
 * listed. Each name once; the first listing wins, so a name's pool and coin come from the
 * curated stratum host list before a suffix row or a feed.
 */
import type { NameFact } from '../fact';
import type { PoolHost } from './pool-hosts';

export interface RefreshName {
  /** Lower-case, no trailing dot. */
  name: string;
  /** Empty when the listing does not say (a feed name without pool or coin). */
  pool: string;
  coin: string;
  /** Where the name came from: 'pool-hosts', 'pool-domains', or the feed's source (`feed:<name>`). */
  via: string;
}

export function namesToRefresh(
  hosts: readonly PoolHost[],
  domains: readonly { suffix: string; pool: string; coin: string }[],
  nameFacts: readonly NameFact[] = [],
): RefreshName[] {
  const names = new Map<string, RefreshName>();
  const add = (raw: string, pool: string, coin: string, via: string) => {
    const name = raw.trim().toLowerCase().replace(/\.$/, '');
    if (name !== '' && !names.has(name)) names.set(name, { name, pool, coin, via });
  };
  for (const h of hosts) add(h.host, h.pool, h.coin, 'pool-hosts');
  for (const d of domains) add(d.suffix, d.pool, d.coin, 'pool-domains');
  for (const n of nameFacts) add(n.name, n.pool ?? '', n.coin ?? '', n.source);
  return [...names.values()];
}
