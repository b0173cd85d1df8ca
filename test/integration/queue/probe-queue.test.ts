/**
 * The probe queue in a deployment: a worker with probe.enabled consumes the suspects its sweeps
 * publish, within the allowlist (an outside suspect not listed is skipped, never contacted),
 * probes the endpoints it may, writes each verdict to the intel store's probe family, and counts
 * every outcome in rigsweep_probes_total.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNfdumpCsv } from '../../../fixtures/lib/nfdump-csv-writer';
import { startPoolEmulator, type PoolEmulator } from '../../../fixtures/lib/pool-emulator';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { bullPrefix, QUEUE } from '../../../src/queue/names';
import { metricsUrl, scrape } from '../../helpers/metrics-scrape';
import { killAll, waitFor } from '../../helpers/processes';
import { queueEnv, runCli, startWorker, stopWorker } from '../../helpers/queue';
import { useRedisServer } from '../../helpers/redis-server';
import { miner } from '../../detectors/flow-behaviour/records';
import { flowRows } from '../../helpers/flow-rows';

const redis = useRedisServer();
let emulator: PoolEmulator;
let dir: string;

beforeAll(async () => {
  emulator = await startPoolEmulator({ dialect: 'stratum-v1' });
  dir = mkdtempSync(join(tmpdir(), 'rigsweep-probe-queue-'));
});
afterAll(async () => {
  await emulator.close();
  await killAll();
});

const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}"|.]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);

it('skips a suspect outside the allowlist, confirms an allowed pool, and keeps the verdict in Redis', async () => {
  const config = join(dir, 'config.json');
  // Loopback is home: probed only because an allow range lies inside the home networks.
  writeFileSync(config, JSON.stringify({
    homeNetworks: ['192.168.0.0/16', '127.0.0.0/8'],
    queue: { sweepSeconds: 1, lockSeconds: 2, backoffSeconds: 0.2 },
    probe: { enabled: true, allow: ['127.0.0.0/8'], perSecond: 0, perPrefixPerMinute: 0, tls: false, readTimeoutMs: 1000 },
  }));
  const flows = join(dir, 'flows.csv');
  // Four hours of a miner by flow shape alone, to an outside address nobody allowed.
  await writeNfdumpCsv(flows, flowRows(miner({ client: '192.168.1.10', server: '198.51.100.7', serverPort: 3333, seconds: 4 * 3600, recordSeconds: 300 })));
  const env = queueEnv(redis.url(), redis.newPrefix(), config);
  const worker = await startWorker(env, ['--metrics', '127.0.0.1:0']);
  try {
    await waitFor(worker, () => metricsUrl(worker) !== undefined, 'the metrics endpoint');
    expect((await runCli(['enqueue', '--wait', flows], env)).code).toBe(0);
    await waitFor(worker, () => worker.stderr().includes('"event":"probe-skipped"'), 'the sweep’s suspect reaching the probe queue');
    expect(worker.stderr()).toMatch(/"address":"198\.51\.100\.7","port":3333,"decision":"not-allowed"/);
    // An allowed endpoint, as an operator's own tooling would add one.
    const connection = new IORedis(redis.url(), { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUE.probe, { connection, prefix: bullPrefix(env.RIGSWEEP_PREFIX!) });
    try {
      await queue.add('probe', { address: emulator.host, port: emulator.port });
    } finally {
      await queue.close();
      connection.disconnect();
    }
    await waitFor(worker, () => /"event":"probe".*"outcome":"pool"/.test(worker.stderr()), 'the pool verdict');
    const text = await scrape(metricsUrl(worker)!);
    expect(value(text, 'rigsweep_probes_total{outcome="pool"}')).toBe(1);
    expect(value(text, 'rigsweep_probes_total{outcome="skipped"}')).toBeGreaterThanOrEqual(1);
    const exported = await runCli(['intel', 'export', '--redis', '--format', 'csv'], env);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`endpoint,${emulator.host},${emulator.port},pool,probe`);
    expect(exported.stdout).not.toContain('198.51.100.7');
    expect(emulator.connections()).toBeGreaterThan(0);
  } finally {
    await stopWorker(worker);
  }
}, 120_000);
