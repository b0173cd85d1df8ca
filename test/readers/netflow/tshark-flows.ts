/**
 * tshark as an independent NetFlow/IPFIX decoder: export payloads are wrapped in UDP datagrams
 * of a capture, dissected with `-T json`, and each flow record's addresses, ports, protocol and
 * counters read back. Payloads of different groups come from different sender addresses, so
 * tshark keeps their templates apart as it would for different exporters.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PcapWriter } from '../../../fixtures/lib/capture-writer';
import { ethernetFrame } from '../../../fixtures/lib/frames';

export const EXPORT_PORT = 2055;

/** One record as tshark shows it: every value of each field (a template may repeat a field). */
export interface TsharkFlow {
  src: string[];
  dst: string[];
  srcPort: number[];
  dstPort: number[];
  protocol: number[];
  /** The first counter tshark names, in rigsweep's order of preference; empty when none. */
  packets: number[];
  bytes: number[];
  /** NetFlow v5 header sampling interval (0 when none). */
  v5SamplingInterval: number;
}

type Tree = Record<string, unknown>;

interface Frame {
  _source: { layers: { cflow?: Tree } };
}

/** tshark's names for packetDelta, packetTotal, postPacketDelta, postPacketTotal, initiatorPackets. */
const PACKET_FIELDS = ['cflow.packets', 'cflow.permanent_packets', 'cflow.post_packets', 'cflow.post_total_packets', 'cflow.initiator_packets'];
const BYTE_FIELDS = ['cflow.octets', 'cflow.permanent_octets', 'cflow.post_octets', 'cflow.post_total_octets', 'cflow.initiator_octets'];

/** Flow records are subtrees named "Flow N" (v9, IPFIX; "(unknown)" may follow) or "pdu N/M" (v5). */
function flowTrees(tree: Tree, into: Tree[]): Tree[] {
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    if (/^(Flow \d+( \(.*\))?|pdu \d+\/\d+)$/.test(key)) into.push(value as Tree);
    else flowTrees(value as Tree, into);
  }
  return into;
}

/** With --no-duplicate-keys a repeated field is an array of its values. */
function values(tree: Tree, ...keys: string[]): string[] {
  return keys.flatMap((k) => {
    const v = tree[k];
    return typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  });
}

function firstPresent(tree: Tree, keys: readonly string[]): number[] {
  for (const k of keys) {
    const found = values(tree, k);
    if (found.length > 0) return found.map(Number);
  }
  return [];
}

function toFlow(t: Tree, v5SamplingInterval: number): TsharkFlow {
  return {
    src: values(t, 'cflow.srcaddr', 'cflow.srcaddrv6'),
    dst: values(t, 'cflow.dstaddr', 'cflow.dstaddrv6'),
    srcPort: values(t, 'cflow.srcport').map(Number),
    dstPort: values(t, 'cflow.dstport').map(Number),
    protocol: values(t, 'cflow.protocol').map(Number),
    packets: firstPresent(t, PACKET_FIELDS),
    bytes: firstPresent(t, BYTE_FIELDS),
    v5SamplingInterval,
  };
}

/**
 * Dissects `groups` (each a list of payloads sent in order by one exporter) and returns the
 * flow records tshark finds in each payload: result[group][payload] is a list of flows.
 */
export function tsharkFlows(groups: readonly Buffer[][]): TsharkFlow[][][] {
  const writer = new PcapWriter();
  let time = 1_600_000_000;
  groups.forEach((payloads, g) => {
    const src = `10.${(g >> 8) & 0xff}.${g & 0xff}.1`;
    for (const payload of payloads) {
      writer.add(time++, ethernetFrame({ src, dst: '10.255.255.254', srcPort: 40000, dstPort: EXPORT_PORT, protocol: 'udp', payload }));
    }
  });
  const dir = mkdtempSync(join(tmpdir(), 'rigsweep-tshark-'));
  try {
    const path = join(dir, 'exports.pcap');
    writeFileSync(path, writer.toBuffer());
    const json = execFileSync('tshark', ['-r', path, '-d', `udp.port==${EXPORT_PORT},cflow`, '-T', 'json', '--no-duplicate-keys'], {
      maxBuffer: 1 << 30,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).toString('utf8');
    const frames = JSON.parse(json) as Frame[];
    let next = 0;
    return groups.map((payloads) =>
      payloads.map(() => {
        const cflow = frames[next++]._source.layers.cflow;
        if (cflow === undefined) return [];
        const sampling = values(cflow, 'cflow.version')[0] === '5' ? Number(values(cflow, 'cflow.samplerate')[0] ?? 0) : 0;
        return flowTrees(cflow, []).map((t) => toFlow(t, sampling));
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
