/**
 * The raw behaviour aggregates of scale-out: each ingest job's window parts (one per windowed
 * detector), kept until the sweep has folded them past the retention horizon. Written per job
 * id, so a replayed job rewrites its own part instead of adding a second one. Stored gzipped:
 * the rows are JSON arrays of numbers, which shrink about fivefold, and Redis memory is the
 * scarce resource here (parts grow with the records of the retention window).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Cluster, Redis } from 'ioredis';
import type { WindowParts } from '../../detect/pipeline';
import { execAll } from '../redis-store';
import type { StoreKeys } from './keys';

export class WindowPartStore {
  constructor(
    private readonly client: Redis | Cluster,
    private readonly keys: StoreKeys,
  ) {}

  async put(jobId: string, parts: WindowParts): Promise<void> {
    const lastSeen = Math.max(0, ...Object.values(parts).map((p) => p.lastSeen));
    const transaction = this.client.multi();
    // Level 1: nearly all of the size gain for a fraction of the time of the default level.
    transaction.hset(this.keys.windowParts, jobId, gzipSync(JSON.stringify(parts), { level: 1 }));
    transaction.zadd(this.keys.windowTimes, lastSeen, jobId);
    await execAll(transaction);
  }

  /** Job ids holding parts, in fold order (code-unit order: the ids start with the input order). */
  async jobIds(): Promise<string[]> {
    const ids = await this.client.zrange(this.keys.windowTimes, '0', '-1');
    return ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** One job's parts; undefined when gone (dropped meanwhile) or unreadable. */
  async get(jobId: string): Promise<WindowParts | undefined> {
    const stored = await this.client.hgetBuffer(this.keys.windowParts, jobId);
    if (stored === null) return undefined;
    try {
      return JSON.parse(gunzipSync(stored).toString('utf8')) as WindowParts;
    } catch {
      return undefined;
    }
  }

  /** Drops parts whose latest record is older than `horizon`; answers how many. */
  async dropOlderThan(horizon: number): Promise<number> {
    const old = await this.client.zrangebyscore(this.keys.windowTimes, '-inf', `(${horizon}`);
    if (old.length === 0) return 0;
    const transaction = this.client.multi();
    transaction.hdel(this.keys.windowParts, ...old);
    transaction.zrem(this.keys.windowTimes, ...old);
    await execAll(transaction);
    return old.length;
  }
}
