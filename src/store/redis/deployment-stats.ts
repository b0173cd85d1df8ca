/**
 * Facts about the whole deployment rather than one process, kept in Redis so every worker's
 * /metrics says the same: follow-ups raised by any sweep (the scheduled one in any worker, or a
 * `rigsweep report`, which has no metrics endpoint of its own), and when the scheduled sweep last
 * succeeded (a restarted worker still knows). Exported by the worker at scrape time.
 */
import type { Cluster, Redis } from 'ioredis';
import type { StoreKeys } from './keys';

export interface DeploymentSnapshot {
  /** Follow-ups raised, by `reason:level` (e.g. `new:high`). */
  followups: Record<string, number>;
  /** Unix seconds the scheduled sweep last succeeded; undefined before the first. */
  sweptAt?: number;
}

const FOLLOWUP_FIELD = 'followups:';
const SWEPT_AT = 'swept-at';

export class DeploymentStats {
  constructor(
    private readonly client: Redis | Cluster,
    private readonly keys: StoreKeys,
  ) {}

  async countFollowups(raised: ReadonlyArray<{ reason: string; level: string }>): Promise<void> {
    if (raised.length === 0) return;
    const counts = new Map<string, number>();
    for (const { reason, level } of raised) counts.set(`${reason}:${level}`, (counts.get(`${reason}:${level}`) ?? 0) + 1);
    const pipeline = this.client.multi();
    for (const [field, n] of counts) pipeline.hincrby(this.keys.stats, FOLLOWUP_FIELD + field, n);
    await pipeline.exec();
  }

  async sweptAt(seconds: number): Promise<void> {
    await this.client.hset(this.keys.stats, SWEPT_AT, String(seconds));
  }

  async snapshot(): Promise<DeploymentSnapshot> {
    const fields = await this.client.hgetall(this.keys.stats);
    const followups: Record<string, number> = {};
    for (const [field, value] of Object.entries(fields)) if (field.startsWith(FOLLOWUP_FIELD)) followups[field.slice(FOLLOWUP_FIELD.length)] = Number(value);
    const sweptAt = fields[SWEPT_AT] === undefined ? undefined : Number(fields[SWEPT_AT]);
    return { followups, ...(sweptAt !== undefined && Number.isFinite(sweptAt) ? { sweptAt } : {}) };
  }
}
