/**
 * The carrier benchmark's generator (bench/carrier): deterministic, labelled, readable by
 * nfdump and rigsweep alike, with a flow cache that keeps its timeouts, and a sampled variant
 * whose counters come out scaled by the stated interval. The evaluator's arithmetic on a
 * hand-made report. Detection goals are not asserted here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCarrier, type CarrierFiles } from '../../bench/carrier/files';
import { evaluateReport, type ReportHost } from '../../bench/carrier/evaluate';
import { FlowCache } from '../../bench/carrier/flow-cache';
import { BENIGN_CLASSES, MINER_CLASSES, buildPopulation, type HostLabel } from '../../bench/carrier/population';
import { carrierRecords } from '../../bench/carrier/stream';
import { ACK, FIN, SYN, type CarrierRecord, type Conn, type Pkt } from '../../bench/carrier/types';
import { loadConfig } from '../../src/config/load';
import { readInput } from '../../src/readers/input';
import type { FlowRecord } from '../../src/flow/flow-record';

const SMALL = { hosts: 300, hours: 1, seed: 7 };
const hasNfdump = spawnSync('sh', ['-c', 'command -v nfcapd && command -v nfdump'], { stdio: 'ignore' }).status === 0;

let dir: string;
let files: CarrierFiles;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rigsweep-carrier-'));
  files = await generateCarrier(SMALL, { outDir: join(dir, 'one'), nfcapd: hasNfdump });
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(path: string): Promise<FlowRecord[]> {
  const flows: FlowRecord[] = [];
  await readInput(path, loadConfig(undefined, {}), { flow: (f) => void flows.push(f), issue: () => undefined });
  return flows;
}

const csvRows = (path: string) => readFileSync(path, 'utf8').split('\n').filter((l) => /^\d{4}-/.test(l)).length;

describe('carrier benchmark files', () => {
  it('are byte-identical for the same seed and differ for another', async () => {
    const again = await generateCarrier(SMALL, { outDir: join(dir, 'two'), variants: ['a'], nfcapd: false });
    const other = await generateCarrier({ ...SMALL, seed: 8 }, { outDir: join(dir, 'three'), variants: ['a'], nfcapd: false });
    const csv = readFileSync(files.variants.a!.files.csv);
    expect(readFileSync(again.variants.a!.files.csv).equals(csv)).toBe(true);
    expect(readFileSync(again.variants.a!.files.v9).equals(readFileSync(files.variants.a!.files.v9))).toBe(true);
    expect(readFileSync(other.variants.a!.files.csv).equals(csv)).toBe(false);
  }, 60_000);

  it('label every host, and every class appears', () => {
    const labels = (JSON.parse(readFileSync(files.labels, 'utf8')) as { hosts: HostLabel[] }).hosts;
    expect(labels).toHaveLength(SMALL.hosts);
    const classes = new Set(labels.map((l) => l.class));
    for (const cls of [...BENIGN_CLASSES, ...MINER_CLASSES]) expect(classes).toContain(cls);
    expect(new Set(labels.map((l) => l.ip)).size).toBe(labels.length);
    for (const l of labels) expect(l.miner).toBe(MINER_CLASSES.includes(l.class));
    expect(labels.filter((l) => l.miner).every((l) => l.miningSeconds >= 0 && l.miningSeconds <= SMALL.hours * 3600)).toBe(true);
    expect(labels.some((l) => l.miner && l.miningSeconds >= 600)).toBe(true);
    // Most benign hosts hold a long-lived session: the population the false-alarm goal is about.
    const benign = labels.filter((l) => !l.miner);
    expect(benign.filter((l) => l.hasLongLived).length / benign.length).toBeGreaterThan(0.8);
  });

  it('are read with the same record count by rigsweep (CSV, v9, IPFIX) and nfdump (nfcapd)', async () => {
    const a = files.variants.a!;
    const rows = csvRows(a.files.csv);
    expect(rows).toBe(a.records);
    expect((await read(a.files.csv)).length).toBe(rows);
    expect((await read(a.files.v9)).length).toBe(rows);
    const b = files.variants.b!;
    expect((await read(b.files.ipfix)).length).toBe(b.records);
    if (hasNfdump) {
      const info = execFileSync('nfdump', ['-r', a.files.nfcapd, '-I']).toString();
      expect(Number(/Flows:\s*(\d+)/.exec(info)?.[1])).toBe(rows);
      // Times survive the v9 uptime arithmetic: nothing before the window or after it.
      const start = buildPopulation(SMALL).params.start;
      expect(Number(/First:\s*(\d+)/.exec(info)?.[1])).toBeGreaterThanOrEqual(start - 1);
      expect(Number(/Last:\s*(\d+)/.exec(info)?.[1])).toBeLessThanOrEqual(start + SMALL.hours * 3600);
      expect((await read(a.files.nfcapd)).length).toBe(rows);
    }
  }, 60_000);

  it('give sampled counters scaled by the stated 1:100 interval', async () => {
    const c = files.variants.c!;
    const flows = await read(c.files.v9);
    expect(flows.length).toBe(c.records);
    expect(c.records).toBeLessThan(files.variants.a!.records / 3);
    for (const f of flows) {
      for (const d of [f.toServer, f.toClient]) {
        expect(d.packets % 100).toBe(0);
        expect(d.bytes % 100).toBe(0);
      }
    }
  }, 60_000);
});

describe('the flow cache', () => {
  const conn: Conn = { id: 1, client: 0x64400001, server: 0xc6120001, clientPort: 40000, serverPort: 3333, protocol: 6 };
  const pkt = (t: number, flags = ACK, dir: 0 | 1 = 0): Pkt => ({ t, conn, dir, bytes: 100, count: 1, flags });

  it('cuts at the active timeout, splits at idle gaps, exports on FIN, SYN only in the first record', () => {
    const out: CarrierRecord[] = [];
    const cache = new FlowCache({ activeSeconds: 60, inactiveSeconds: 15, sampling: 1 }, (r) => out.push(r));
    cache.add(pkt(0, SYN));
    for (let t = 10; t <= 200; t += 10) cache.add(pkt(t)); // every 10 s: only the active timeout cuts
    cache.add(pkt(230)); // 30 s gap > 15 s inactive
    cache.add(pkt(235, ACK | FIN));
    cache.flush(1000);
    expect(out.map((r) => [r.first, r.last, r.packets])).toEqual([[0, 50, 6], [60, 110, 6], [120, 170, 6], [180, 200, 3], [230, 235, 2]]);
    expect(out.map((r) => r.exportAt)).toEqual([60, 120, 180, 215, 235]);
    expect(out.map((r) => r.tcpFlags & SYN)).toEqual([SYN, 0, 0, 0, 0]);
    expect(out[4].tcpFlags & FIN).toBe(FIN);
  });

  it('keeps the timeouts over a whole population, records leaving in export-time order', () => {
    const pop = buildPopulation({ hosts: 60, hours: 0.5, seed: 3 });
    for (const settings of [{ activeSeconds: 300, inactiveSeconds: 15, sampling: 1 }, { activeSeconds: 60, inactiveSeconds: 60, sampling: 1 }]) {
      let last = -Infinity;
      let n = 0;
      for (const r of carrierRecords(pop, settings)) {
        n++;
        expect(r.last - r.first).toBeLessThan(settings.activeSeconds);
        expect(r.exportAt).toBeGreaterThanOrEqual(last);
        expect(r.exportAt).toBeGreaterThanOrEqual(r.last);
        expect(r.last).toBeGreaterThanOrEqual(r.first);
        last = r.exportAt;
      }
      expect(n).toBeGreaterThan(1000);
    }
  }, 30_000);
});

describe('the evaluator', () => {
  const labels: HostLabel[] = [
    { ip: '100.64.0.1', class: 'cpu-stratum', miner: true, hasLongLived: false, miningSeconds: 3600 },
    { ip: '100.64.0.2', class: 'cpu-stratum', miner: true, hasLongLived: false, miningSeconds: 1200 },
    { ip: '100.64.0.3', class: 'cpu-stratum', miner: true, hasLongLived: false, miningSeconds: 300 },
    { ip: '100.64.0.4', class: 'cpu-stratum', miner: true, hasLongLived: false, miningSeconds: 900 },
    { ip: '100.64.0.5', class: 'cpu-stratum', miner: true, hasLongLived: false, miningSeconds: 120 },
    { ip: '100.64.0.6', class: 'chat-websocket', miner: false, hasLongLived: true, miningSeconds: 0 },
    { ip: '100.64.0.7', class: 'chat-websocket', miner: false, hasLongLived: true, miningSeconds: 0 },
    { ip: '100.64.0.8', class: 'chat-websocket', miner: false, hasLongLived: false, miningSeconds: 0 },
    { ip: '100.64.0.9', class: 'web-only', miner: false, hasLongLived: false, miningSeconds: 0 },
  ];
  const ev = (...codes: string[]) => codes.map((code) => ({ code }));
  const report: ReportHost[] = [
    { ip: '100.64.0.1', level: 'high', evidence: ev('a') },
    { ip: '100.64.0.2', level: 'medium', evidence: ev('a') },
    { ip: '100.64.0.3', level: 'high', evidence: ev('a') }, // short: not eligible, counted apart
    { ip: '100.64.0.4', level: 'low', evidence: ev('a') },
    { ip: '100.64.0.6', level: 'medium', evidence: ev('x', 'y', 'x') },
    { ip: '100.64.0.7', level: 'low', evidence: ev('x') },
    { ip: '100.64.0.8', level: 'high', evidence: ev('y') },
    { ip: '198.18.0.1', level: 'high', evidence: ev('pool') },
  ];

  it('counts eligible miners, false alarms, the watch list and the codes behind false alarms', () => {
    const e = evaluateReport(labels, report);
    expect(e.miners).toEqual([{ cls: 'cpu-stratum', hosts: 5, eligible: 3, flagged: 2, high: 1, lowOnly: 1, missed: 1, shortFlagged: 1 }]);
    expect(e.benign).toEqual([
      { cls: 'chat-websocket', hosts: 3, longLived: 2, falseAlarms: 2, longLivedFalseAlarms: 1, watch: 1, topCodes: [['y', 2], ['x', 1]] },
      { cls: 'web-only', hosts: 1, longLived: 0, falseAlarms: 0, longLivedFalseAlarms: 0, watch: 0, topCodes: [] },
    ]);
    expect(e.totals).toEqual({
      minerHosts: 5, eligible: 3, flagged: 2, high: 1, detectionRate: 2 / 3,
      benignHosts: 4, longLived: 2, falseAlarms: 2, longLivedFalseAlarms: 1, falseAlarmRate: 0.5, longLivedFalseAlarmRate: 0.5,
      watch: 1, unlabelledFlagged: 1,
    });
  });
});
