/**
 * One process's view of Redis, fed by every client, queue and worker it runs. During an outage
 * each of them reports every failed reconnect (BullMQ's workers several times a second), so
 * logging each one buries the logs: instead one structured line when Redis goes away, one when it
 * is back, and a reminder every 30 s in between with how many errors it stood for. Refusals that
 * are not outages (a full Redis refusing writes, a timeout) are logged the same way per reason.
 * Every error is still counted, by reason, for rigsweep_redis_errors_total.
 */
import type { Logger } from 'pino';
import type { RedisErrorReason } from '../metrics/label-values';
import { redisErrorReason, rootCause, OOM_ADVICE } from './redis-failure';

/** The README's promise: an outage is logged once, then every 30 s. */
export const REMINDER_INTERVAL_MS = 30_000;

interface Episode {
  since: number;
  lastLogged: number;
  /** Errors since the last line. */
  errors: number;
}

const firstLine = (error: unknown) => String((rootCause(error) as Error | undefined)?.message ?? error).split('\n')[0].slice(0, 300);

/** Outages: Redis cannot be reached or cannot answer; they end when the connection is ready again. */
const isOutage = (reason: RedisErrorReason) => reason === 'connection' || reason === 'unavailable';

export class RedisHealth {
  private outage?: Episode;
  /** The first line of the last error that meant Redis could not be reached. */
  private lastCause?: string;
  private readonly refusals = new Map<RedisErrorReason, Episode>();
  private readonly counters: Array<(reason: RedisErrorReason) => void> = [];

  constructor(
    private readonly log: Logger | undefined,
    /** Said on every line, e.g. the redacted URL. */
    private readonly fields: Record<string, unknown>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Called with each error's reason (the worker counts them in rigsweep_redis_errors_total). */
  onError(count: (reason: RedisErrorReason) => void): void {
    this.counters.push(count);
  }

  get down(): boolean {
    return this.outage !== undefined;
  }

  /** An error from any Redis client, queue or worker of this process; `source` names which. */
  error(error: unknown, source: string): void {
    const reason = redisErrorReason(error);
    for (const count of this.counters) count(reason);
    const now = this.now();
    const line = { ...this.fields, reason, source, err: firstLine(error) };
    if (isOutage(reason)) {
      this.lastCause = line.err;
      if (!this.outage) {
        this.outage = { since: now, lastLogged: now, errors: 0 };
        this.log?.error(line, 'redis unavailable: retrying with backoff');
      } else if (this.remind(this.outage, now)) {
        this.log?.warn({ ...line, downSeconds: Math.round((now - this.outage.since) / 1000), errors: this.outage.errors }, 'redis still unavailable: retrying with backoff');
        this.outage.errors = 0;
      }
      return;
    }
    const episode = this.refusals.get(reason);
    if (episode && !this.remind(episode, now)) return;
    const repeated = episode ? { repeated: episode.errors } : {};
    this.refusals.set(reason, { since: episode?.since ?? now, lastLogged: now, errors: 0 });
    const advice = line.err.startsWith(OOM_ADVICE) ? {} : { advice: OOM_ADVICE };
    if (reason === 'oom') this.log?.error({ ...line, ...repeated, ...advice }, 'redis out of memory: writes refused');
    else this.log?.error({ ...line, ...repeated }, `${source} error`);
  }

  /**
   * For a one-shot command's one-line exit message: ioredis's own error says only that its
   * retries ran out, so an outage's error is replaced by one naming Redis and why it could not
   * be reached (still recognised as an outage). Any other error is returned as it was.
   */
  explain(error: unknown): unknown {
    if (!isOutage(redisErrorReason(error)) || this.lastCause === undefined) return error;
    const where = typeof this.fields.redis === 'string' ? `${this.fields.redis}: ` : '';
    return new Error(`${where}${this.lastCause}`);
  }

  /** The connection is ready (again). */
  ready(): void {
    const outage = this.outage;
    if (!outage) return;
    this.outage = undefined;
    this.log?.info({ ...this.fields, downSeconds: Math.round((this.now() - outage.since) / 1000), errors: outage.errors }, 'redis reachable again');
  }

  /** Counts the error; true when a reminder is due (and marks it given). */
  private remind(episode: Episode, now: number): boolean {
    episode.errors++;
    if (now - episode.lastLogged < REMINDER_INTERVAL_MS) return false;
    episode.lastLogged = now;
    return true;
  }
}
