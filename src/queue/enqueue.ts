/**
 * Enqueuing inputs exactly once. Each file version (path, size, mtime) is given its place in the
 * order of all inputs once (HSETNX); its ingest job carries that place and a job id derived from
 * the version, so enqueuing again — by hand, by a restarted watcher, after a crash between the
 * two steps — either finds the version done or queued, or re-adds the very same job, whose
 * writes replace themselves.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileVersionKey, storeJobId } from './job-ids';
import type { QueueContext } from './queue-context';
import type { Producers } from './queues';

export interface Enqueued {
  path: string;
  /** Set when a job was added; undefined when the version was enqueued before. */
  jobId?: string;
  order: number;
}

/** @param version the file version when the caller has it already (the watcher), else read by stat */
export async function enqueueFile(context: QueueContext, producers: Producers, path: string, version?: { key: string }): Promise<Enqueued> {
  const absolute = resolve(path);
  const key = version?.key ?? (await versionKeyOf(absolute));
  const { redis, store } = context;
  const fresh = await producers.nextOrder();
  const claimed = (await redis.hsetnx(store.keys.enqueued, key, String(fresh))) === 1;
  const order = claimed ? fresh : Number(await redis.hget(store.keys.enqueued, key));
  if (!claimed && (await alreadyTaken(context, producers, key, order))) return { path: absolute, order };
  const jobId = await producers.addIngest({ kind: 'file', path: absolute, order }, key);
  return { path: absolute, jobId, order };
}

async function versionKeyOf(absolute: string): Promise<string> {
  const { size, mtimeMs } = await stat(absolute);
  return fileVersionKey(absolute, size, mtimeMs);
}

/** Whether an enqueued version's job is queued, running, kept as finished, or has stored its input. */
async function alreadyTaken(context: QueueContext, producers: Producers, key: string, order: number): Promise<boolean> {
  const jobId = `file-${key}`;
  if (await producers.ingest.getJob(jobId)) return true;
  return (await context.redis.hexists(context.store.keys.inputs, storeJobId(order, jobId))) === 1;
}

/** Files named, and the regular files inside directories named (not recursive), in name order. */
export async function inputFiles(paths: readonly string[], isTemporary: (name: string) => boolean): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path);
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    const entries = await readdir(path, { withFileTypes: true });
    const names = entries.filter((e) => e.isFile() && !isTemporary(e.name)).map((e) => e.name);
    files.push(...names.sort().map((name) => join(path, name)));
  }
  return files;
}
