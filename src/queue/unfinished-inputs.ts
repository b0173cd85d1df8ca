/**
 * The inputs `rigsweep report` must not leave out: enqueued but not analysed yet (waiting,
 * running, waiting for a retry) or failed. Only an ingest job that finished writes its input's
 * summary; a job that a full Redis refused writes none, so without this the report would list
 * only the inputs that made it and look complete.
 *
 * Jobs are read as raw hashes rather than through BullMQ's Job: one job whose data is not JSON
 * would make BullMQ's getters throw for the whole list.
 */
import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { emptyInputSummary, type InputSummary, type QueuedInput } from '../report/model';
import { storeJobId } from './job-ids';

const PENDING_STATES = ['active', 'waiting', 'prioritized', 'delayed', 'waiting-children'] as const;

export interface UnfinishedJob {
  /** The id its summary would be stored under (input order first), when the job says its order. */
  storeId?: string;
  input: string;
  queue: QueuedInput;
}

export async function unfinishedJobs(ingest: Queue, redis: Redis): Promise<UnfinishedJob[]> {
  const found: UnfinishedJob[] = [];
  for (const state of [...PENDING_STATES, 'failed'] as const) {
    const ids = await ingest.getRanges([state], 0, -1, true);
    for (const id of ids) {
      const hash = await redis.hgetall(ingest.toKey(id));
      if (Object.keys(hash).length === 0) continue; // removed meanwhile
      found.push(describe(id, state, hash));
    }
  }
  return found;
}

function describe(id: string, state: string, hash: Record<string, string>): UnfinishedJob {
  const data = parseData(hash.data);
  // BullMQ's short field names: atm = attempts made; opts.attempts = tries allowed.
  const tries = Number(hash.atm ?? hash.attemptsMade ?? 0) || 0;
  const attempts = Number((parseData(hash.opts) as { attempts?: number } | undefined)?.attempts) || undefined;
  const last = hash.failedReason?.split('\n')[0] || undefined;
  const input = typeof data?.path === 'string' ? data.path : typeof data?.origin === 'string' ? data.origin : `job ${id}`;
  const order = typeof data?.order === 'number' ? data.order : undefined;
  const failed = state === 'failed';
  const reason = failed ? (last ?? 'failed, no reason kept') : pendingReason(state, tries, attempts, last);
  return {
    ...(order !== undefined && { storeId: storeJobId(order, id) }),
    input,
    queue: { state: failed ? 'failed' : 'pending', job: id, tries, reason },
  };
}

function pendingReason(state: string, tries: number, attempts: number | undefined, last: string | undefined): string {
  const of = attempts ? ` of ${attempts}` : '';
  if (state === 'active') return `being analysed (try ${tries + 1}${of})`;
  if (state === 'delayed' && last) return `waiting to retry (try ${tries + 1}${of}) after: ${last}`;
  return 'waiting for a worker';
}

function parseData(text: string | undefined): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text ?? '');
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The stored summaries (by store id) with every unfinished job put in: a job whose input has a
 * summary (a retry after an unreadable try) is marked on it, any other is added as an input of
 * its own. Input order is kept; jobs without an order go last.
 */
export function withUnfinished(stored: ReadonlyArray<readonly [string, InputSummary]>, jobs: readonly UnfinishedJob[]): InputSummary[] {
  const byId = new Map(stored.map(([id, summary]) => [id, summary]));
  const extra: Array<[string, InputSummary]> = [];
  for (const job of jobs) {
    const existing = job.storeId === undefined ? undefined : byId.get(job.storeId);
    const summary: InputSummary = existing ? { ...existing, queue: job.queue } : { ...emptyInputSummary(job.input, 'unknown'), queue: job.queue };
    if (job.queue.state === 'failed' && summary.error === undefined) summary.error = job.queue.reason;
    if (existing) byId.set(job.storeId!, summary);
    else extra.push([job.storeId ?? `~${job.queue.job}`, summary]);
  }
  return [...byId.entries(), ...extra].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, summary]) => summary);
}

/** Inputs enqueued but not (yet) analysed: what `--fail-on incomplete` fails on. */
export const isIncomplete = (input: InputSummary): boolean => input.queue !== undefined;
