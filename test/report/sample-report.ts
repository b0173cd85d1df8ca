/** Reports built from a few fake evidence items through the real scorer, for the renderer tests. */
import type { Evidence } from '../../src/detect/api';
import { configSchema } from '../../src/config/schema';
import { cidrMatcher } from '../../src/flow/ip';
import { buildReport, type InputSummary, type Report } from '../../src/report/model';
import { codeSpecs } from '../../src/score/code-specs';
import { scoreSnapshot } from '../../src/score/findings';
import { parseOwnerMap } from '../../src/score/owners';
import { MemoryStore } from '../../src/store/memory-store';
import { fakeDetector } from '../score/fake-detector';

export const config = configSchema.parse({});

export async function reportFrom(
  evidence: Evidence[],
  options: { owners?: string; homeNetworks?: string[]; inputs?: InputSummary[] } = {},
): Promise<Report> {
  const homeNetworks = options.homeNetworks ?? config.homeNetworks;
  const store = new MemoryStore();
  await store.add(evidence);
  const { hosts, pools } = scoreSnapshot(await store.snapshot(), {
    specs: codeSpecs([fakeDetector]),
    score: config.score,
    estimates: config.estimates,
    isHome: cidrMatcher(homeNetworks),
    owners: parseOwnerMap(options.owners ?? ''),
  });
  return buildReport(options.inputs ?? [], hosts, pools, { generator: 'rigsweep test', generatedAt: new Date('2026-01-01T00:00:00Z'), homeNetworks });
}

/** A miner measured from its shares (hashrate, power) at 192.168.1.10. */
export const measuredMiner = (facts: Evidence['facts'] = {}) => ({
  facts,
  measures: { algorithm: 'sha256', algorithmStated: true, shares: 25, hashes: 25 * 65536 * 2 ** 32, windowSeconds: 590 },
});
