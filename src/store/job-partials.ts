/**
 * Idempotent adds, shared by both stores: each job's batch is merged per dedup key into one
 * partial, kept under (job, key); a replayed job overwrites its own partials. A snapshot folds a
 * key's partials with mergeEvidence in job-id order. mergeEvidence is associative but not
 * commutative (later facts win, spans and workers keep arrival order before truncation, the
 * later stated algorithm wins), so a fixed fold order is what makes the snapshot independent of
 * the order jobs arrived in.
 */
import type { Evidence } from '../detect/api';
import { mergeEvidence, toStored, type StoredEvidence } from './merge';

/** The separator of `jobId|dedupKey` fields: a job id must not contain it, so fields split back unambiguously. */
export const JOB_KEY_SEPARATOR = '|';

export function assertJobId(jobId: string): void {
  if (jobId === '' || jobId.includes(JOB_KEY_SEPARATOR)) throw new Error(`invalid job id ${JSON.stringify(jobId)}: must be non-empty without '${JOB_KEY_SEPARATOR}'`);
}

/** What one batch contributes: its evidence merged per dedup key, in batch order. */
export function mergeBatch(batch: readonly Evidence[]): Map<string, StoredEvidence> {
  const byKey = new Map<string, StoredEvidence>();
  for (const e of batch) {
    const stored = toStored(e);
    const previous = byKey.get(e.dedupKey);
    byKey.set(e.dedupKey, previous ? mergeEvidence(previous, stored) : stored);
  }
  return byKey;
}

/** Code-unit order, not locale order: every process and machine must fold the same way. */
const byJobId = (a: readonly [string, StoredEvidence], b: readonly [string, StoredEvidence]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Folds one dedup key's partials, given as [jobId, partial], in job-id order. */
export function foldPartials(partials: ReadonlyArray<readonly [string, StoredEvidence]>): StoredEvidence {
  if (partials.length === 0) throw new Error('no partials to fold');
  const [first, ...rest] = [...partials].sort(byJobId).map(([, item]) => item);
  return rest.reduce(mergeEvidence, first);
}
