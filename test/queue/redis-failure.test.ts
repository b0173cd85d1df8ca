/** What a Redis error means: the real cause of an aborted MULTI, and a bounded reason for metrics. */
import { UnrecoverableError } from 'bullmq';
import { isOomReason, jobFailure, redisErrorReason, redisFailureOf, rootCause } from '../../src/queue/redis-failure';
import { REDIS_ERROR_REASONS } from '../../src/metrics/label-values';

const oom = new Error("OOM command not allowed when used memory > 'maxmemory'.");
const execAbort = () => Object.assign(new Error('EXECABORT Transaction discarded because of previous errors.'), { previousErrors: [oom] });

it('finds the OOM reply behind EXECABORT (ioredis keeps it as previousErrors)', () => {
  expect(rootCause(execAbort())).toBe(oom);
  expect(redisErrorReason(execAbort())).toBe('oom');
});

it('turns a full Redis into a final job failure with the cause, and leaves other errors alone', () => {
  const failure = jobFailure(execAbort()) as Error;
  expect(failure).toBeInstanceOf(UnrecoverableError);
  expect(failure.message).toMatch(/^Redis is out of memory .*noeviction.*\(OOM command not allowed when used memory > 'maxmemory'\.\)$/);
  expect(failure.message).not.toMatch(/EXECABORT/);
  expect(redisFailureOf(failure)).toBe('oom');
  expect(isOomReason(failure.message)).toBe(true);
  const other = new Error('something else');
  expect(jobFailure(other)).toBe(other);
  expect(redisFailureOf(other)).toBeUndefined();
});

it.each([
  [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }), 'connection'],
  [Object.assign(new Error('Reached the max retries per request limit (which is 3).'), { name: 'MaxRetriesPerRequestError' }), 'connection'],
  [new Error('Connection is closed.'), 'connection'],
  [new Error('LOADING Redis is loading the dataset in memory'), 'unavailable'],
  [new Error('scrape callback timed out after 2000 ms'), 'timeout'],
  [new Error("OOM command not allowed when used memory > 'maxmemory'. script: d96ca626, on @user_script:217."), 'oom'],
  [new Error('Missing lock for job 1. moveToFinished'), 'other'],
])('%s is %s, one of the bounded reasons', (error, reason) => {
  expect(redisErrorReason(error)).toBe(reason);
  expect(REDIS_ERROR_REASONS).toContain(reason);
});
