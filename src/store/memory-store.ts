import type { Evidence } from '../detect/api';
import { mergeEvidence, toStored, type StoredEvidence } from './merge';
import type { ScoreStore, StoreSnapshot } from './score-store';

/** The embedded default: everything in one process, nothing to install. */
export class MemoryStore implements ScoreStore {
  private readonly bySubject = new Map<string, Map<string, StoredEvidence>>();

  async add(batch: readonly Evidence[]): Promise<void> {
    for (const e of batch) {
      let items = this.bySubject.get(e.subject);
      if (!items) this.bySubject.set(e.subject, (items = new Map()));
      const stored = toStored(e);
      const previous = items.get(e.dedupKey);
      items.set(e.dedupKey, previous ? mergeEvidence(previous, stored) : stored);
    }
  }

  async snapshot(): Promise<StoreSnapshot> {
    const subjects = new Map<string, StoredEvidence[]>();
    for (const [ip, items] of this.bySubject) subjects.set(ip, [...items.values()]);
    return { subjects };
  }

  async close(): Promise<void> {}
}
