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
  readonly client: Redis | Cluster;
  /** Only a client the store created is the store's to quit. */
  private readonly ownsClient: boolean;
  readonly keys: StoreKeys;

  constructor(client: Redis | Cluster | string, prefix: string) {
    this.keys = storeKeys(prefix);
    this.ownsClient = typeof client === 'string';
    this.client = typeof client === 'string' ? new Redis(client) : client;
  }

  async add(batch: readonly Evidence[], options: AddOptions = {}): Promise<void> {
    await this.addPartials(options.jobId ?? unnamedJobId(), [...mergeBatch(batch).values()]);
  }

  /** Writes one job's partials (already merged per dedup key), replacing what the job wrote before. */
  async addPartials(jobId: string, partials: readonly StoredEvidence[]): Promise<void> {
    assertJobId(jobId);
    const fieldsBySubject = new Map<string, Record<string, string>>();
    for (const partial of partials) {
      const { dedupKey } = partial;
      let fields = fieldsBySubject.get(partial.subject);
      if (!fields) fieldsBySubject.set(partial.subject, (fields = {}));
      fields[`${jobId}${JOB_KEY_SEPARATOR}${dedupKey}`] = JSON.stringify(partial);
    }
    if (fieldsBySubject.size === 0) return;
    const transaction = this.client.multi();
    for (const [subject, fields] of fieldsBySubject) transaction.hset(this.keys.evidence(subject), fields);
    transaction.sadd(this.keys.subjects, ...fieldsBySubject.keys());
    await execAll(transaction);
  }

  /**
   * Stores a sweep's verdict. Evidence about windows still open replaces the previous sweep's
   * whole: each sweep judges them afresh, so an interim verdict must not linger beside a later
   * one. Evidence about closed windows (`isFinal`) is kept for good, as first judged: the raw
   * aggregates behind it are about to be dropped, and a scan would have judged it the same way.
   */
  async writeSweepEvidence(batch: readonly Evidence[], isFinal: (e: Evidence) => boolean): Promise<void> {
    const merged = [...mergeBatch(batch).values()];
    const final = merged.filter(isFinal);
    const transaction = this.client.multi();
    for (const e of final) transaction.hsetnx(this.keys.finalEvidence, finalField(e), JSON.stringify(e));
    await execAll(transaction);
    const finalised = new Set(final.length || merged.length ? await this.client.hkeys(this.keys.finalEvidence) : []);
    await this.client.set(this.keys.sweepEvidence, JSON.stringify(merged.filter((e) => !finalised.has(finalField(e)))));
  }

  async snapshot(): Promise<StoreSnapshot> {
    const sweep = await this.sweepPartials();
    const subjects = new Map<string, StoredEvidence[]>();
    for (const subject of [...new Set([...(await this.allSubjects()), ...sweep.keys()])].sort()) subjects.set(subject, []);
    const names = [...subjects.keys()];
    for (let start = 0; start < names.length; start += SNAPSHOT_PAGE) {
      const page = names.slice(start, start + SNAPSHOT_PAGE);
      const pipeline = this.client.pipeline();
      for (const subject of page) pipeline.hgetall(this.keys.evidence(subject));
      const replies = (await pipeline.exec()) ?? [];
      page.forEach((subject, i) => {
        const [error, hash] = replies[i] ?? [new Error('redis store: missing pipeline reply'), null];
        if (error) throw error;
        subjects.set(subject, foldSubject(hash as Record<string, string>, sweep.get(subject) ?? []));
      });
    }
    return { subjects };
  }

  /** The sweeps' evidence per subject, with the job id it folds under: after every ingest job, as a scan's sweep follows its last input. */
  private async sweepPartials(): Promise<Map<string, Array<[string, StoredEvidence]>>> {
    const [live, final] = await Promise.all([this.client.get(this.keys.sweepEvidence), this.client.hvals(this.keys.finalEvidence)]);
    const bySubject = new Map<string, Array<[string, StoredEvidence]>>();
    const add = (jobId: string, partial: StoredEvidence) => {
      const list = bySubject.get(partial.subject) ?? [];
      list.push([jobId, partial]);
      bySubject.set(partial.subject, list);
    };
    for (const json of final) add(FINAL_JOB, JSON.parse(json) as StoredEvidence);
    for (const partial of live ? (JSON.parse(live) as StoredEvidence[]) : []) add(SWEEP_JOB, partial);
    return bySubject;
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

/**
 * Job ids of the sweeps' evidence when folding: after every ingest job (their ids start with the
 * zero-padded input order, see src/queue/job-ids.ts).
 */
const FINAL_JOB = '~final';
const SWEEP_JOB = '~sweep';

const finalField = (e: Evidence) => `${e.subject}|${e.dedupKey}`;

/** One subject's hash (and the sweeps' evidence) → its merged evidence, ordered by dedup key. */
function foldSubject(hash: Record<string, string>, sweep: ReadonlyArray<[string, StoredEvidence]>): StoredEvidence[] {
  const partialsByKey = new Map<string, Array<[string, StoredEvidence]>>();
  const push = (jobId: string, partial: StoredEvidence) => {
    let partials = partialsByKey.get(partial.dedupKey);
    if (!partials) partialsByKey.set(partial.dedupKey, (partials = []));
    partials.push([jobId, partial]);
  };
  for (const [field, json] of Object.entries(hash)) push(field.slice(0, field.indexOf(JOB_KEY_SEPARATOR)), JSON.parse(json) as StoredEvidence);
  for (const [jobId, partial] of sweep) push(jobId, partial);
  return [...partialsByKey.keys()].sort().map((key) => foldPartials(partialsByKey.get(key) ?? []));
}

type Transaction = ReturnType<Redis['multi']>;

/** Runs a MULTI and throws the first command error (EXEC reports them per command). */
export async function execAll(transaction: Transaction): Promise<void> {
  const replies = await transaction.exec();
  if (!replies) throw new Error('redis store: transaction aborted');
  const failed = replies.find(([error]) => error);
  if (failed) throw failed[0];
}
