/**
 * Where evidence accumulates between inputs. The CLI uses the in-memory store; the workers use
 * the Redis store. Both merge with the same rules (merge.ts) and return the same snapshot, so
 * scoring and reporting do not know which one they read.
 */
import type { Evidence } from '../detect/api';
import type { StoredEvidence } from './merge';

export interface StoreSnapshot {
  /** Merged evidence per accountable address. */
  subjects: Map<string, StoredEvidence[]>;
}

export interface AddOptions {
  /**
   * Names the unit of work the batch came from (a queue job). Adding the same job again replaces
   * what it added before instead of counting it twice, so a retried or redelivered job changes
   * nothing. Without it each call counts on its own: no idempotence.
   */
  jobId?: string;
}

export interface ScoreStore {
  add(batch: readonly Evidence[], options?: AddOptions): Promise<void>;
  snapshot(): Promise<StoreSnapshot>;
  close(): Promise<void>;
}
