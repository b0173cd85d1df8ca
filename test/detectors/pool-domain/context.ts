/** A pool-domain run over a small hand-made indicator list, for the tests in this folder. */
import type { DetectorRun, Evidence, PoolDomainIndicator } from '../../../src/detect/api';
import { poolDomainDetector } from '../../../detectors/pool-domain';
import { RunIntel } from '../../../src/intel';

export const TEST_DOMAINS: PoolDomainIndicator[] = [
  { suffix: 'nanopool.org', pool: 'Nanopool', coin: 'multi', source: 'test' },
  { suffix: 'f2pool.com', pool: 'F2Pool', coin: 'multi', source: 'test' },
  { suffix: 'pool.com', pool: 'Example pool', coin: 'XMR', source: 'test' },
  { suffix: 'mine.c3pool.com', pool: 'C3Pool', coin: 'XMR', source: 'test' },
];

export function poolDomainRun(settings: Record<string, unknown> = {}, domains = TEST_DOMAINS, intel = new RunIntel([], { maxLearned: 1000, skipRanges: [] })): DetectorRun {
  return poolDomainDetector.create({ isHome: () => true, indicators: { poolDomains: domains, poolEndpoints: [] }, intel, settings });
}

export function codes(evidence: Evidence[]): string[] {
  return evidence.map((e) => e.code).sort();
}
