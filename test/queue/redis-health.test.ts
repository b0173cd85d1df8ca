/**
 * An outage is one line when Redis goes, a reminder every 30 s while it stays away and one line
 * when it is back, however many errors the clients, queues and workers report; a full Redis is
 * logged the same way. Every error is still counted by reason.
 */
import pino from 'pino';
import { Writable } from 'node:stream';
import { RedisHealth } from '../../src/queue/redis-health';

function harness() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({ write: (chunk, _e, done) => (lines.push(JSON.parse(String(chunk))), done()) });
  let now = 1_000_000;
  const counted: string[] = [];
  const health = new RedisHealth(pino({ level: 'info' }, sink), { redis: 'redis://127.0.0.1:6379' }, () => now);
  health.onError((reason) => counted.push(reason));
  return { health, lines, counted, advance: (ms: number) => (now += ms) };
}

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });

it('logs an outage once, reminds every 30 s with the errors in between, and says when Redis is back', () => {
  const { health, lines, counted, advance } = harness();
  // 60 s of errors ten times a second (both ends included), as BullMQ's workers report them.
  for (let i = 0; i <= 600; i++) {
    health.error(refused, i % 2 ? 'worker' : 'queue');
    if (i < 600) advance(100);
  }
  health.ready();
  expect(lines.map((l) => l.msg)).toEqual([
    'redis unavailable: retrying with backoff',
    'redis still unavailable: retrying with backoff',
    'redis still unavailable: retrying with backoff',
    'redis reachable again',
  ]);
  expect(lines[0]).toMatchObject({ level: 50, reason: 'connection', err: 'connect ECONNREFUSED 127.0.0.1:6379', redis: 'redis://127.0.0.1:6379' });
  expect(lines[1]).toMatchObject({ downSeconds: 30, errors: 300 });
  expect(lines[3]).toMatchObject({ level: 30, downSeconds: 60 });
  expect(counted).toHaveLength(601);
  expect(new Set(counted)).toEqual(new Set(['connection']));
  expect(health.down).toBe(false);
});

it('logs a full Redis with its real cause, not EXECABORT, once per 30 s', () => {
  const { health, lines, counted, advance } = harness();
  const oom = new Error("OOM command not allowed when used memory > 'maxmemory'.");
  const aborted = Object.assign(new Error('EXECABORT Transaction discarded because of previous errors.'), { previousErrors: [oom, oom] });
  health.error(aborted, 'ingest');
  advance(1000);
  health.error(oom, 'worker');
  advance(30_000);
  health.error(oom, 'worker');
  expect(lines.map((l) => [l.msg, l.reason, l.err])).toEqual([
    ['redis out of memory: writes refused', 'oom', "OOM command not allowed when used memory > 'maxmemory'."],
    ['redis out of memory: writes refused', 'oom', "OOM command not allowed when used memory > 'maxmemory'."],
  ]);
  expect(lines[1]).toMatchObject({ repeated: 2 });
  expect(counted).toEqual(['oom', 'oom', 'oom']);
});

it('explains an outage for a one-shot command with the Redis it could not reach and why', () => {
  const { health } = harness();
  const exhausted = Object.assign(new Error('Reached the max retries per request limit (which is 3). Refer to "maxRetriesPerRequest" option for details.'), { name: 'MaxRetriesPerRequestError' });
  expect(health.explain(exhausted)).toBe(exhausted); // nothing known yet
  health.error(refused, 'report');
  expect((health.explain(exhausted) as Error).message).toBe('redis://127.0.0.1:6379: connect ECONNREFUSED 127.0.0.1:6379');
  const bug = new Error('Missing lock for job 1');
  expect(health.explain(bug)).toBe(bug);
});
