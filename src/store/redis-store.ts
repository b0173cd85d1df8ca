import { randomUUID } from 'node:crypto';
import Redis, { type Cluster } from 'ioredis';
import type { Evidence } from '../detect/api';
import type { StoredEvidence } from './merge';
import { assertJobId, foldPartials, JOB_KEY_SEPARATOR, mergeBatch } from './job-partials';
import { storeKeys, type StoreKeys } from './redis/keys';
import type { AddOptions, ScoreStore, StoreSnapshot } from './score-store';

/** Subjects per SSCAN page and per HGETALL pipeline: bounds round trips and reply sizes. */
const SNAPSHOT_PAGE = 200;

let unnamedJobs = 0;
/**
 * A job id for an add without one: unique across processes (no idempotence then), and sorting
 * roughly by time so unnamed adds fold in about the order they were made.
 */
function unnamedJobId(): string {
  unnamedJobs += 1;
  return `unnamed-${Date.now().toString().padStart(15, '0')}-${unnamedJobs.toString().padStart(10, '0')}-${randomUUID()}`;
}

/**
 * The scale-out store: workers on many machines add into one Redis. Each add writes its job's
 * partials (one per dedup key) as fields `jobId|dedupKey` of a per-subject hash in one MULTI/EXEC,
 * so a replayed job rewrites the same fields with the same values. Merging happens in TS at
 * snapshot time with the same rules as the memory store (job-partials.ts, merge.ts).
 */
export class RedisStore implements ScoreStore {
  private readonly client: Redis | Cluster;
  /** Only a client the store created is the store's to quit. */
  private readonly ownsClient: boolean;
  private readonly keys: StoreKeys;

  constructor(client: Redis | Cluster | string, prefix: string) {
    this.keys = storeKeys(prefix);
    this.ownsClient = typeof client === 'string';
    this.client = typeof client === 'string' ? new Redis(client) : client;
  }

  async add(batch: readonly Evidence[], options: AddOptions = {}): Promise<void> {
    const jobId = options.jobId ?? unnamedJobId();
    assertJobId(jobId);
    const fieldsBySubject = new Map<string, Record<string, string>>();
    for (const [dedupKey, partial] of mergeBatch(batch)) {
      let fields = fieldsBySubject.get(partial.subject);
      if (!fields) fieldsBySubject.set(partial.subject, (fields = {}));
      fields[`${jobId}${JOB_KEY_SEPARATOR}${dedupKey}`] = JSON.stringify(partial);
    }
    if (fieldsBySubject.size === 0) return;
    const transaction = this.client.multi();
    for (const [subject, fields] of fieldsBySubject) transaction.hset(this.keys.evidence(subject), fields);
    transaction.sadd(this.keys.subjects, ...fieldsBySubject.keys());
    const replies = await transaction.exec();
    if (!replies) throw new Error('redis store: transaction aborted');
    const failed = replies.find(([error]) => error);
    if (failed) throw failed[0];
  }

  async snapshot(): Promise<StoreSnapshot> {
    const subjects = new Map<string, StoredEvidence[]>();
    for (const subject of await this.allSubjects()) subjects.set(subject, []);
    const names = [...subjects.keys()];
    for (let start = 0; start < names.length; start += SNAPSHOT_PAGE) {
      const page = names.slice(start, start + SNAPSHOT_PAGE);
      const pipeline = this.client.pipeline();
      for (const subject of page) pipeline.hgetall(this.keys.evidence(subject));
      const replies = (await pipeline.exec()) ?? [];
      page.forEach((subject, i) => {
        const [error, hash] = replies[i] ?? [new Error('redis store: missing pipeline reply'), null];
        if (error) throw error;
        subjects.set(subject, foldSubject(hash as Record<string, string>));
      });
    }
    return { subjects };
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.client.quit();
  }

  /** Sorted, so snapshots list subjects the same way whatever order Redis keeps them in. */
  private async allSubjects(): Promise<string[]> {
    const found = new Set<string>(); // SSCAN may return an element more than once
    let cursor = '0';
    do {
      const [next, page] = await this.client.sscan(this.keys.subjects, cursor, 'COUNT', SNAPSHOT_PAGE);
      for (const subject of page) found.add(subject);
      cursor = next;
    } while (cursor !== '0');
    return [...found].sort();
  }
}

/** One subject's hash → its merged evidence, ordered by dedup key (hash order means nothing). */
function foldSubject(hash: Record<string, string>): StoredEvidence[] {
  const partialsByKey = new Map<string, Array<[string, StoredEvidence]>>();
  for (const [field, json] of Object.entries(hash)) {
    const jobId = field.slice(0, field.indexOf(JOB_KEY_SEPARATOR));
    const partial = JSON.parse(json) as StoredEvidence;
    let partials = partialsByKey.get(partial.dedupKey);
    if (!partials) partialsByKey.set(partial.dedupKey, (partials = []));
    partials.push([jobId, partial]);
  }
  return [...partialsByKey.keys()].sort().map((key) => foldPartials(partialsByKey.get(key) ?? []));
}
