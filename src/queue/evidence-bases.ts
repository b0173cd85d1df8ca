/**
 * Evidence a job found, counted by basis (ingest jobs: rigsweep_evidence_total; sweeps:
 * rigsweep_sweep_evidence). Counted where the evidence is made (the ingest and sweep children)
 * and sent back in the job's result, since the worker process that exports the metrics never
 * sees the evidence itself.
 */
import type { Basis, Detector } from '../detect/api';
import { codeSpecs } from '../score/code-specs';

export type EvidenceByBasis = Partial<Record<Basis, number>>;

export function evidenceByBasis(items: ReadonlyArray<{ code: string }>, detectors: readonly Detector[]): EvidenceByBasis {
  const specs = codeSpecs(detectors);
  const counts: EvidenceByBasis = {};
  for (const { code } of items) {
    const basis = specs.get(code)?.basis;
    if (basis) counts[basis] = (counts[basis] ?? 0) + 1;
  }
  return counts;
}
