/**
 * Operations with real processes and a real Redis: a worker killed outright mid-job, Redis
 * stopped and restarted mid-job, and poison jobs — each with nothing lost or counted twice,
 * checked against `rigsweep scan` of the same inputs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNfdumpCsv } from '../../../fixtures/lib/nfdump-csv-writer';
import type { Report } from '../../../src/report/model';
import { killAll, waitFor } from '../../helpers/processes';
import { queueConfig, queueEnv, reportJson, runCli, startWorker, stopWorker, verdicts } from '../../helpers/queue';
import { drained, ingestQueue } from '../../helpers/queue-jobs';
import { ownRedisServer, useRedisServer, type OwnRedis } from '../../helpers/redis-server';
import { fixturePath } from '../../helpers/scan';

const redis = useRedisServer();
afterAll(killAll);

const config = queueConfig({ windowRetentionSeconds: 86_400 });
let big: string;
const scans = new Map<string, Report>();

/** The scan's report of `files`, computed once per set. */
async function scanOf(files: string[]): Promise<Report> {
  const key = files.join('\n');
  if (!scans.has(key)) {
    const result = await runCli(['scan', '--format', 'json', '--no-progress', ...files], process.env);
    scans.set(key, JSON.parse(result.stdout) as Report);
  }
  return scans.get(key)!;
}

beforeAll(async () => {
  // Long enough (a few seconds of parsing) to be caught mid-job.
  big = join(mkdtempSync(join(tmpdir(), 'rigsweep-big-')), 'nfcapd.202109270000.csv');
  await writeNfdumpCsv(big, 600_000, { seed: 7, miners: 6 });
}, 120_000);

it('a worker killed with SIGKILL mid-job: another worker completes the job, counted once', async () => {
  const prefix = redis.newPrefix();
  const env = queueEnv(redis.url(), prefix, config);
  const queue = ingestQueue(redis.url(), prefix);
  try {
    const doomed = await startWorker(env, [], { detached: true });
    expect((await runCli(['enqueue', big], env)).code).toBe(0);
    await waitFor(doomed, () => doomed.stderr().includes('"msg":"ingesting"'), 'the job to start');
    // The whole process group: the worker and its sandboxed child die at once, as in a crash.
    process.kill(-doomed.child.pid!, 'SIGKILL');
    await doomed.exited;
    expect(doomed.stderr()).not.toContain('"msg":"ingested"');
    const rescuer = await startWorker(env);
    const [job] = await drained(queue);
    expect(await job.getState()).toBe('completed');
    // The job's state in Redis can be read a moment before the worker logs its completion.
    await waitFor(rescuer, () => rescuer.stderr().includes('"msg":"ingested"'), 'the rescuer to log the job');
    expect(verdicts(await reportJson(env))).toEqual(verdicts(await scanOf([big])));
    await stopWorker(rescuer);
  } finally {
    await queue.close();
  }
}, 120_000);

it('Redis stopped and restarted mid-job: the worker waits, retries, and nothing is lost or counted twice', async () => {
  const own: OwnRedis = await ownRedisServer();
  const prefix = redis.newPrefix();
  const env = queueEnv(own.url, prefix, config);
  const queue = ingestQueue(own.url, prefix);
  const inputs = [fixturePath('demo.pcap'), big, fixturePath('nat-farm.pcap')];
  try {
    const worker = await startWorker(env);
    expect((await runCli(['enqueue', '--wait', inputs[0]], env)).code).toBe(0);
    expect((await runCli(['enqueue', inputs[1]], env)).code).toBe(0);
    await waitFor(worker, () => worker.stderr().split('"msg":"ingesting"').length > 2, 'the second job to start');
    await own.stop();
    await waitFor(worker, () => worker.stderr().includes('redis unavailable'), 'the worker to notice');
    // A one-shot command says so and exits with its own code instead of hanging.
    const refused = await runCli(['enqueue', inputs[2]], env);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/Redis unavailable/);
    await new Promise((r) => setTimeout(r, 1500));
    await own.start();
    await waitFor(worker, () => worker.stderr().includes('redis reachable again'), 'the worker to reconnect', 30_000);
    expect((await runCli(['enqueue', '--wait', inputs[2]], env, 120_000)).code).toBe(0);
    const jobs = await drained(queue, 120_000);
    const outcomes = await Promise.all(jobs.map(async (j) => [await j.getState(), j.failedReason ?? '']));
    expect(outcomes).toEqual([
      ['completed', ''],
      ['completed', ''],
      ['completed', ''],
    ]);
    expect(verdicts(await reportJson(env))).toEqual(verdicts(await scanOf(inputs)));
    await stopWorker(worker);
  } finally {
    await queue.close();
    await own.stop();
  }
}, 180_000);

it('a poison job fails with its reason kept, an unreadable input fails its job and is reported, and the worker goes on', async () => {
  const prefix = redis.newPrefix();
  const env = queueEnv(redis.url(), prefix, queueConfig({ attempts: 2 }));
  const queue = ingestQueue(redis.url(), prefix);
  try {
    const worker = await startWorker(env);
    // Written by hand (another tool, an old version): no path.
    await queue.add('file', { kind: 'file', order: 1 }, { jobId: 'poison', attempts: 2 });
    const unreadable = join(mkdtempSync(join(tmpdir(), 'rigsweep-garbage-')), 'garbage.bin');
    require('node:fs').writeFileSync(unreadable, Buffer.alloc(4096, 0x41));
    const enqueued = await runCli(['enqueue', '--wait', unreadable, fixturePath('xmrig.pcap')], env, 60_000);
    expect(enqueued.code).toBe(3);
    expect(enqueued.stderr).toMatch(/1 of 2 inputs failed/);
    const poison = await queue.getJob('poison');
    await drained(queue);
    expect(await poison!.getState()).toBe('failed');
    expect((await queue.getJob('poison'))!.failedReason).toMatch(/invalid ingest job: path/);
    const report = await reportJson(env);
    expect(report.inputs.find((i) => i.path === unreadable)?.error).toMatch(/format|recognis|unknown/i);
    expect(report.hosts.filter((h) => h.level !== 'low').length).toBeGreaterThan(0);
    expect(worker.child.exitCode).toBeNull();
    await stopWorker(worker);
  } finally {
    await queue.close();
  }
}, 120_000);

it('SIGTERM mid-job lets the job finish, then the worker exits cleanly', async () => {
  const prefix = redis.newPrefix();
  const env = queueEnv(redis.url(), prefix, config);
  const queue = ingestQueue(redis.url(), prefix);
  try {
    const worker = await startWorker(env);
    expect((await runCli(['enqueue', big], env)).code).toBe(0);
    await waitFor(worker, () => worker.stderr().includes('"msg":"ingesting"'), 'the job to start');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(worker.stderr()).toMatch(/"msg":"ingested"[\s\S]*"msg":"stopped"/);
    const [job] = await drained(queue);
    expect(await job.getState()).toBe('completed');
  } finally {
    await queue.close();
  }
}, 120_000);
