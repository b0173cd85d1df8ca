/**
 * What a Redis error means, for logs, metrics and job failures. A full Redis (maxmemory with
 * noeviction) refuses every write with an OOM reply; inside a MULTI that reply comes back only as
 * "EXECABORT Transaction discarded because of previous errors", and ioredis keeps the replies of
 * the refused commands on the error as `previousErrors`. The real cause is dug out of there, so a
 * job fails with "OOM command not allowed ..." rather than with EXECABORT.
 */
import { UnrecoverableError } from 'bullmq';
import type { RedisErrorReason } from '../metrics/label-values';

interface RedisLikeError {
  name?: string;
  code?: string;
  message?: string;
  previousErrors?: unknown[];
}

const CONNECTION = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EPIPE|Connection is closed|connect ETIMEDOUT|Stream isn't writeable|Reached the max retries per request limit/;

/** The error that says what went wrong: the first refused command of an aborted MULTI, else the error itself. */
export function rootCause(error: unknown): unknown {
  const e = error as RedisLikeError | undefined;
  if (typeof e?.message === 'string' && e.message.startsWith('EXECABORT') && Array.isArray(e.previousErrors) && e.previousErrors.length > 0) {
    const oom = e.previousErrors.find((p) => reasonOfMessage((p as RedisLikeError)?.message) === 'oom');
    return oom ?? e.previousErrors[0];
  }
  return error;
}

function reasonOfMessage(message: string | undefined): RedisErrorReason | undefined {
  if (message === undefined) return undefined;
  // OOM replies start with "OOM"; from inside a Lua script Redis prefixes nothing else.
  if (/^OOM\b|\bOOM command not allowed/.test(message)) return 'oom';
  if (/^READONLY\b|^MASTERDOWN\b|^LOADING\b/.test(message)) return 'unavailable';
  if (/timed out|timeout/i.test(message)) return 'timeout';
  if (CONNECTION.test(message)) return 'connection';
  return undefined;
}

/** The bounded reason label of rigsweep_redis_errors_total for any error a Redis client raised. */
export function redisErrorReason(error: unknown): RedisErrorReason {
  const cause = rootCause(error) as RedisLikeError | undefined;
  if (cause?.name === 'MaxRetriesPerRequestError') return 'connection';
  return reasonOfMessage(cause?.message) ?? (typeof cause?.code === 'string' && CONNECTION.test(cause.code) ? 'connection' : 'other');
}

/** Said wherever a full Redis is reported: what it is and what the operator does about it. */
export const OOM_ADVICE = 'Redis is out of memory (maxmemory reached with maxmemory-policy noeviction) and refuses writes: raise maxmemory or free memory, then enqueue the input again';

/** Fields BullMQ copies from a sandboxed child's error to the worker process, like an input failure's. */
export interface RedisJobFailure {
  redisReason: RedisErrorReason;
}

/**
 * The error a job fails with when Redis refused its writes: one line with the real cause. A full
 * Redis does not empty itself between retries, so OOM fails the job at once (UnrecoverableError);
 * `enqueue --wait` stops on it and `report` lists the input as failed with this reason.
 * Anything else is returned as it was.
 */
export function jobFailure(error: unknown): unknown {
  const reason = redisErrorReason(error);
  if (reason !== 'oom') return error;
  const cause = ((rootCause(error) as RedisLikeError).message ?? 'OOM').split('\n')[0];
  return Object.assign(new UnrecoverableError(`${OOM_ADVICE} (${cause})`), { redisReason: reason } satisfies RedisJobFailure);
}

/** Whether a job's failed reason (text kept in Redis) is a full Redis. */
export const isOomReason = (reason: string | undefined): boolean => reason !== undefined && (reason.startsWith(OOM_ADVICE) || reasonOfMessage(reason) === 'oom');

/** The Redis reason a job failed with, as the worker process receives the error; undefined for other failures. */
export function redisFailureOf(error: unknown): RedisErrorReason | undefined {
  const reason = (error as Partial<RedisJobFailure> | undefined)?.redisReason;
  if (typeof reason === 'string') return reason;
  return isOomReason((error as Error | undefined)?.message) ? 'oom' : undefined;
}
