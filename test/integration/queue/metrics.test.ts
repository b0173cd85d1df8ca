/** What operations scrape: a worker's and a collector's /metrics while they run. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { metricsUrl, scrape, seriesValue as value } from '../../helpers/metrics-scrape';
import { createSocket } from 'node:dgram';
import { cliPath, killAll, start, waitFor } from '../../helpers/processes';
import { queueConfig, queueEnv, reportJson, runCli, startWorker, stopWorker } from '../../helpers/queue';
import { useRedisServer } from '../../helpers/redis-server';
import { fixturePath, repoRoot } from '../../helpers/scan';

const redis = useRedisServer();
afterAll(killAll);

/** promtool's lint of a live /metrics (names, units, counters named *_total and only counters). */
function promtoolCheck(text: string) {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

/** A queue config with the example owner map, so flagged addresses have owner natures. */
function configWithOwners(queue: Record<string, unknown> = {}): string {
  const path = queueConfig(queue);
  writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), owners: join(repoRoot, 'config/owners.example.csv') }));
  return path;
}

it('a worker counts its jobs, flows, evidence and flags, and reports queue depth, Redis and the last sweep', async () => {
  const env = queueEnv(redis.url(), redis.newPrefix(), configWithOwners());
  const worker = await startWorker(env, ['--metrics', '127.0.0.1:0']);
  try {
    await waitFor(worker, () => metricsUrl(worker) !== undefined, 'the metrics endpoint');
    expect((await runCli(['enqueue', '--wait', fixturePath('demo.pcap')], env)).code).toBe(0);
    await waitFor(worker, () => worker.stderr().includes('"flagged":8'), 'a sweep that flags the demo');
    const text = await scrape(metricsUrl(worker)!);
    expect(value(text, 'rigsweep_jobs_total{queue="ingest",outcome="completed"}')).toBe(1);
    expect(value(text, 'rigsweep_flows_total{kind="capture"}')).toBeGreaterThan(0);
    expect(value(text, 'rigsweep_flagged_addresses{level="high"}') + value(text, 'rigsweep_flagged_addresses{level="medium"}')).toBe(8);
    expect(value(text, 'rigsweep_queue_jobs{queue="ingest",state="completed"}')).toBe(1);
    expect(value(text, 'rigsweep_redis_up')).toBe(1);
    // Evidence the ingest job found, by basis (it used to stay at zero).
    expect(value(text, 'rigsweep_evidence_total{basis="payload-protocol"}')).toBeGreaterThan(0);
    // Sweep jobs are timed like ingest jobs.
    expect(value(text, 'rigsweep_job_duration_seconds_count{queue="sweep"}')).toBeGreaterThan(0);
    expect(value(text, 'rigsweep_job_duration_seconds_count{queue="ingest"}')).toBe(1);
    // Findings: flagged by level and owner nature (the example owner map), and their power.
    const byNature = text.split('\n').filter((l) => l.startsWith('rigsweep_flagged_addresses_by_nature{'));
    const flagged = byNature.reduce((sum, l) => sum + Number(l.split(' ')[1]), 0);
    expect(flagged).toBe(8);
    expect(value(text, 'rigsweep_flagged_addresses_by_nature{level="high",nature="data-centre"}')).toBeGreaterThan(0);
    expect(value(text, 'rigsweep_estimated_power_watts{bound="max"}')).toBeGreaterThan(value(text, 'rigsweep_estimated_power_watts{bound="min"}'));
    expect(value(text, 'rigsweep_estimated_power_watts{bound="min"}')).toBeGreaterThan(0);
    const swept = value(text, 'rigsweep_last_sweep_timestamp_seconds');
    expect(Math.abs(swept - Date.now() / 1000)).toBeLessThan(30);
    // Stock names for the process and Node.js metrics, as stock dashboards query them.
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
    expect(text).not.toMatch(/^rigsweep_(process|nodejs)_/m);
    expect(promtoolCheck(text)).toEqual({ code: 0, output: '' });
  } finally {
    await stopWorker(worker);
  }
}, 60_000);

it('follow-ups raised by `rigsweep report` count in every worker\'s rigsweep_followups_total', async () => {
  // One scheduled sweep, at start: the follow-ups of the demo are raised by `report`, which has no /metrics.
  const env = queueEnv(redis.url(), redis.newPrefix(), queueConfig({ sweepSeconds: 3600 }));
  const workers = [await startWorker(env, ['--metrics', '127.0.0.1:0']), await startWorker(env, ['--metrics', '127.0.0.1:0'])];
  try {
    for (const w of workers) await waitFor(w, () => metricsUrl(w) !== undefined, 'the metrics endpoint');
    await waitFor(workers[0], () => workers.some((w) => w.stderr().includes('"msg":"swept"')), 'the first sweep, in either worker');
    // Before anything is flagged every combination reads zero, so the first high flag is an increase.
    expect(value(await scrape(metricsUrl(workers[0])!), 'rigsweep_followups_total{reason="new",level="high"}')).toBe(0);
    expect((await runCli(['enqueue', '--wait', fixturePath('demo.pcap')], env)).code).toBe(0);
    const report = await reportJson(env);
    const raised = (level: string) => report.hosts.filter((h) => h.level === level).length;
    expect(raised('high')).toBeGreaterThan(0);
    for (const w of workers) {
      const text = await scrape(metricsUrl(w)!);
      expect(value(text, 'rigsweep_followups_total{reason="new",level="high"}')).toBe(raised('high'));
      expect(value(text, 'rigsweep_followups_total{reason="new",level="medium"}')).toBe(raised('medium'));
      expect(value(text, 'rigsweep_followups_total{reason="raised",level="high"}')).toBe(0);
    }
    // Read again, nothing new: the counter does not move.
    expect(value(await scrape(metricsUrl(workers[0])!), 'rigsweep_followups_total{reason="new",level="high"}')).toBe(raised('high'));
  } finally {
    for (const w of workers) await stopWorker(w);
  }
}, 60_000);

it('a collector counts the datagrams it receives, none from strangers', async () => {
  const collector = start(process.execPath, [cliPath, 'collect', '--listen', 'udp://127.0.0.1:0', '--metrics', '127.0.0.1:0', '--format', 'json']);
  try {
    await waitFor(collector, () => metricsUrl(collector) !== undefined && collector.stderr().includes('"msg":"listening"'), 'the collector');
    const listen = JSON.parse(collector.stderr().split('\n').find((l) => l.includes('"msg":"listening"'))!).listen as string;
    const port = Number(/:(\d+)$/.exec(listen)![1]);
    const socket = createSocket('udp4');
    // Not NetFlow: accepted from a configured exporter (loopback), counted, and reported as bad input.
    await new Promise<void>((resolve) => socket.send(Buffer.from('not netflow at all'), port, '127.0.0.1', () => resolve()));
    socket.close();
    await new Promise((r) => setTimeout(r, 300));
    const text = await scrape(metricsUrl(collector)!);
    expect(value(text, 'rigsweep_collector_datagrams_total')).toBe(1);
    expect(value(text, 'rigsweep_collector_dropped_total{reason="stranger"}')).toBe(0);
    // Undecodable: no record came of it (this series used to stay at zero whatever came in).
    expect(value(text, 'rigsweep_collector_dropped_total{reason="malformed"}')).toBe(1);
    expect(promtoolCheck(text)).toEqual({ code: 0, output: '' });
  } finally {
    collector.child.kill('SIGTERM');
    expect(await collector.exited).toBe(0);
  }
}, 30_000);
