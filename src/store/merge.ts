/**
 * How evidence about the same thing (same dedup key) combines. Both stores use this, so the
 * in-memory and Redis answers cannot drift apart.
 */
import type { Evidence, ShareMeasures } from '../detect/api';

/** Evidence as kept by a store: merged over flows, with the session spans behind it. */
export interface StoredEvidence extends Evidence {
  /** [first, last] seen of each flow record merged in (bounded): rigs come from their overlap. */
  spans: Array<[number, number]>;
  /** Distinct worker names seen (bounded). */
  workers: string[];
}

export const MAX_SPANS = 256;
export const MAX_WORKERS = 64;

export function toStored(e: Evidence): StoredEvidence {
  const worker = e.facts.worker;
  return { ...e, spans: [[e.firstSeen, e.lastSeen]], workers: typeof worker === 'string' ? [worker] : [] };
}

function mergeMeasures(a?: ShareMeasures, b?: ShareMeasures): ShareMeasures | undefined {
  if (!a || !b) return a ?? b;
  const reported = [a.selfReportedHashrate, b.selfReportedHashrate].filter((x): x is number => x !== undefined);
  return {
    algorithm: b.algorithmStated || !a.algorithmStated ? b.algorithm : a.algorithm,
    algorithmStated: a.algorithmStated || b.algorithmStated,
    shares: a.shares + b.shares,
    hashes: a.hashes + b.hashes,
    windowSeconds: a.windowSeconds + b.windowSeconds,
    ...(reported.length ? { selfReportedHashrate: Math.max(...reported) } : {}),
  };
}

export function mergeEvidence(a: StoredEvidence, b: StoredEvidence): StoredEvidence {
  return {
    ...a,
    firstSeen: Math.min(a.firstSeen, b.firstSeen),
    lastSeen: Math.max(a.lastSeen, b.lastSeen),
    count: a.count + b.count,
    facts: { ...a.facts, ...b.facts },
    measures: mergeMeasures(a.measures, b.measures),
    spans: [...a.spans, ...b.spans].slice(0, MAX_SPANS),
    workers: [...new Set([...a.workers, ...b.workers])].slice(0, MAX_WORKERS),
  };
}
