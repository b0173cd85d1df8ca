/**
 * What the last sweep found, as gauges: addresses tracked and flagged (by level, and by level and
 * owner nature), the windowed evidence judged, and the flagged addresses' estimated power.
 */
import type { Metrics } from '../metrics/metrics';
import { EVIDENCE_BASES, FLAGGED_LEVELS, MAX_OWNER_NATURES } from '../metrics/label-values';
import type { SweepSummary } from './sweep-summary';

/** The label of every nature past MAX_OWNER_NATURES in one process: an owner map cannot grow the series without bound. */
const OTHER = 'other';

export function findingsExporter(metrics: Metrics): (summary: SweepSummary) => void {
  // Every nature seen so far is set at each sweep, to zero once no flagged address has it.
  const natures = new Set<string>();
  const labelOf = (nature: string) => (natures.has(nature) || natures.size < MAX_OWNER_NATURES ? nature : OTHER);
  return (summary) => {
    metrics.trackedAddresses.set(summary.tracked);
    for (const level of FLAGGED_LEVELS) metrics.flaggedAddresses.set({ level }, summary.flaggedByLevel[level]);
    for (const basis of EVIDENCE_BASES) metrics.sweepEvidence.set({ basis }, summary.evidenceByBasis?.[basis] ?? 0);
    const byNature = new Map<string, number>();
    for (const [key, count] of Object.entries(summary.flaggedByNature ?? {})) {
      const [level, nature] = key.split('|');
      const label = labelOf(nature);
      natures.add(label);
      byNature.set(`${level}|${label}`, (byNature.get(`${level}|${label}`) ?? 0) + count);
    }
    for (const level of FLAGGED_LEVELS) for (const nature of natures) metrics.flaggedByNature.set({ level, nature }, byNature.get(`${level}|${nature}`) ?? 0);
    metrics.estimatedPower.set({ bound: 'min' }, summary.powerWatts?.min ?? 0);
    metrics.estimatedPower.set({ bound: 'max' }, summary.powerWatts?.max ?? 0);
  };
}
