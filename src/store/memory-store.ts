import type { Evidence } from '../detect/api';
import { mergeEvidence, type StoredEvidence } from './merge';
import { assertJobId, foldPartials, mergeBatch } from './job-partials';
import type { AddOptions, ScoreStore, StoreSnapshot } from './score-store';

/**
 * Adds without a job id all fold into this one partial, in add order: the CLI never names jobs,
 * and this keeps its memory bounded by dedup keys rather than growing with every add. The empty
 * id cannot clash with a real job (assertJobId refuses it) and sorts before every real one.
 */
const UNNAMED_JOB = '';

/** The embedded default: everything in one process, nothing to install. */
export class MemoryStore implements ScoreStore {
  /** subject → dedupKey → jobId → that job's partial. */
  private readonly bySubject = new Map<string, Map<string, Map<string, StoredEvidence>>>();

  async add(batch: readonly Evidence[], options: AddOptions = {}): Promise<void> {
    const { jobId } = options;
    if (jobId !== undefined) assertJobId(jobId);
    for (const [dedupKey, partial] of mergeBatch(batch)) {
      let keys = this.bySubject.get(partial.subject);
      if (!keys) this.bySubject.set(partial.subject, (keys = new Map()));
      let jobs = keys.get(dedupKey);
      if (!jobs) keys.set(dedupKey, (jobs = new Map()));
      if (jobId !== undefined) {
        jobs.set(jobId, partial); // a replayed job overwrites itself, as HSET does in Redis
      } else {
        const previous = jobs.get(UNNAMED_JOB);
        jobs.set(UNNAMED_JOB, previous ? mergeEvidence(previous, partial) : partial);
      }
    }
  }

  async snapshot(): Promise<StoreSnapshot> {
    const subjects = new Map<string, StoredEvidence[]>();
    for (const [ip, keys] of this.bySubject) subjects.set(ip, [...keys.values()].map((jobs) => foldPartials([...jobs])));
    return { subjects };
  }

  async close(): Promise<void> {}
}
