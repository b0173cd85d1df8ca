/**
 * Scale-out as the queue runs it: one run per input file that only inspects, each run's window
 * exported and stored as JSON, then one run that absorbs every part in input order and sweeps.
 */
import type { DetectorRun, Evidence, FlowRecord, WindowPart } from '../../../src/detect/api';

/** What storing a part in Redis and reading it back does to it. */
export const throughJson = (part: WindowPart): WindowPart => JSON.parse(JSON.stringify(part)) as WindowPart;

/** Rows skipped by absorbWindow (it answers them; the DetectorRun API declares void). */
export const skippedBy = (run: DetectorRun, part: unknown): number => run.absorbWindow!(part as WindowPart) as unknown as number;

export interface Parts {
  parts: WindowPart[];
  /** What the workers' inspect returned (triplets evicted from a full table). */
  inspected: Evidence[];
}

/** One fresh run per file, inspect only, its window exported through JSON. */
export function partsOf(newRun: () => DetectorRun, files: FlowRecord[][]): Parts {
  const inspected: Evidence[] = [];
  const parts = files.map((file) => {
    const worker = newRun();
    for (const record of file) inspected.push(...worker.inspect(record));
    return throughJson(worker.exportWindow!());
  });
  return { parts, inspected };
}

/** Absorbs the parts in order; answers the rows skipped. */
export function absorbAll(run: DetectorRun, parts: readonly WindowPart[]): number {
  return parts.reduce((skipped, part) => skipped + skippedBy(run, part), 0);
}

/** The records cut into consecutive files at the given indexes. */
export function cutAt(records: readonly FlowRecord[], cuts: readonly number[]): FlowRecord[][] {
  const bounds = [0, ...[...cuts].map((c) => Math.min(c, records.length)).sort((a, b) => a - b), records.length];
  return bounds.slice(1).map((end, i) => records.slice(bounds[i], end));
}

/** The records in the order an exporter writes them: by end time (a record leaves when it ends). */
export const byEndTime = (records: readonly FlowRecord[]) => [...records].sort((a, b) => a.lastSeen - b.lastSeen);

export const latest = (records: readonly FlowRecord[]) => Math.max(...records.map((r) => r.lastSeen));
