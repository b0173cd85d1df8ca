/**
 * A Redis outage as an operator lives it, with a real redis-server the test stops and starts
 * under an idle worker: the worker's JSON-lines log has one structured line when Redis goes, a
 * reminder every 30 s while it stays away and one line when it is back (it used to print about a
 * hundred raw multi-line ECONNREFUSED dumps and "worker error" lines every few seconds);
 * `report` prints one line and exits 4; SIGTERM stops the idle worker within 2 s with Redis down.
 */
import { cliPath, killAll, start, waitFor, type Running } from '../../helpers/processes';
import { queueConfig, queueEnv, runCli, startWorker } from '../../helpers/queue';
import { ownRedisServer, type OwnRedis } from '../../helpers/redis-server';

afterAll(killAll);

/** Every line of the worker's stderr, parsed: each must be one JSON object. */
function logLines(worker: Running): Array<Record<string, unknown>> {
  return worker
    .stderr()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('an outage is logged once, reminded after 30 s and ended once; report exits 4 with one line; SIGTERM stops the idle worker at once', async () => {
  const own: OwnRedis = await ownRedisServer();
  // One sweep at start and none after: the log is the outage's alone.
  const env = queueEnv(own.url, `outage-${process.pid}`, queueConfig({ sweepSeconds: 3600 }));
  let worker: Running | undefined;
  try {
    worker = await startWorker(env);
    const w = worker;
    await waitFor(w, () => w.stderr().includes('"msg":"swept"'), 'a sweep');
    const before = logLines(w).length;

    await own.stop();
    await waitFor(w, () => w.stderr().includes('redis unavailable'), 'the worker to notice');
    // Long enough for every client, queue and worker of the process to fail many reconnects.
    await pause(32_000);
    const report = await runCli(['report'], env);
    await own.start();
    await waitFor(w, () => w.stderr().includes('redis reachable again'), 'the worker to reconnect', 30_000);
    await pause(1000);

    const outage = logLines(w).slice(before);
    expect(outage.map((l) => [l.level, l.msg])).toEqual([
      [50, 'redis unavailable: retrying with backoff'],
      [40, 'redis still unavailable: retrying with backoff'],
      [30, 'redis reachable again'],
    ]);
    expect(outage[0]).toMatchObject({ reason: 'connection', err: expect.stringMatching(/^connect ECONNREFUSED 127\.0\.0\.1:\d+$/), redis: own.url });
    // What the lines stood for: every failed reconnect was still counted.
    expect(outage[1]).toMatchObject({ downSeconds: expect.any(Number), errors: expect.any(Number) });
    expect(outage[1].errors as number).toBeGreaterThan(5);
    expect(outage[2]).toMatchObject({ downSeconds: expect.any(Number) });
    expect(outage[2].downSeconds as number).toBeGreaterThanOrEqual(30);

    expect(report.code).toBe(4);
    expect(report.stdout).toBe('');
    expect(report.stderr).toBe(`rigsweep: Redis unavailable (${own.url}: connect ECONNREFUSED ${own.url.slice('redis://'.length)}): check queue.redisUrl / REDIS_URL\n`);

    // Down again, then SIGTERM: no waiting on a Redis that is away.
    await own.stop();
    await waitFor(w, () => w.stderr().split('redis unavailable: retrying').length === 3, 'the second outage');
    const signalled = Date.now();
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(2000);
    expect(logLines(w).slice(-2).map((l) => l.msg)).toEqual(['stopping at once: Redis is unavailable', 'stopped']);
  } finally {
    worker?.child.kill('SIGKILL');
    await own.stop();
  }
}, 120_000);

it('a worker started while Redis is away logs it once and stops on SIGTERM within 2 s', async () => {
  const own: OwnRedis = await ownRedisServer();
  await own.stop();
  const env = queueEnv(own.url, `outage-${process.pid}`, queueConfig());
  const worker = start(process.execPath, [cliPath, 'worker', '--log-level', 'info'], env);
  try {
    await waitFor(worker, () => worker.stderr().includes('redis unavailable'), 'the worker to notice');
    await pause(5000);
    const signalled = Date.now();
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(2000);
    expect(logLines(worker).map((l) => l.msg)).toEqual(['connecting', 'redis unavailable: retrying with backoff', 'stopped before Redis answered']);
  } finally {
    worker.child.kill('SIGKILL');
  }
}, 60_000);
