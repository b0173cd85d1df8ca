/**
 * One refresh of a store's `dns-resolved` family: the stratum hosts, the pool-domain suffixes and
 * the imported names resolved, merged into what the store held (first sighting kept), and facts
 * past their lifetime removed. `intel refresh` and the queue's repeatable intel job both run this.
 */
import type { Config } from '../config/schema';
import type { Indicators } from '../detect/api';
import { ageOut, loadPoolHosts, namesToRefresh, refreshPoolEndpoints, type RefreshOutcome } from './refresh';
import type { IntelStore } from './store';

export interface StoreRefresh extends RefreshOutcome {
  names: number;
  kept: number;
  expired: number;
}

export async function refreshStore(config: Config, indicators: Indicators, store: IntelStore, now = Date.now() / 1000): Promise<StoreRefresh> {
  const { facts } = await store.load();
  const names = namesToRefresh(loadPoolHosts(config.intel.poolHosts), indicators.poolDomains, facts.names);
  const outcome = await refreshPoolEndpoints(names, config.intel.refresh, { now });
  const { keep, expired } = ageOut(
    facts.endpoints.filter((f) => f.source === 'dns-resolved'),
    outcome.facts,
    now,
  );
  await store.put({ endpoints: keep, names: [] });
  await store.remove({ endpoints: expired, names: [] });
  return { ...outcome, names: names.length, kept: keep.length, expired: expired.length };
}
