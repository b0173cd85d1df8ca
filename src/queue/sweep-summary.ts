/** What a sweep reports back to its worker (logs, metrics): small, unlike the sweep's report. */
import { isStillFlagged } from '../report/model';
import type { SweepOutcome } from './sweep';
import type { EvidenceByBasis } from './evidence-bases';
import { ownerNatureLabel } from '../metrics/label-values';

export interface SweepSummary {
  parts: number;
  droppedParts: number;
  unreadableParts: number;
  skippedRows: number;
  evidence: number;
  /** The windowed evidence the sweep judged, by basis (rigsweep_sweep_evidence). */
  evidenceByBasis: EvidenceByBasis;
  tracked: number;
  flagged: number;
  flaggedByLevel: { medium: number; high: number };
  /** Flagged addresses by `level|nature` label (owner nature from the owner map, bounded). */
  flaggedByNature: Record<string, number>;
  /** Estimated power of the flagged addresses, watts (the report's kW range). */
  powerWatts?: { min: number; max: number };
  /** Unix seconds the sweep finished; set by the scheduled sweep. */
  finishedAt?: number;
  raised: { new: number; raised: number };
  intel: SweepOutcome['intel'];
  seconds: number;
}

export function summarizeSweep(outcome: SweepOutcome, seconds: number): SweepSummary {
  const flagged = outcome.report.hosts.filter(isStillFlagged);
  const power = outcome.report.summary.estimatedPower;
  return {
    parts: outcome.parts,
    droppedParts: outcome.droppedParts,
    unreadableParts: outcome.unreadableParts,
    skippedRows: outcome.skippedRows,
    evidence: outcome.evidence,
    evidenceByBasis: outcome.evidenceByBasis,
    tracked: outcome.report.hosts.length,
    flagged: flagged.length,
    flaggedByLevel: { medium: flagged.filter((h) => h.level === 'medium').length, high: flagged.filter((h) => h.level === 'high').length },
    flaggedByNature: countBy(flagged.map((h) => `${h.level}|${ownerNatureLabel(h.owner?.nature)}`)),
    ...(power && { powerWatts: { min: power.kwMin * 1000, max: power.kwMax * 1000 } }),
    raised: { new: outcome.raised.filter((j) => j.reason === 'new').length, raised: outcome.raised.filter((j) => j.reason === 'raised').length },
    intel: outcome.intel,
    seconds,
  };
}

function countBy(keys: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}
