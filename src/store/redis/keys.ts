/**
 * Every key of one deployment lives under `rigsweep:{<prefix>}:`. The braces are a Redis Cluster
 * hash tag: all keys hash to one slot, so MULTI/EXEC and pipelines over them work on a cluster too
 * (BullMQ's queues use the same tag, see src/queue/names.ts).
 */
export interface StoreKeys {
  /** Set of every subject that has evidence. */
  subjects: string;
  /** Hash of `jobId|dedupKey` → JSON partial, for one subject. */
  evidence(subject: string): string;
  /** String: JSON of the latest sweep's evidence, replaced whole by each sweep. */
  sweepEvidence: string;
  /** Hash of `subject|dedupKey` → JSON evidence a sweep judged for good (its window had closed). */
  finalEvidence: string;
  /** Hash of jobId → JSON of every detector's window part from that job. */
  windowParts: string;
  /** Sorted set of jobId scored by its window part's latest record time (for retention). */
  windowTimes: string;
  /** Hash of jobId → JSON InputSummary of the input that job read. */
  inputs: string;
  /** Hash of input identity → the order it was enqueued with: each input enqueued once. */
  enqueued: string;
  /** Counter giving each enqueued input its place in the order of all inputs. */
  order: string;
  /** Hash of address → JSON flag record (level, score, when), written by the sweep. */
  followups: string;
  /** Hash of address → JSON analyst decision (confirmed or dismissed, note). */
  decisions: string;
  /** Set of intel fact families held (src/intel/store.ts). */
  intelFamilies: string;
  /** Hash of one intel family's facts: `e|<factKey>` / `n|<nameFactKey>` → JSON. */
  intel(family: string): string;
  /** Hash of deployment-wide counters and times every worker exports (deployment-stats.ts). */
  stats: string;
  /** Glob matching every key of the store (for tests and cleanup, never on a hot path). */
  pattern: string;
}

export function storeKeys(prefix: string): StoreKeys {
  // A brace inside the prefix would end the hash tag early and scatter keys over slots.
  if (prefix === '' || /[{}]/.test(prefix)) throw new Error(`invalid store prefix ${JSON.stringify(prefix)}: must be non-empty without braces`);
  const base = `rigsweep:{${prefix}}:`;
  return {
    subjects: `${base}subjects`,
    evidence: (subject) => `${base}ev:${subject}`,
    sweepEvidence: `${base}sweep-evidence`,
    finalEvidence: `${base}final-evidence`,
    windowParts: `${base}window-parts`,
    windowTimes: `${base}window-times`,
    inputs: `${base}inputs`,
    enqueued: `${base}enqueued`,
    order: `${base}order`,
    followups: `${base}followups`,
    decisions: `${base}decisions`,
    intelFamilies: `${base}intel-families`,
    intel: (family) => `${base}intel:${family}`,
    stats: `${base}stats`,
    pattern: `rigsweep:{${prefix.replace(/[*?[\]\\]/g, '\\$&')}}:*`,
  };
}
