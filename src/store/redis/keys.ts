/**
 * Every key of one store lives under `rigsweep:{<prefix>}:`. The braces are a Redis Cluster hash
 * tag: all keys hash to one slot, so MULTI/EXEC and pipelines over them work on a cluster too.
 */
export interface StoreKeys {
  /** Set of every subject that has evidence. */
  subjects: string;
  /** Hash of `jobId|dedupKey` → JSON partial, for one subject. */
  evidence(subject: string): string;
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
    pattern: `rigsweep:{${prefix.replace(/[*?[\]\\]/g, '\\$&')}}:*`,
  };
}
