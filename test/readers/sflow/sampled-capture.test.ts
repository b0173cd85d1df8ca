/**
 * A Stratum capture sampled 1-in-N by the fixture writer, in a capture (UDP 6343) and as a raw
 * sFlow file: tshark reads the writer's datagrams as the frames they sample, and a scan finds the
 * miner by its payload with counters scaled by the sampling rate.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseConfig } from '../../../src/config/load';
import type { FlowRecord } from '../../../src/flow/flow-record';
import { FORMAT_READERS } from '../../../src/readers/formats';
import { sniffHead } from '../../../src/readers/sniff';
import { withSource } from '../../../src/readers/source';
import { pcapFrames, sampleFrames, type SampledDatagram } from '../../../fixtures/lib/sflow-writer';
import { ethernetPcap } from '../../../fixtures/lib/timeline';
import { udpDatagram } from '../../../fixtures/lib/udp-exchange';
import { fixturePath, scanFiles } from '../../helpers/scan';
import { repoRoot } from '../../helpers/corpus';
import { SFLOW_PORT, tsharkDatagrams } from './sflow-kit';

const expected = JSON.parse(readFileSync(join(repoRoot, 'fixtures/expected.json'), 'utf8')) as Record<string, { flagged: Array<{ ip: string }>; pools: string[] }>;
const dir = mkdtempSync(join(tmpdir(), 'rigsweep-sflow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AGENT = '10.20.30.40';
const RATE = 2;
/** Enough header to hold the fixture's Stratum lines whole (switches offer 128 to 256 bytes and more). */
const HEADER_BYTES = 256;

const source = fixturePath('stratum-v1.pcap');
const frames = pcapFrames(readFileSync(source));
const datagrams = sampleFrames(frames, { agent: AGENT, rate: RATE, headerBytes: HEADER_BYTES, extras: true });
const miner = expected['stratum-v1.pcap'].flagged[0].ip;
const [poolIp, poolPort] = expected['stratum-v1.pcap'].pools[0].split(':');

function sflowPcap(list: SampledDatagram[]): string {
  const path = join(dir, `sflow-${list.length}-${Math.random().toString(36).slice(2)}.pcap`);
  writeFileSync(path, ethernetPcap(list.map((d) => udpDatagram({ time: d.time, src: AGENT, dst: '10.0.0.2', srcPort: 40000, dstPort: SFLOW_PORT, payload: d.bytes }))));
  return path;
}

const pcapPath = sflowPcap(datagrams);
const rawPath = join(dir, 'stratum.sflow');
writeFileSync(rawPath, Buffer.concat(datagrams.map((d) => d.bytes)));

/** tshark's reading of the source capture's frames: the truth for what each sample holds. */
function tsharkFrames(path: string): Array<{ src: string; dst: string; srcPort?: number; dstPort?: number; ipLength?: number }> {
  const out = execFileSync('tshark', ['-r', path, '-T', 'fields', '-E', 'occurrence=f', '-e', 'ip.src', '-e', 'ip.dst', '-e', 'tcp.srcport', '-e', 'tcp.dstport', '-e', 'udp.srcport', '-e', 'udp.dstport', '-e', 'ip.len'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return out
    .trim()
    .split('\n')
    .map((line) => {
      const [src, dst, ts, td, us, ud, len] = line.split('\t');
      const n = (s: string) => (s === '' ? undefined : Number(s));
      return { src, dst, srcPort: n(ts) ?? n(us), dstPort: n(td) ?? n(ud), ipLength: n(len) };
    });
}

async function readFlows(path: string, format: 'pcap' | 'sflow'): Promise<{ flows: FlowRecord[]; issues: string[] }> {
  const flows: FlowRecord[] = [];
  const issues: string[] = [];
  await withSource(path, (s) => FORMAT_READERS[format](s, parseConfig({}), { flow: (f) => flows.push(f), issue: (i) => issues.push(i.code) }));
  return { flows, issues };
}

/** What the sampled frames of the miner's pool connection add up to, scaled: from the generated input. */
function scaledCounters(toPool: boolean) {
  const truth = tsharkFrames(source);
  const picked = truth.filter((_, i) => i % RATE === 0);
  const mine = picked.filter((f) => (toPool ? f.src === miner && f.dst === poolIp && f.dstPort === Number(poolPort) : f.src === poolIp && f.dst === miner && f.srcPort === Number(poolPort)));
  return { packets: mine.length * RATE, bytes: mine.reduce((n, f) => n + (f.ipLength ?? 0), 0) * RATE };
}

describe('the sFlow writer, checked with tshark', () => {
  const theirs = tsharkDatagrams(pcapPath);
  const truth = tsharkFrames(source);

  it('writes one sample per Nth frame, plus a counters sample per datagram, from the agent', () => {
    expect(theirs).toHaveLength(datagrams.length);
    for (const d of theirs) expect(d.agent).toBe(AGENT);
    const flowSamples = theirs.flatMap((d) => d.samples).filter((s) => s.kind === 'flow');
    expect(flowSamples).toHaveLength(Math.ceil(frames.length / RATE));
    expect(theirs.flatMap((d) => d.samples).filter((s) => s.kind === 'counters')).toHaveLength(datagrams.length);
    for (const s of flowSamples) expect(s.samplingRate).toBe(RATE);
  });

  it('copies each sampled frame so that tshark decodes the frame it samples', () => {
    const sampled = theirs.flatMap((d) => d.samples).filter((s) => s.kind === 'flow');
    const picked = truth.filter((_, i) => i % RATE === 0);
    sampled.forEach((s, i) => {
      const frame = picked[i];
      if (frame.src === '') return; // ARP in the source capture
      expect(s.packet).toMatchObject({ src: frame.src, dst: frame.dst, ipLength: frame.ipLength, ...(frame.srcPort === undefined ? {} : { srcPort: frame.srcPort, dstPort: frame.dstPort }) });
    });
  });
});

describe.each([
  ['a capture (UDP 6343)', pcapPath, 'pcap'],
  ['a raw sFlow file', rawPath, 'sflow'],
] as const)(`a Stratum capture sampled 1 in ${RATE}, in %s`, (_name, path, format) => {
  it('is sniffed as its format', () => {
    expect(sniffHead(readFileSync(path).subarray(0, 65536))).toBe(format);
  });

  it('assembles the miner\'s pool connection with counters scaled by the rate, the agent as exporter', async () => {
    const { flows, issues } = await readFlows(path, format);
    expect(issues).toEqual([]);
    const pool = flows.filter((f) => f.client.ip === miner && f.server.ip === poolIp && f.server.port === Number(poolPort));
    expect(pool.length).toBeGreaterThan(0);
    const sum = (pick: (f: FlowRecord) => number) => pool.reduce((n, f) => n + pick(f), 0);
    expect({ packets: sum((f) => f.toServer.packets), bytes: sum((f) => f.toServer.bytes) }).toEqual(scaledCounters(true));
    expect({ packets: sum((f) => f.toClient.packets), bytes: sum((f) => f.toClient.bytes) }).toEqual(scaledCounters(false));
    for (const f of pool) expect(f).toMatchObject({ exporter: AGENT, source: 'packet' });
    const heads = pool.map((f) => `${f.payload?.toServer.bytes.toString('latin1')}${f.payload?.toClient.bytes.toString('latin1')}`).join('');
    expect(heads).toContain('"method":"mining.');
  });

  it('gives stratum payload evidence for the miner in a scan', async () => {
    const report = await scanFiles([path]);
    const host = report.hosts.find((h) => h.ip === miner);
    expect(host).toMatchObject({ level: 'high', role: 'miner' });
    expect(host!.evidence.map((e) => e.code)).toContain('stratum.client');
    expect(report.inputs[0]).toMatchObject({ format, issueCounts: {} });
  });
});
