/**
 * Enqueuing inputs exactly once. Each file version (path, size, mtime) is given its place in the
 * order of all inputs once (HSETNX); its ingest job carries that place and a job id derived from
 * the version, so enqueuing again — by hand, by a restarted watcher, after a crash between the
 * two steps — either finds the version done or queued, or re-adds the very same job, whose
 * writes replace themselves. A version whose job failed (say a file on NFS not readable yet) is
 * tried again when enqueued again: its job is retried, or re-added once BullMQ dropped it.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileJobId, fileVersionKey, storeJobId } from './job-ids';
import type { QueueContext } from './queue-context';
import type { Producers } from './queues';

export interface Enqueued {
  path: string;
  /** Set when a job was added or retried; undefined when the version was enqueued before. */
  jobId?: string;
  order: number;
  /** The version's job had failed and is tried again. */
  retried?: boolean;
}

/** @param version the file version when the caller has it already (the watcher), else read by stat */
export async function enqueueFile(context: QueueContext, producers: Producers, path: string, version?: { key: string }): Promise<Enqueued> {
  const absolute = resolve(path);
  const key = version?.key ?? (await versionKeyOf(absolute));
  const { redis, store } = context;
  const fresh = await producers.nextOrder();
  const claimed = (await redis.hsetnx(store.keys.enqueued, key, String(fresh))) === 1;
  const order = claimed ? fresh : Number(await redis.hget(store.keys.enqueued, key));
  const earlier = claimed ? 'none' : await earlierJob(context, producers, key, order);
  if (earlier === 'taken') return { path: absolute, order };
  const jobId = await producers.addIngest({ kind: 'file', path: absolute, order }, key);
  return { path: absolute, jobId, order, ...(earlier === 'failed' ? { retried: true } : {}) };
}

async function versionKeyOf(absolute: string): Promise<string> {
  const { size, mtimeMs } = await stat(absolute);
  return fileVersionKey(absolute, size, mtimeMs);
}

/**
 * What became of an enqueued version's job: taken (queued, running, completed, or its input stored
 * as read), failed (its failed job is now removed so it can be added again; or BullMQ dropped it
 * and its stored input has the error), or none (a crash came between claiming and adding).
 */
async function earlierJob(context: QueueContext, producers: Producers, key: string, order: number): Promise<'taken' | 'failed' | 'none'> {
  const jobId = fileJobId(key);
  const job = await producers.ingest.getJob(jobId);
  if (job) {
    if (!(await job.isFailed())) return 'taken';
    // Removed rather than retried: a retried job keeps the options of its first add.
    await job.remove();
    return 'failed';
  }
  const stored = await context.redis.hget(context.store.keys.inputs, storeJobId(order, jobId));
  if (stored === null) return 'none';
  return (JSON.parse(stored) as { error?: string }).error === undefined ? 'taken' : 'failed';
}
