/** What a sweep reports back to its worker (logs, metrics): small, unlike the sweep's report. */
import { isStillFlagged } from '../report/model';
import type { SweepOutcome } from './sweep';

export interface SweepSummary {
  parts: number;
  droppedParts: number;
  unreadableParts: number;
  skippedRows: number;
  evidence: number;
  tracked: number;
  flagged: number;
  flaggedByLevel: { medium: number; high: number };
  raised: { new: number; raised: number };
  intel: SweepOutcome['intel'];
  seconds: number;
}

export function summarizeSweep(outcome: SweepOutcome, seconds: number): SweepSummary {
  const flagged = outcome.report.hosts.filter(isStillFlagged);
  return {
    parts: outcome.parts,
    droppedParts: outcome.droppedParts,
    unreadableParts: outcome.unreadableParts,
    skippedRows: outcome.skippedRows,
    evidence: outcome.evidence,
    tracked: outcome.report.hosts.length,
    flagged: flagged.length,
    flaggedByLevel: { medium: flagged.filter((h) => h.level === 'medium').length, high: flagged.filter((h) => h.level === 'high').length },
    raised: { new: outcome.raised.filter((j) => j.reason === 'new').length, raised: outcome.raised.filter((j) => j.reason === 'raised').length },
    intel: outcome.intel,
    seconds,
  };
}
