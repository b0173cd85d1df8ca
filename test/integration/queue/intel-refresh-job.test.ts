/**
 * The repeatable intel job (intel.refresh.repeat): a worker resolves the curated pool names and
 * the stratum host list with a real dnsmasq on loopback, again every everySeconds, and writes the
 * answers to the store's dns-resolved family, where `intel export --redis` (and every sweep) sees
 * them. Names the resolver refuses are counted as failed, never fatal.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useDnsmasq } from '../../helpers/dnsmasq';
import { killAll, waitFor } from '../../helpers/processes';
import { queueEnv, runCli, startWorker, stopWorker } from '../../helpers/queue';
import { useRedisServer } from '../../helpers/redis-server';

const redis = useRedisServer();
// Every name under supportxmr.com (pool-domains.csv; pool.supportxmr.com in pool-hosts.csv) answers; others are refused.
const dns = useDnsmasq({ addresses: [['supportxmr.com', '198.51.100.30']], ttl: 300 });
afterAll(killAll);

it('refreshes on a schedule and keeps the answers in Redis', async () => {
  const config = join(mkdtempSync(join(tmpdir(), 'rigsweep-intel-job-')), 'config.json');
  writeFileSync(config, JSON.stringify({
    queue: { sweepSeconds: 1, lockSeconds: 2, backoffSeconds: 0.2 },
    intel: { refresh: { repeat: true, everySeconds: 2, servers: [dns().server], timeoutMs: 300, tries: 1, concurrency: 32 } },
  }));
  const env = queueEnv(redis.url(), redis.newPrefix(), config);
  const worker = await startWorker(env);
  try {
    await waitFor(worker, () => worker.stderr().split('"msg":"intel refreshed"').length > 2, 'two scheduled refreshes', 60_000);
    const summary = JSON.parse(worker.stderr().split('\n').find((l) => l.includes('"msg":"intel refreshed"'))!) as { names: number; resolved: number; failed: number };
    expect(summary.resolved).toBeGreaterThanOrEqual(2);
    expect(summary.failed).toBeGreaterThan(0);
    expect(summary.names).toBeGreaterThan(summary.resolved);
    const exported = await runCli(['intel', 'export', '--redis', '--format', 'csv'], env);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/^endpoint,198\.51\.100\.30,,pool,dns-resolved/m);
  } finally {
    await stopWorker(worker);
  }
}, 120_000);
