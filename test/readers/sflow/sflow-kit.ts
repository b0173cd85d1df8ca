/**
 * Test kit for the sFlow reader: tshark as the independent decoder of sFlow in captures, and
 * rigsweep's decoder run over the same datagrams with every sample observed.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseConfig } from '../../../src/config/load';
import type { FlowRecord } from '../../../src/flow/flow-record';
import { IssueLimiter } from '../../../src/readers/issue-limiter';
import type { InputIssue } from '../../../src/readers/issues';
import { SflowDecoder, type ObservedSample } from '../../../src/readers/sflow/sflow-decoder';
import { readSflowFile } from '../../../src/readers/sflow/sflow-file';
import type { ReaderTotals } from '../../../src/readers/format-reader';
import { HEAD_BYTES, type ByteSource } from '../../../src/readers/source';
import { pcapFrames } from '../../../fixtures/lib/sflow-writer';
import { repoRoot } from '../../helpers/corpus';
import { join } from 'node:path';

export const SFLOW_PORT = 6343;
export const sflowFixture = (name: string) => join(repoRoot, 'fixtures/sflow', name);

type Tree = Record<string, unknown>;

export interface TsharkPacket {
  src: string;
  dst: string;
  srcPort?: number;
  dstPort?: number;
  ipLength: number;
  protocol: number;
}

export interface TsharkSample {
  kind: 'flow' | 'counters' | 'other';
  samplingRate?: number;
  samplePool?: number;
  drops?: number;
  /** What tshark decoded of the sampled packet: the outermost IP header and the transport after it. */
  packet?: TsharkPacket;
}

export interface TsharkDatagram {
  agent: string;
  numSamples: number;
  samples: TsharkSample[];
}

const str = (t: Tree, key: string) => (typeof t[key] === 'string' ? (t[key] as string) : undefined);
const num = (t: Tree, key: string) => (str(t, key) === undefined ? undefined : Number(str(t, key)));
const first = (t: Tree, key: string): Tree | undefined => {
  const v = t[key];
  return Array.isArray(v) ? (v[0] as Tree) : (v as Tree | undefined);
};

/** The packet a flow sample describes: its raw header's decode, else its IPv4/IPv6 data record. */
function samplePacket(sample: Tree): TsharkPacket | undefined {
  const raw = first(sample, 'Raw packet header');
  const tree = raw && first(raw, 'sflow_245.header_tree');
  if (tree !== undefined) {
    const ip = first(tree, 'ip');
    const ip6 = first(tree, 'ipv6');
    const l3 = ip ?? ip6;
    if (l3 === undefined) return undefined;
    const tcp = first(tree, 'tcp');
    const udp = first(tree, 'udp');
    const l4 = tcp ?? udp;
    return {
      src: (ip ? str(ip, 'ip.src') : str(ip6!, 'ipv6.src'))!,
      dst: (ip ? str(ip, 'ip.dst') : str(ip6!, 'ipv6.dst'))!,
      ipLength: ip ? num(ip, 'ip.len')! : num(ip6!, 'ipv6.plen')! + 40,
      protocol: ip ? num(ip, 'ip.proto')! : num(ip6!, 'ipv6.nxt')!,
      srcPort: l4 && num(l4, tcp ? 'tcp.srcport' : 'udp.srcport'),
      dstPort: l4 && num(l4, tcp ? 'tcp.dstport' : 'udp.dstport'),
    };
  }
  const v4 = first(sample, 'IPv4 data');
  if (v4 !== undefined) {
    return {
      src: str(v4, 'sflow_245.ipv4_src')!,
      dst: str(v4, 'sflow_245.ipv4_dst')!,
      ipLength: num(v4, 'sflow_245.ip.length')!,
      protocol: num(v4, 'sflow_245.ip_protocol') ?? NaN,
      srcPort: num(v4, 'sflow_245.ip.source_port'),
      dstPort: num(v4, 'sflow.ip.destination_port'),
    };
  }
  return undefined;
}

/** Every sFlow datagram of a capture as tshark 4 dissects it (UDP 6343 decoded as sFlow). */
export function tsharkDatagrams(pcap: string): TsharkDatagram[] {
  const json = execFileSync('tshark', ['-r', pcap, '-d', `udp.port==${SFLOW_PORT},sflow`, '-T', 'json', '--no-duplicate-keys'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const frames = JSON.parse(json) as Array<{ _source: { layers: Record<string, unknown> } }>;
  const out: TsharkDatagram[] = [];
  for (const frame of frames) {
    const layer = frame._source.layers.sflow;
    for (const sflow of (Array.isArray(layer) ? layer : layer === undefined ? [] : [layer]) as Tree[]) {
      const samples: TsharkSample[] = [];
      for (const [key, value] of Object.entries(sflow)) {
        if (!/sample, seq/.test(key)) continue;
        for (const sample of (Array.isArray(value) ? value : [value]) as Tree[]) {
          const kind = /^(Expanded flow|Flow) sample/.test(key) ? 'flow' : /^(Expanded counters|Counters) sample/i.test(key) ? 'counters' : 'other';
          samples.push({
            kind,
            samplingRate: num(sample, 'sflow.flow_sample.sampling_rate'),
            samplePool: num(sample, 'sflow.flow_sample.sample_pool'),
            drops: num(sample, 'sflow.flow_sample.dropped_packets'),
            packet: kind === 'flow' ? samplePacket(sample) : undefined,
          });
        }
      }
      out.push({ agent: str(sflow, 'sflow_245.agent') ?? str(sflow, 'sflow_245.agent.v6')!, numSamples: num(sflow, 'sflow_245.numsamples')!, samples });
    }
  }
  return out;
}

/** UDP payloads to port 6343 of a little-endian classic pcap of Ethernet + IPv4 frames (no VLANs, no options). */
export function sflowPayloads(pcap: Buffer): Array<{ time: number; payload: Buffer }> {
  const out: Array<{ time: number; payload: Buffer }> = [];
  for (const { time, frame } of pcapFrames(pcap)) {
    let at = 12;
    let type = frame.readUInt16BE(at);
    while (type === 0x8100 || type === 0x88a8) {
      at += 4;
      type = frame.readUInt16BE(at);
    }
    at += 2;
    let udpAt: number;
    if (type === 0x0800 && frame[at + 9] === 17) udpAt = at + (frame[at] & 0x0f) * 4;
    else if (type === 0x86dd && frame[at + 6] === 17) udpAt = at + 40;
    else continue;
    if (frame.readUInt16BE(udpAt + 2) !== SFLOW_PORT) continue;
    out.push({ time, payload: frame.subarray(udpAt + 8, udpAt + frame.readUInt16BE(udpAt + 4)) });
  }
  return out;
}

export interface Decoded {
  samples: ObservedSample[];
  flows: FlowRecord[];
  issues: InputIssue[];
  decoder: SflowDecoder;
}

/** Runs rigsweep's decoder over datagrams, observing every sample. */
export function decodeDatagrams(datagrams: Array<{ time?: number; payload: Buffer }>, raw: Record<string, unknown> = {}): Decoded {
  const samples: ObservedSample[] = [];
  const flows: FlowRecord[] = [];
  const issues: InputIssue[] = [];
  const limiter = new IssueLimiter((i) => issues.push(i));
  const decoder = new SflowDecoder(parseConfig(raw).capture, (f) => flows.push(f), limiter, (s) =>
    samples.push({ ...s, packet: s.packet && { ...s.packet, payload: Buffer.from(s.packet.payload) } }),
  );
  let offset = 0;
  for (const d of datagrams) decoder.decode(d.payload, { offset: offset++, time: d.time });
  decoder.flush();
  limiter.finish();
  return { samples, flows, issues, decoder };
}

export function decodePcapFile(path: string): Decoded {
  return decodeDatagrams(sflowPayloads(readFileSync(path)));
}

/** An in-memory ByteSource handing the bytes over in chunks of `chunk` (to exercise carries). */
export function memorySource(bytes: Buffer, chunk = 64 * 1024, name = 'memory.sflow'): ByteSource {
  return {
    name,
    head: bytes.subarray(0, HEAD_BYTES),
    compression: 'none',
    async consume(consume) {
      let at = 0;
      while (at < bytes.length) {
        const next = Math.min(bytes.length, at + chunk);
        const piece = Buffer.from(bytes.subarray(at, next));
        at = next;
        if (!consume(piece, next)) return { bytes: next, complete: false };
      }
      return { bytes: bytes.length, complete: true };
    },
  };
}

/** Reads bytes as a raw sFlow file. */
export async function readSflowBytes(bytes: Buffer, chunk?: number, raw: Record<string, unknown> = {}): Promise<{ flows: FlowRecord[]; issues: InputIssue[]; totals: ReaderTotals }> {
  const flows: FlowRecord[] = [];
  const issues: InputIssue[] = [];
  const totals = await readSflowFile(memorySource(bytes, chunk), parseConfig(raw), { flow: (f) => flows.push(f), issue: (i) => issues.push(i) });
  return { flows, issues, totals };
}
