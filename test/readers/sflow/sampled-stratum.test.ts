/**
 * The fixture captures sampled by the sFlow writer with the default 128-byte headers, at 1:1 and
 * 1-in-N with the random skips agents use: Stratum-family miners are found by their payload, cut
 * messages and all; look-alikes are not. The full measurement (20 runs per rate) is the table in
 * detectors/stratum/README.md.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../src/config/load';
import type { FlowRecord } from '../../../src/flow/flow-record';
import { FORMAT_READERS } from '../../../src/readers/formats';
import { withSource } from '../../../src/readers/source';
import type { Report } from '../../../src/report/model';
import { pcapFrames, sampleFrames } from '../../../fixtures/lib/sflow-writer';
import { fixturePath, repoRoot, scanFiles } from '../../helpers/scan';

const expected = JSON.parse(readFileSync(join(repoRoot, 'fixtures/expected.json'), 'utf8')) as Record<string, { flagged: Array<{ ip: string }> }>;
const dir = mkdtempSync(join(tmpdir(), 'rigsweep-sflow-stratum-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER_BYTES = 128;
const PAYLOAD_CODES = ['stratum.client', 'stratum.sampled-fragment'];

function sampledFile(name: string, rate: number, seed?: number): string {
  const datagrams = sampleFrames(pcapFrames(readFileSync(fixturePath(name))), { agent: '10.20.30.40', rate, headerBytes: HEADER_BYTES, seed });
  const path = join(dir, `${name}-${rate}-${seed ?? 'all'}.sflow`);
  writeFileSync(path, Buffer.concat(datagrams.map((d) => d.bytes)));
  return path;
}

const scanSampled = (name: string, rate: number, seed?: number): Promise<Report> => scanFiles([sampledFile(name, rate, seed)]);

/** Each miner found high on Stratum payload evidence: a whole message or a cut one. */
function foundByPayload(report: Report, ip: string): boolean {
  const host = report.hosts.find((h) => h.ip === ip);
  return host !== undefined && host.level === 'high' && host.evidence.some((e) => PAYLOAD_CODES.includes(e.code));
}

// Stratum-family miner captures (getwork over HTTP is not read from sampled packets: see the README).
const MINERS = [
  'stratum-v1.pcap',
  'stratum-v1-messy.pcap',
  'stratum-v1-midstream.pcap',
  'ethereumstratum-v1.pcap',
  'ethereumstratum-v2.pcap',
  'eth-proxy.pcap',
  'xmrig.pcap',
  'proxy.pcap',
  'nat-farm.pcap',
  'ipv6-miner.pcap',
  'vlan-qinq-miners.pcap',
];
const LOOK_ALIKES = ['web-login.pcap', 'eth-node-rpc.pcap', 'news-page.pcap', 'mqtt-keepalive.pcap', 'ssh-keepalive.pcap', 'tls-pool-lookalike.pcap', 'bulk-transfer.pcap', 'bitcoin-node.pcap'];
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe('sampled heads', () => {
  it('carry one mark per sampled packet and say they are sampled; captured heads do not', async () => {
    const flows: FlowRecord[] = [];
    await withSource(sampledFile('stratum-v1.pcap', 1), (s) => FORMAT_READERS.sflow(s, parseConfig({}), { flow: (f) => flows.push(f), issue: () => undefined }));
    const pool = flows.find((f) => f.server.port === 3333 && f.payload !== undefined && f.payload.toServer.bytes.length > 0)!;
    expect(pool.payload!.toServer.sampled).toBe(true);
    // The first sampled data packets of the connection: mining.configure, then subscribe, each cut at 128 bytes of frame.
    const head = pool.payload!.toServer;
    const packetAt = (i: number) => head.bytes.toString('utf8', head.marks[i].offset, head.marks[i + 1]?.offset ?? head.bytes.length);
    expect(packetAt(0)).toMatch(/^\{"id":1,"method":"mining\.configure"/);
    expect(packetAt(1)).toMatch(/^\{"id":2,"method":"mining\.subscribe"/);
    const captured: FlowRecord[] = [];
    await withSource(fixturePath('stratum-v1.pcap'), (s) => FORMAT_READERS.pcap(s, parseConfig({}), { flow: (f) => captured.push(f), issue: () => undefined }));
    for (const f of captured) expect(f.payload?.toServer.sampled).toBeUndefined();
  });
});

describe(`Stratum-family miners sampled with ${HEADER_BYTES}-byte headers`, () => {
  it.each(MINERS)('%s at 1:1: every miner high on payload evidence', async (name) => {
    const report = await scanSampled(name, 1);
    for (const { ip } of expected[name].flagged) expect({ ip, found: foundByPayload(report, ip) }).toEqual({ ip, found: true });
  });

  it.each(MINERS)('%s at 1:4: every miner high on payload evidence in every run', async (name) => {
    for (const seed of SEEDS.slice(0, 5)) {
      const report = await scanSampled(name, 4, seed);
      for (const { ip } of expected[name].flagged) expect({ ip, seed, found: foundByPayload(report, ip) }).toEqual({ ip, seed, found: true });
    }
  });

  // These captures are 90-600 frames: at 1:16 a connection gives 5-35 samples, many of them
  // bare ACKs, so some runs sample no message at all. Most runs must still find the miner.
  it.each(MINERS)('%s at 1:16: miners high on payload evidence in at least 60%% of runs', async (name) => {
    let found = 0;
    let runs = 0;
    for (const seed of SEEDS) {
      const report = await scanSampled(name, 16, seed);
      for (const { ip } of expected[name].flagged) {
        runs++;
        if (foundByPayload(report, ip)) found++;
      }
    }
    expect(found / runs).toBeGreaterThanOrEqual(0.6);
  });
});

describe(`look-alikes sampled with ${HEADER_BYTES}-byte headers`, () => {
  it.each(LOOK_ALIKES)('%s at 1:1, 1:4 and 1:16: no stratum evidence, nothing flagged on payload', async (name) => {
    const runs: Array<[number, number | undefined]> = [[1, undefined], ...SEEDS.slice(0, 5).flatMap((seed): Array<[number, number]> => [[4, seed], [16, seed]])];
    for (const [rate, seed] of runs) {
      const report = await scanSampled(name, rate, seed);
      const stratum = report.hosts.flatMap((h) => h.evidence.filter((e) => e.detector === 'stratum').map((e) => `${h.ip} ${e.code}`));
      expect({ rate, seed, stratum }).toEqual({ rate, seed, stratum: [] });
      // Counters scaled by the rate can make a node poller look Stratum-like to flow-behaviour
      // (see the report); nothing else may flag a look-alike.
      const flagged = report.hosts.filter((h) => h.level !== 'low' && h.evidence.some((e) => e.detector !== 'flow-behaviour'));
      expect({ rate, seed, flagged: flagged.map((h) => h.ip) }).toEqual({ rate, seed, flagged: [] });
    }
  });
});
