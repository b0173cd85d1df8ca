/**
 * Jobs written by hand (redis-cli), by another tool or by a hostile producer, taken by a real
 * worker from a real redis-server: data that is not JSON fails at once with the parse error as
 * its reason (it used to sit in `active`, stall and be retried without one), and flow records
 * whose addresses are not IP addresses fail with the schema's reason instead of becoming hosts.
 */
import { isIP } from 'node:net';
import Redis from 'ioredis';
import { toExportedFlow } from '../../../src/queue/exported-flow';
import { killAll, waitFor } from '../../helpers/processes';
import { makeFlow } from '../../helpers/flows';
import { queueConfig, queueEnv, reportJson, startWorker, stopWorker } from '../../helpers/queue';
import { ingestQueue, settled } from '../../helpers/queue-jobs';
import { useRedisServer } from '../../helpers/redis-server';

const redis = useRedisServer();
afterAll(killAll);

const HOSTILE_ADDRESSES = ['not-an-ip', '__proto__', '10.9.9.9|x'];

/** A collector's batch of one record to a mining port, from `client`. */
function recordsJob(client: string, order: number) {
  const record = toExportedFlow(makeFlow({ source: 'flow-export', client: '10.9.9.8', server: '203.0.113.5', serverPort: 3333, extra: { exporter: '127.0.0.1', endReason: 'export' } }));
  return { kind: 'records', origin: 'udp://127.0.0.1:2055', order, records: [{ ...record, client: { ...record.client, ip: client } }] };
}

it('a job whose data is not JSON fails on its first try with the reason; records with addresses that are none fail with the reason and never become hosts', async () => {
  const prefix = redis.newPrefix();
  const env = queueEnv(redis.url(), prefix, queueConfig());
  const queue = ingestQueue(redis.url(), prefix);
  const client = new Redis(redis.url());
  try {
    // Written before any worker runs. The not-JSON job is a real job whose data is then cut short.
    await queue.add('file', { kind: 'file', path: '/data/a.pcap', order: 1 }, { jobId: 'not-json' });
    await client.hset(queue.toKey('not-json'), 'data', '{"kind":"file","path":"/data/a.pc');
    for (const [i, ip] of HOSTILE_ADDRESSES.entries()) await queue.add('records', recordsJob(ip, 10 + i), { jobId: `hostile-${i}` });
    await queue.add('records', recordsJob('10.9.9.8', 20), { jobId: 'good' });

    const worker = await startWorker(env);
    const started = Date.now();
    await settled(queue);
    // Well before a lock (2 s here) could lapse and the job stall.
    expect(Date.now() - started).toBeLessThan(2000 + 1000);

    const raw = await client.hgetall(queue.toKey('not-json'));
    expect({ state: await queue.getJobState('not-json'), tries: raw.atm, reason: raw.failedReason, stalled: raw.stc ?? '0' }).toEqual({
      state: 'failed',
      tries: '1',
      reason: expect.stringMatching(/^job data is not JSON: .*\(\d+ bytes, starting "\{\\"kind\\":\\"file\\",\\"path\\":\\"\/data\/a\.pc"\)$/),
      stalled: '0',
    });
    for (const [i] of HOSTILE_ADDRESSES.entries()) {
      const job = (await queue.getJob(`hostile-${i}`))!;
      expect([await job.getState(), job.attemptsMade, job.failedReason]).toEqual(['failed', 1, 'invalid ingest job: records.0.client.ip: must be an IPv4 or IPv6 address']);
    }
    expect(await queue.getJobState('good')).toBe('completed');
    await waitFor(worker, () => worker.stderr().split('"msg":"ingest job failed"').length === 5, 'the worker to log the four failures');
    expect(worker.stderr()).not.toMatch(/stalled/);
    expect(worker.child.exitCode).toBeNull();

    const report = await reportJson(env, ['--no-sweep']);
    expect(report.hosts.map((h) => h.ip)).toContain('10.9.9.8');
    expect(report.hosts.filter((h) => isIP(h.ip) === 0)).toEqual([]);
    // The failed jobs are listed as inputs with their reasons.
    expect(report.inputs.filter((i) => i.queue?.state === 'failed').map((i) => i.queue!.reason).sort()).toEqual([
      ...HOSTILE_ADDRESSES.map(() => 'invalid ingest job: records.0.client.ip: must be an IPv4 or IPv6 address'),
      expect.stringMatching(/^job data is not JSON/),
    ]);
    await stopWorker(worker);
  } finally {
    await queue.close();
    await client.quit();
  }
}, 60_000);
