/**
 * A small nfcapd (LAYOUT_VERSION_2) writer for what no tool here writes: V3 records with
 * NSEL/NEL elements (no public NSEL nfcapd file was found, and nfcapd needs an ASA to send them)
 * and ZSTD blocks (nfdump 1.7.1 has no ZSTD). Layouts as in v1.7.1 nffileV2.h / nfxV3.h; the
 * files are checked with the real nfdump wherever nfdump can read them.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './nfdump-kit';

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}

/** Host-order (little-endian) IPv4. */
function ipv4(text: string): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(text.split('.').reduce((a, o) => a * 256 + Number(o), 0));
  return b;
}

function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}

function element(type: number, body: Buffer): Buffer {
  return Buffer.concat([u16(type), u16(4 + body.length), body]);
}

export interface NatFlow {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  protocol: number;
  packets: number;
  bytes: number;
  outPackets: number;
  outBytes: number;
  msecFirst: number;
  msecLast: number;
  /** Post-NAT (public) source and destination, and ports. */
  xlateSrc: string;
  xlateDst: string;
  xlateSrcPort: number;
  xlateDstPort: number;
  natEvent: number;
}

/** A V3 record as nfcapd builds it for an NSEL/NEL flow (ipfix.c / netflow_v9.c element order). */
export function natRecord(f: NatFlow): Buffer {
  const generic = Buffer.concat([
    u64(f.msecFirst),
    u64(f.msecLast),
    u64(f.msecLast + 1000),
    u64(f.packets),
    u64(f.bytes),
    u16(f.srcPort),
    u16(f.dstPort),
    Buffer.from([f.protocol, 0x1b, 0, 0]),
  ]);
  const elements = [
    element(1, generic),
    element(2, Buffer.concat([ipv4(f.src), ipv4(f.dst)])),
    element(5, Buffer.concat([u64(1), u64(f.outPackets), u64(f.outBytes)])),
    element(19, Buffer.concat([u64(f.msecFirst), Buffer.from([7, 0, 0, 0]), u16(0), Buffer.from([1, 0])])), // EXnselCommon
    element(20, Buffer.concat([ipv4(f.xlateSrc), ipv4(f.xlateDst)])), // EXnselXlateIPv4
    element(22, Buffer.concat([u16(f.xlateSrcPort), u16(f.xlateDstPort)])), // EXnselXlatePort
    element(25, Buffer.concat([u64(f.msecFirst), Buffer.from([0, 0, 0, 0]), Buffer.from([f.natEvent, 0, 0, 0])])), // EXnelCommon
    element(12, ipv4('192.0.2.1')), // EXipReceivedV4: the exporter
  ];
  const body = Buffer.concat(elements);
  const header = Buffer.alloc(12);
  header.writeUInt16LE(11, 0);
  header.writeUInt16LE(12 + body.length, 2);
  header.writeUInt16LE(elements.length, 4);
  header[10] = 1; // V3_FLAG_EVENT
  header[11] = 10; // IPFIX
  return Buffer.concat([header, body]);
}

/** A V2 file: header, one type-3 block per entry (records joined, then `compress`ed), no appendix. */
export function v2File(blocks: Buffer[][], compression = 0, compress: (plain: Buffer) => Buffer = (b) => b): Buffer {
  const header = Buffer.alloc(40);
  header.writeUInt16LE(0xa50c, 0);
  header.writeUInt16LE(2, 2);
  header.writeUInt32LE(0x01070100, 4);
  header[16] = compression;
  header.writeUInt32LE(blocks.length, 36);
  const parts: Buffer[] = [header];
  for (const records of blocks) {
    const body = compress(Buffer.concat(records));
    const blockHeader = Buffer.alloc(12);
    blockHeader.writeUInt32LE(records.length, 0);
    blockHeader.writeUInt32LE(body.length, 4);
    blockHeader.writeUInt16LE(3, 8);
    parts.push(blockHeader, body);
  }
  return Buffer.concat(parts);
}

/** Splits an uncompressed V2 file into its blocks' records. */
export function v2Blocks(file: Buffer): { numRecords: number; body: Buffer }[] {
  const blocks: { numRecords: number; body: Buffer }[] = [];
  for (let pos = 40; pos + 12 <= file.length; ) {
    const size = file.readUInt32LE(pos + 4);
    blocks.push({ numRecords: file.readUInt32LE(pos), body: file.subarray(pos + 12, pos + 12 + size) });
    pos += 12 + size;
  }
  return blocks;
}

/** A single ZSTD frame of `plain`, as ZSTD_compress makes it, by the zstd command. */
export function zstdFrame(plain: Buffer): Buffer {
  const dir = tempDir('zstd');
  const input = join(dir, 'block');
  writeFileSync(input, plain);
  execFileSync('zstd', ['-q', '-f', '--no-check', input, '-o', `${input}.zst`]);
  return readFileSync(`${input}.zst`);
}

export interface SampledFlow {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  packets: number;
  bytes: number;
  msecFirst: number;
  /** V3 header exporterID: the exporter's sysid, which sampler records name too. */
  sysid: number;
  /** V3_FLAG_SAMPLED: nfcapd scaled the counters. */
  sampled: boolean;
  /** EXsamplerInfo (18): the sampler id the record names. */
  samplerId?: number;
  /** V3 header nfversion (5, 9, 10; sfcapd 0x85). */
  nfversion?: number;
}

/** A plain TCP V3 record (EXgenericFlow, EXipv4Flow, optional EXsamplerInfo) as nfcapd writes it. */
export function sampledRecord(f: SampledFlow): Buffer {
  const generic = Buffer.concat([u64(f.msecFirst), u64(f.msecFirst + 1000), u64(f.msecFirst + 2000), u64(f.packets), u64(f.bytes), u16(f.srcPort), u16(f.dstPort), Buffer.from([6, 0x18, 0, 0])]);
  const elements = [element(1, generic), element(2, Buffer.concat([ipv4(f.src), ipv4(f.dst)]))];
  if (f.samplerId !== undefined) elements.push(element(18, Buffer.concat([u64(f.samplerId), u16(f.sysid), u16(0)])));
  const body = Buffer.concat(elements);
  const header = Buffer.alloc(12);
  header.writeUInt16LE(11, 0);
  header.writeUInt16LE(12 + body.length, 2);
  header.writeUInt16LE(elements.length, 4);
  header.writeUInt16LE(f.sysid, 8);
  header[10] = f.sampled ? 2 : 0; // V3_FLAG_SAMPLED
  header[11] = f.nfversion ?? 10;
  return Buffer.concat([header, body]);
}

/** A sampler record (type 15, sampler_record_t): id -1 generic, -2 default, -3 overwrite, else the exporter's. */
export function samplerRecord(sysid: number, id: number, packetInterval: number, spaceInterval: number): Buffer {
  const b = Buffer.alloc(24);
  b.writeUInt16LE(15, 0);
  b.writeUInt16LE(24, 2);
  b.writeUInt16LE(sysid, 4);
  b.writeUInt16LE(0, 6);
  b.writeBigInt64LE(BigInt(id), 8);
  b.writeUInt32LE(packetInterval >>> 0, 16);
  b.writeUInt32LE(spaceInterval >>> 0, 20);
  return b;
}

/** A legacy sampler record (type 9, samplerV0_record_t): the rate is `interval`. */
export function legacySamplerRecord(sysid: number, id: number, interval: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt16LE(9, 0);
  b.writeUInt16LE(16, 2);
  b.writeInt32LE(id, 4);
  b.writeUInt32LE(interval >>> 0, 8);
  b.writeUInt16LE(0, 12);
  b.writeUInt16LE(sysid, 14);
  return b;
}
