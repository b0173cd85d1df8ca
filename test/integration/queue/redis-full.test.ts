/**
 * A full Redis (maxmemory reached, maxmemory-policy noeviction) with a real redis-server and real
 * worker processes: it refuses the writes of an ingest job. The job must fail at once with the
 * OOM cause (not "EXECABORT Transaction discarded"), `enqueue --wait` must stop and say so
 * instead of waiting through retries, `report` must list the inputs that did not make it with
 * the reason (exit 3 with --fail-on incomplete), and rigsweep_redis_errors_total{reason="oom"}
 * must count it. Once Redis has room again, enqueuing the inputs again completes the report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { writeNfdumpCsv } from '../../../fixtures/lib/nfdump-csv-writer';
import type { Report } from '../../../src/report/model';
import { metricsUrl, scrape, seriesValue } from '../../helpers/metrics-scrape';
import { killAll, waitFor, type Running } from '../../helpers/processes';
import { queueConfig, queueEnv, runCli, startWorker, stopWorker } from '../../helpers/queue';
import { drained, ingestQueue } from '../../helpers/queue-jobs';
import { ownRedisServer, type OwnRedis } from '../../helpers/redis-server';
import { fixturePath } from '../../helpers/scan';

afterAll(killAll);

const OOM = /OOM command not allowed when used memory > 'maxmemory'/;
/** Room left above what Redis holds once the first input is in: a job fits, a big input's writes do not. */
const HEADROOM_BYTES = 150_000;

const dir = mkdtempSync(join(tmpdir(), 'rigsweep-full-'));
const big = join(dir, 'nfcapd.202109270000.csv');

beforeAll(() => writeNfdumpCsv(big, 30_000, { seed: 3, miners: 4 }), 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function usedMemory(client: Redis): Promise<number> {
  return Number(/^used_memory:(\d+)/m.exec(await client.info('memory'))![1]);
}

const logLines = (worker: Running) =>
  worker
    .stderr()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

it('a full Redis fails the job at once with the OOM cause; enqueue --wait stops, report lists the inputs as failed, the metric counts it', async () => {
  const own: OwnRedis = await ownRedisServer();
  const admin = new Redis(own.url);
  const prefix = `full-${process.pid}`;
  // One sweep at start and none after: the ingest jobs are the only writers once Redis is full.
  const env = queueEnv(own.url, prefix, queueConfig({ sweepSeconds: 3600 }));
  const queue = ingestQueue(own.url, prefix);
  const demo = fixturePath('demo.pcap');
  let worker: Running | undefined;
  try {
    worker = await startWorker(env, ['--metrics', '127.0.0.1:0']);
    const w = worker;
    expect((await runCli(['enqueue', '--wait', fixturePath('xmrig.pcap')], env)).code).toBe(0);
    await waitFor(w, () => w.stderr().includes('"msg":"swept"'), 'the first sweep');

    await admin.config('SET', 'maxmemory-policy', 'noeviction');
    await admin.config('SET', 'maxmemory', String((await usedMemory(admin)) + HEADROOM_BYTES));

    // Eight tries are allowed (the default), yet enqueue --wait returns at the first refusal.
    const started = Date.now();
    const waited = await runCli(['enqueue', '--wait', big, demo], env, 60_000);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(waited.code).toBe(4);
    expect(waited.stderr).toContain(`rigsweep: failed: ${big}: Redis is out of memory (maxmemory reached with maxmemory-policy noeviction)`);
    expect(waited.stderr).toMatch(OOM);
    expect(waited.stderr).toMatch(/rigsweep: stopped waiting: .*`rigsweep report` lists them/);
    expect(waited.stderr).not.toMatch(/EXECABORT/);

    // Each job failed on its first try, keeping the cause.
    const jobs = await drained(queue);
    const outcomes = await Promise.all(jobs.map(async (j) => [j.data.path, await j.getState(), j.attemptsMade, j.failedReason ?? ''] as const));
    expect(outcomes.filter(([path]) => path !== fixturePath('xmrig.pcap')).sort()).toEqual(
      [
        [big, 'failed', 1, expect.stringMatching(OOM)],
        [demo, 'failed', 1, expect.stringMatching(OOM)],
      ].sort(),
    );
    expect(outcomes.some(([, , , reason]) => /EXECABORT/.test(reason))).toBe(false);

    // The report lists every input; the two refused ones failed, with the reason, and say so.
    const plain = await runCli(['report', '--format', 'json'], env);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain('rigsweep: the report is incomplete: 0 inputs pending, 2 failed');
    const report = JSON.parse(plain.stdout) as Report;
    expect(Object.fromEntries(report.inputs.map((i) => [i.path, i.queue ? [i.queue.state, i.queue.tries, i.queue.reason, i.error] : null]))).toEqual({
      [fixturePath('xmrig.pcap')]: null,
      [big]: ['failed', 1, expect.stringMatching(OOM), expect.stringMatching(OOM)],
      [demo]: ['failed', 1, expect.stringMatching(OOM), expect.stringMatching(OOM)],
    });
    // What made it in is still reported.
    expect(report.hosts.filter((h) => h.level === 'high').length).toBeGreaterThan(0);
    const failOn = await runCli(['report', '--fail-on', 'incomplete'], env);
    expect(failOn.code).toBe(3);
    expect(failOn.stdout).toMatch(new RegExp(`INPUT PROBLEMS[\\s\\S]*${big.replace(/[.]/g, '\\.')}: Redis is out of memory`));

    // The worker counted the refusals by reason and logged the full Redis once, with the cause.
    await waitFor(w, () => w.stderr().split('"msg":"ingest job failed"').length === 3, 'the worker to log both failures');
    const text = await scrape(metricsUrl(w)!);
    expect(seriesValue(text, 'rigsweep_redis_errors_total{reason="oom"}')).toBeGreaterThanOrEqual(2);
    expect(seriesValue(text, 'rigsweep_jobs_total{queue="ingest",outcome="failed"}')).toBe(2);
    const full = logLines(w).filter((l) => l.msg === 'redis out of memory: writes refused');
    expect(full).toHaveLength(1);
    expect(full[0]).toMatchObject({ level: 50, reason: 'oom', err: expect.stringMatching(OOM) });
    expect(w.stderr()).not.toMatch(/EXECABORT/);

    // With room again, the inputs go in as the advice says, and the report is complete.
    await admin.config('SET', 'maxmemory', '0');
    const again = await runCli(['enqueue', '--wait', big, demo], env, 120_000);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`enqueued again (it failed before) ${big}`);
    const complete = await runCli(['report', '--fail-on', 'incomplete', '--format', 'json'], env);
    expect(complete.code).toBe(0);
    expect((JSON.parse(complete.stdout) as Report).inputs.filter((i) => i.queue)).toEqual([]);
  } finally {
    if (worker) await stopWorker(worker);
    await queue.close();
    await admin.quit();
    await own.stop();
  }
}, 180_000);
