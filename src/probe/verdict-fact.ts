/**
 * A verdict as an intel fact (source `probe`): a confirmed pool is a certain server-side fact, a
 * not-pool one nearly so (the endpoint may speak a dialect we do not ask in); unreachable says
 * nothing about the endpoint and makes no fact. It holds for probe.cacheSeconds, like the cache.
 */
import type { Config } from '../config/schema';
import type { IntelFact } from '../intel/fact';
import type { ProbeVerdict } from './verdict';

export function verdictFact(verdict: ProbeVerdict, settings: Pick<Config['probe'], 'cacheSeconds'>): IntelFact | undefined {
  if (verdict.outcome === 'unreachable') return undefined;
  const at = verdict.startedAt / 1000;
  return {
    address: verdict.address,
    port: verdict.port,
    verdict: verdict.outcome,
    source: 'probe',
    confidence: verdict.outcome === 'pool' ? 1 : 0.9,
    firstSeen: at,
    lastSeen: at,
    expiresAt: at + settings.cacheSeconds,
    ...(verdict.dialect ? { dialect: verdict.dialect } : {}),
    ...(verdict.banner ? { banner: verdict.banner.slice(0, 200) } : {}),
    ...(verdict.transport ? { transport: verdict.transport } : {}),
    ...(verdict.reason ? { reason: verdict.reason.slice(0, 500) } : {}),
  };
}
