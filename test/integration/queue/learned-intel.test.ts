/**
 * Learned endpoints across files and workers: a DNS answer in one capture and a pool server seen
 * speaking Stratum in another teach pool endpoints that flow-only records in other files — other
 * clients, no names, no payload — are judged against. A scan gives the same whatever order it
 * reads the files in, and 2 queue workers give what the scan gives.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNfdumpCsv } from '../../../fixtures/lib/nfdump-csv-writer';
import { killAll } from '../../helpers/processes';
import { queueConfig, queueEnv, reportJson, runCli, startWorker, stopWorker, verdicts } from '../../helpers/queue';
import { useRedisServer } from '../../helpers/redis-server';
import { fixturePath } from '../../helpers/scan';
import type { Report } from '../../../src/report/model';

const redis = useRedisServer();
afterAll(killAll);

// dns-learned-pool.pcap: xmr-eu1.nanopool.org answered with 203.0.113.21 at about 1632708900.
// xmrig.pcap: 192.168.1.16 mines over plain Stratum with the pool 203.0.113.16:3333 at about 1632705300.
const DNS_CLIENT_OF_POOL = '192.168.7.77';
const STRATUM_PEER_CLIENT = '192.168.7.78';
const STRANGER = '192.168.7.79';

const config = queueConfig({ windowRetentionSeconds: 86_400 });
let inputs: string[];
let scanned: Report;

async function scan(files: string[]): Promise<Report> {
  const result = await runCli(['scan', '--format', 'json', '--no-progress', '--config', config, ...files], process.env);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

const learnedPeers = (report: Report, ip: string) =>
  report.hosts.find((h) => h.ip === ip)?.evidence.filter((e) => e.code === 'pool-endpoint.learned').map((e) => [e.peer, e.facts.source]) ?? [];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rigsweep-learned-'));
  const flows = join(dir, 'flows.csv');
  // Flow-only records (nfdump CSV), each a 20-minute session from another home client.
  const session = (src: string, dst: string, dstPort: number, first: number) => ({ src, dst, srcPort: 50_123, dstPort, protocol: 6, packets: 240, bytes: 36_000, first, last: first + 1200, tcpFlags: 0x18 });
  await writeNfdumpCsv(flows, [
    session(DNS_CLIENT_OF_POOL, '203.0.113.21', 14433, 1_632_709_000),
    session(STRATUM_PEER_CLIENT, '203.0.113.16', 3333, 1_632_705_400),
    session(STRANGER, '203.0.113.99', 14433, 1_632_709_000),
  ]);
  inputs = [flows, fixturePath('dns-learned-pool.pcap'), fixturePath('xmrig.pcap')];
  scanned = await scan(inputs);
}, 60_000);

it('judges flow-only records against endpoints other files taught, whatever the order', async () => {
  expect(learnedPeers(scanned, DNS_CLIENT_OF_POOL)).toEqual([['203.0.113.21:14433', 'learned-dns']]);
  expect(learnedPeers(scanned, STRATUM_PEER_CLIENT)).toEqual([['203.0.113.16:3333', 'learned-payload']]);
  expect(learnedPeers(scanned, STRANGER)).toEqual([]);
  const reversed = await scan([...inputs].reverse());
  expect(verdicts(reversed)).toEqual(verdicts(scanned));
}, 60_000);

it('gives the scan its verdicts through 2 workers, and keeps what it learned in the store', async () => {
  const env = queueEnv(redis.url(), redis.newPrefix(), config);
  const running = await Promise.all([startWorker(env), startWorker(env)]);
  try {
    const enqueued = await runCli(['enqueue', '--wait', ...inputs], env, 120_000);
    expect(enqueued.code).toBe(0);
    const queued = await reportJson(env);
    expect(verdicts(queued)).toEqual(verdicts(scanned));
    expect(learnedPeers(queued, DNS_CLIENT_OF_POOL)).toEqual([['203.0.113.21:14433', 'learned-dns']]);
    // The sweep wrote the learned family: an export shows both endpoints with their sources.
    const exported = await runCli(['intel', 'export', '--redis', '--format', 'csv'], env);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/endpoint,203\.0\.113\.21,,pool,learned-dns/);
    expect(exported.stdout).toMatch(/endpoint,203\.0\.113\.16,3333,pool,learned-payload/);
  } finally {
    await Promise.all(running.map(stopWorker));
  }
}, 180_000);
