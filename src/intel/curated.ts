/**
 * The curated lists (config/indicators/*.csv) as intel facts: the endpoint list becomes
 * `curated` endpoint facts, imported name facts join the pool-domain suffixes.
 */
import type { Indicators, PoolDomainIndicator, PoolEndpointIndicator } from '../detect/api';
import type { IntelFact, NameFact } from './fact';

/** Curated rows do not expire: their `seen` date tells the analyst how old they are. */
export const NEVER = 8.64e12;

export function curatedFact(row: PoolEndpointIndicator): IntelFact {
  const seen = Date.parse(`${row.seen}T00:00:00Z`) / 1000;
  return {
    address: row.address,
    ...(row.port !== undefined ? { port: row.port } : {}),
    verdict: 'pool',
    source: 'curated',
    confidence: 0.9,
    firstSeen: seen,
    lastSeen: seen,
    expiresAt: NEVER,
    pool: row.pool,
    coin: row.coin,
    reason: row.source,
  };
}

/** Name facts as pool-domain suffixes, after the curated ones (the first row for a suffix wins). */
export function withNameFacts(indicators: Indicators, names: readonly NameFact[]): Indicators {
  if (names.length === 0) return indicators;
  const extra: PoolDomainIndicator[] = names.map((n) => ({
    suffix: n.name,
    pool: n.pool ?? n.source,
    coin: n.coin ?? 'unknown',
    source: n.source,
  }));
  return { ...indicators, poolDomains: [...indicators.poolDomains, ...extra] };
}
