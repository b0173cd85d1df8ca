/** What operations scrape: a worker's and a collector's /metrics while they run. */
import { metricsUrl, scrape } from '../../helpers/metrics-scrape';
import { createSocket } from 'node:dgram';
import { cliPath, killAll, start, waitFor } from '../../helpers/processes';
import { queueConfig, queueEnv, runCli, startWorker, stopWorker } from '../../helpers/queue';
import { useRedisServer } from '../../helpers/redis-server';
import { fixturePath } from '../../helpers/scan';

const redis = useRedisServer();
afterAll(killAll);



const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}"|.]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);

it('a worker counts its jobs, flows and flags, and reports queue depth and Redis', async () => {
  const env = queueEnv(redis.url(), redis.newPrefix(), queueConfig());
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
    expect(text).toMatch(/^rigsweep_process_cpu_seconds_total/m);
  } finally {
    await stopWorker(worker);
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
  } finally {
    collector.child.kill('SIGTERM');
    expect(await collector.exited).toBe(0);
  }
}, 30_000);
