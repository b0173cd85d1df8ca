/**
 * A real exporter: Debian's softflowd turns fixture captures into NetFlow v5, v9 and IPFIX
 * (uniflow and biflow) sent over UDP to 127.0.0.1. Every datagram is decoded, and the packets
 * and bytes each endpoint sent to the other are compared with the capture's own packets. (Not
 * with rigsweep's flow assembly: it drops the last ACK of a closed TCP connection on purpose,
 * which exporters count.)
 */
import { withSource } from '../../../src/readers/source';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PcapWriter } from '../../../fixtures/lib/capture-writer';
import { ethernetFrame } from '../../../fixtures/lib/frames';
import type { FlowRecord } from '../../../src/flow/flow-record';
import { readCapture } from '../../../src/readers/pcap/capture';
import { configSchema } from '../../../src/config/schema';
import { repoRoot } from '../../helpers/corpus';
import { newDecoder } from './netflow-kit';
import { sequenceGaps, softflowdExport } from './softflowd-run';

const DEMO = join(repoRoot, 'fixtures/captures/demo.pcap');

interface Counted {
  packets: number;
  bytes: number;
}

/** Packets and bytes each endpoint sent to the other, over TCP and UDP (IPv4 only if asked). */
function perDirection(flows: readonly FlowRecord[], ipv4Only = false): Map<string, Counted> {
  const table = new Map<string, Counted>();
  const add = (key: string, packets: number, bytes: number) => {
    if (packets === 0) return;
    const sum = table.get(key) ?? { packets: 0, bytes: 0 };
    table.set(key, { packets: sum.packets + packets, bytes: sum.bytes + bytes });
  };
  for (const f of flows) {
    if ((f.protocol !== 6 && f.protocol !== 17) || (ipv4Only && f.client.ip.includes(':'))) continue;
    const c = `${f.client.ip}|${f.client.port}`;
    const s = `${f.server.ip}|${f.server.port}`;
    add(`${c} > ${s} /${f.protocol}`, f.toServer.packets, f.toServer.bytes);
    add(`${s} > ${c} /${f.protocol}`, f.toClient.packets, f.toClient.bytes);
  }
  return table;
}

/** The same table straight from the capture's TCP/UDP packets, with the capture's time span. */
async function capturedPerDirection(path: string, ipv4Only = false): Promise<{ table: Map<string, Counted>; first: number; last: number }> {
  const table = new Map<string, Counted>();
  let first = Infinity;
  let last = -Infinity;
  await withSource(path, (source) => readCapture(
    source,
    'pcap',
    {
      packet(p) {
        first = Math.min(first, p.time);
        last = Math.max(last, p.time);
        if (ipv4Only && p.ipVersion === 6) return;
        const key = `${p.src}|${p.srcPort} > ${p.dst}|${p.dstPort} /${p.protocol}`;
        const sum = table.get(key) ?? { packets: 0, bytes: 0 };
        table.set(key, { packets: sum.packets + 1, bytes: sum.bytes + p.ipLength });
      },
      issue: () => undefined,
    },
    { maxPacketBytes: 262_144, fragments: configSchema.parse({}).capture.fragments },
  ));
  return { table, first, last };
}

function sorted(table: Map<string, Counted>): Array<[string, Counted]> {
  return [...table.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** Decodes datagrams one by one (as the collector would), counting records per datagram. */
function decodeAll(datagrams: readonly Buffer[]) {
  const d = newDecoder();
  const perDatagram = datagrams.map((m, i) => {
    const before = d.flows.length;
    d.decode(m, '127.0.0.1', i);
    return d.flows.length - before;
  });
  d.decoder.flush();
  return { flows: d.flows, issues: d.issues, perDatagram };
}

let dir: string;
let manyFlows: string;
const MANY = 3000;

beforeAll(() => {
  // Many short flows, so softflowd's burst spans a hundred datagrams.
  dir = mkdtempSync(join(tmpdir(), 'rigsweep-sfd-'));
  manyFlows = join(dir, 'many-flows.pcap');
  const w = new PcapWriter();
  for (let i = 0; i < MANY; i++) {
    const client = `10.1.${(i >> 8) & 0xff}.${i & 0xff}`;
    const time = 1_700_000_000 + i * 0.01;
    const payload = Buffer.alloc(20 + (i % 50));
    w.add(time, ethernetFrame({ src: client, dst: '198.51.100.7', srcPort: 40000 + (i % 20000), dstPort: 3333, protocol: 'udp', payload }));
    w.add(time + 0.005, ethernetFrame({ src: '198.51.100.7', dst: client, srcPort: 3333, dstPort: 40000 + (i % 20000), protocol: 'udp', payload }));
  }
  writeFileSync(manyFlows, w.toBuffer());
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('softflowd exports', () => {
  const cases: Array<[string, 5 | 9 | 10, string[]]> = [
    ['NetFlow v5', 5, []],
    ['NetFlow v9', 9, []],
    ['IPFIX', 10, []],
    ['IPFIX biflow', 10, ['-b']],
  ];

  it.each(cases)('%s of the demo capture carries the same traffic per direction as the capture', async (_name, version, extra) => {
    const datagrams = await softflowdExport(DEMO, version, extra);
    const { flows, issues, perDatagram } = decodeAll(datagrams);
    expect(issues).toEqual([]);
    expect(sequenceGaps(datagrams, perDatagram)).toBe(0);
    expect(flows.length).toBeGreaterThan(10);
    expect(flows.every((f) => f.source === 'flow-export' && f.exporter === '127.0.0.1')).toBe(true);

    const { table, first, last } = await capturedPerDirection(DEMO, version === 5);
    expect(sorted(perDirection(flows, version === 5))).toEqual(sorted(table));

    // Times come from the capture (-a); v9 headers carry whole seconds, hence the slack.
    for (const f of flows) {
      expect(f.firstSeen).toBeGreaterThanOrEqual(first - 1);
      expect(f.lastSeen).toBeLessThanOrEqual(last + 1);
      expect(f.lastSeen).toBeGreaterThanOrEqual(f.firstSeen);
    }
  });

  it('puts biflow reverse counters on the other side of the same record', async () => {
    const { flows } = decodeAll(await softflowdExport(DEMO, 10, ['-b']));
    const both = flows.filter((f) => f.toServer.packets > 0 && f.toClient.packets > 0);
    expect(both.length).toBeGreaterThan(flows.length / 2);
  });

  it.each([9, 10] as const)('version %s: a burst of a hundred datagrams arrives whole and decodes every flow', async (version) => {
    const datagrams = await softflowdExport(manyFlows, version);
    const { flows, issues, perDatagram } = decodeAll(datagrams);
    expect(datagrams.length).toBeGreaterThan(50);
    expect(sequenceGaps(datagrams, perDatagram)).toBe(0);
    expect(issues).toEqual([]);
    // Two unidirectional records per conversation.
    expect(flows).toHaveLength(2 * MANY);
    expect(sorted(perDirection(flows))).toEqual(sorted((await capturedPerDirection(manyFlows)).table));
  });

  it('renormalises counters by the sampling rate softflowd announces in options data (-s 4)', async () => {
    const { flows } = decodeAll(await softflowdExport(manyFlows, 9, ['-s', '4']));
    const total = flows.reduce((n, f) => n + f.toServer.packets + f.toClient.packets, 0);
    // Every record's count is a multiple of 4, and 1-in-4 systematic sampling of 6000 packets
    // renormalises to 6000 give or take one sampling interval.
    expect(flows.every((f) => (f.toServer.packets + f.toClient.packets) % 4 === 0)).toBe(true);
    expect(Math.abs(total - 2 * MANY)).toBeLessThanOrEqual(4);
  });
});
