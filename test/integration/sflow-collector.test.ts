/**
 * sFlow into the live collector over loopback: sampled Stratum becomes flows with payload for the
 * detectors, NetFlow on the same socket still decodes, held flows expire when idle and are
 * flushed on stop; and `rigsweep collect` flags the miner from sFlow alone.
 */
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectors } from '../../detectors';
import { Analysis } from '../../src/analysis';
import { UdpCollector } from '../../src/collector/udp-collector';
import { parseConfig } from '../../src/config/load';
import { loadIndicators } from '../../src/detect/indicators';
import type { FlowRecord } from '../../src/flow/flow-record';
import type { InputIssue } from '../../src/readers/issues';
import type { Report } from '../../src/report/model';
import { MemoryStore } from '../../src/store/memory-store';
import { v5Message } from '../../fixtures/lib/netflow-writer';
import { flowSample, pcapFrames, rawHeaderRecord, sampleFrames, sflowDatagram } from '../../fixtures/lib/sflow-writer';
import { ethernetFrame } from '../../fixtures/lib/frames';
import { repoRoot } from '../helpers/corpus';
import { killAll, startCollector } from '../helpers/processes';
import { fixturePath } from '../helpers/scan';

afterAll(killAll);

const expected = JSON.parse(readFileSync(join(repoRoot, 'fixtures/expected.json'), 'utf8')) as Record<string, { flagged: Array<{ ip: string }> }>;
const miner = expected['stratum-v1.pcap'].flagged[0].ip;
const RATE = 2;
const sampled = sampleFrames(pcapFrames(readFileSync(fixturePath('stratum-v1.pcap'))), { agent: '10.20.30.40', rate: RATE, headerBytes: 256, extras: true }).map((d) => d.bytes);
const netflow = v5Message({ unixSeconds: 1_632_700_000, sysUptime: 700_000 }, [{ src: '192.168.1.99', dst: '203.0.113.5', srcPort: 50000, dstPort: 443, protocol: 6, packets: 4, bytes: 600, first: 1000, last: 2000, tcpFlags: 0x18 }]);

async function send(port: number, datagrams: Buffer[]): Promise<void> {
  const socket = createSocket('udp4');
  for (const d of datagrams) await new Promise<void>((resolve, reject) => socket.send(d, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  socket.close();
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function collect(raw: Record<string, unknown>, datagrams: Buffer[], wait: number, beforeStop?: (flows: FlowRecord[]) => void) {
  const config = parseConfig(raw);
  const flows: FlowRecord[] = [];
  const issues: InputIssue[] = [];
  const store = new MemoryStore();
  const analysis = new Analysis(config, store, { detectors, indicators: loadIndicators(config.indicators) });
  const collector = new UdpCollector({ host: '127.0.0.1', port: 0, family: 4 }, config, (f) => {
    flows.push(f);
    analysis.accept(f);
  }, (i) => issues.push(i));
  const bound = await collector.start();
  await send(bound.port, datagrams);
  await settle(wait);
  beforeStop?.([...flows]);
  await collector.stop();
  await analysis.sweep();
  return { flows, issues, collector, store };
}

describe('sFlow into the live collector', () => {
  it('assembles sampled Stratum into flows with payload, scaled, next to NetFlow on the same socket', async () => {
    const { flows, issues, collector } = await collect({}, [...sampled, netflow], 300);
    expect(issues).toEqual([]);
    expect(collector.stats).toMatchObject({ datagrams: sampled.length + 1, rejected: 0 });
    expect(collector.stats.sflow).toMatchObject({ datagrams: sampled.length, counterSamples: sampled.length });
    const pool = flows.filter((f) => f.client.ip === miner && f.exporter === '10.20.30.40');
    expect(pool.length).toBeGreaterThan(0);
    expect(pool.some((f) => f.payload !== undefined && f.toServer.packets % RATE === 0 && f.toServer.packets > 0)).toBe(true);
    expect(flows.filter((f) => f.source === 'flow-export').map((f) => f.client.ip)).toEqual(['192.168.1.99']);
  });

  it('emits held sFlow flows once idle in receive time, before any stop', async () => {
    const frame = ethernetFrame({ src: '192.168.5.5', dst: '198.51.100.7', srcPort: 41000, dstPort: 3333, protocol: 'tcp', seq: 1, flags: 0x18, payload: Buffer.from('hello\n') });
    const one = sflowDatagram({ agent: '127.0.0.1', samples: [flowSample({ rate: 50, records: [rawHeaderRecord(frame, frame.length)] })] });
    let before: FlowRecord[] = [];
    const { flows } = await collect({ capture: { tcpIdleSeconds: 0.2 } }, [one], 1800, (f) => (before = f));
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ endReason: 'idle', exporter: '127.0.0.1', toServer: { packets: 50 } });
    expect(flows).toHaveLength(1);
  });

  it('counts sFlow from an address that is not a configured exporter as unknown, like NetFlow', async () => {
    const { flows, issues } = await collect({ collector: { exporters: ['10.0.0.0/8'] } }, sampled.slice(0, 2), 200);
    expect(flows).toEqual([]);
    expect(issues.map((i) => i.code)).toEqual(['collector.unknown-exporter', 'collector.unknown-exporter']);
  });
});

describe('rigsweep collect with sFlow', () => {
  it('flags the miner from sampled Stratum and writes its final report on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rigsweep-sflow-collect-'));
    writeFileSync(join(dir, 'config.json'), '{}');
    const out = join(dir, 'report.json');
    const collector = await startCollector(['--config', join(dir, 'config.json'), '--format', 'json', '--out', out]);
    await send(collector.port, sampled);
    await settle(400);
    collector.child.kill('SIGTERM');
    expect(await collector.exited).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(report.inputs[0]).toMatchObject({ packets: sampled.length, issueCounts: {} });
    expect(report.inputs[0].flows).toBeGreaterThan(0);
    const host = report.hosts.find((h) => h.ip === miner);
    expect(host).toMatchObject({ level: 'high', role: 'miner' });
    expect(host!.evidence.map((e) => e.code)).toContain('stratum.client');
  });
});
