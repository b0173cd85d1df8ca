/**
 * Endpoint intelligence: dated facts "address[:port] is (not) a pool endpoint" from every source
 * — the curated list, DNS refreshes, imported feeds, learning from traffic, active probes — and
 * the stores that keep them (a JSON-lines file for scans, Redis for the queue). The pool-endpoint
 * detector asks a run's view of them; see README.md.
 */
import type { Config } from '../config/schema';
import type { Indicators } from '../detect/api';
import { curatedFact } from './curated';
import type { IntelFact } from './fact';
import { RunIntel } from './view';

export * from './fact';
export { curatedFact, withNameFacts, NEVER } from './curated';
export { RunIntel } from './view';
export { FactIndex } from './fact-index';

/** A run's view: the curated endpoint rows, then every fact loaded for the run. */
export function runIntel(config: Config, indicators: Indicators, facts: readonly IntelFact[] = []): RunIntel {
  return new RunIntel([...indicators.poolEndpoints.map(curatedFact), ...facts], {
    maxLearned: config.indicators.maxLearnedAddresses,
    skipRanges: config.intel.refresh.skipRanges,
  });
}
export { FileIntelStore, RedisIntelStore, inForce, type IntelFacts, type IntelStore, type LoadedFacts } from './store';
export { loadRunFacts, type RunFacts } from './load';
export { refreshStore, type StoreRefresh } from './refresh-store';
