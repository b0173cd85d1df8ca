/** Test kit for the capture readers: temp files, a collecting sink, a pcapng block builder. */
import { withSource } from '../../../src/readers/source';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputIssue } from '../../../src/readers/issues';
import { configSchema } from '../../../src/config/schema';
import { readCapture, type CaptureOptions, type DetailedCaptureStats } from '../../../src/readers/pcap/capture';
import type { FragmentLimits } from '../../../src/readers/pcap/fragments';
import type { DecodedPacket } from '../../../src/readers/pcap/packet';

const CAPTURE_DEFAULTS = configSchema.parse({}).capture;
export const DEFAULT_MAX_PACKET_BYTES = CAPTURE_DEFAULTS.maxPacketBytes;

/** Reader options as the default config gives them, with another packet size limit or fragment bounds if asked. */
export function captureOptions(maxPacketBytes = DEFAULT_MAX_PACKET_BYTES, fragments: Partial<FragmentLimits> = {}): CaptureOptions {
  return { maxPacketBytes, fragments: { ...CAPTURE_DEFAULTS.fragments, ...fragments } };
}

let dir: string | undefined;
let counter = 0;

// Registered when a test file imports the kit, so each file cleans up its own directory.
afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** Writes bytes to a fresh file in this test file's temp dir (removed after the tests). */
export function writeTemp(bytes: Buffer, extension = 'bin'): string {
  if (dir === undefined) {
    dir = mkdtempSync(join(tmpdir(), 'rigsweep-capture-'));
  }
  const path = join(dir, `capture-${counter++}.${extension}`);
  writeFileSync(path, bytes);
  return path;
}

export interface Collected {
  /** Packets with their payloads copied (the reader's are views into its buffers). */
  packets: DecodedPacket[];
  issues: InputIssue[];
  progress: number[];
  stats: DetailedCaptureStats;
}

export async function readPath(
  path: string,
  format: 'pcap' | 'pcapng',
  maxPacketBytes = DEFAULT_MAX_PACKET_BYTES,
  fragments: Partial<FragmentLimits> = {},
): Promise<Collected> {
  const packets: DecodedPacket[] = [];
  const issues: InputIssue[] = [];
  const progress: number[] = [];
  const stats = await withSource(
    path,
    (source) =>
      readCapture(
        source,
        format,
        {
          packet: (p) => packets.push({ ...p, payload: Buffer.from(p.payload), tcp: p.tcp && { ...p.tcp } }),
          issue: (i) => issues.push(i),
        },
        captureOptions(maxPacketBytes, fragments),
      ),
    { onProgress: (b) => progress.push(b) },
  );
  return { packets, issues, progress, stats };
}

export function readBytes(bytes: Buffer, format: 'pcap' | 'pcapng', maxPacketBytes?: number, fragments?: Partial<FragmentLimits>): Promise<Collected> {
  return readPath(writeTemp(bytes, format), format, maxPacketBytes, fragments);
}

export function codes(issues: InputIssue[]): string[] {
  return issues.map((i) => i.code);
}

/** pcapng blocks in either byte order, with the options the fixture writer does not cover. */
export class PcapngBuilder {
  private readonly blocks: Buffer[] = [];
  private littleEndian = true;

  constructor(littleEndian = true) {
    this.section(littleEndian);
  }

  section(littleEndian = true, majorVersion = 1): this {
    this.littleEndian = littleEndian;
    const body = Buffer.alloc(16);
    this.u32(body, 0x1a2b3c4d, 0);
    this.u16(body, majorVersion, 4);
    body.writeBigInt64LE(-1n, 8);
    return this.block(0x0a0d0d0a, body);
  }

  /** `tsresol` is the raw option byte (top bit set: power of two); `tsoffset` in seconds. */
  iface(linkType: number, options: { tsresol?: number; tsoffset?: bigint; snapLength?: number } = {}): this {
    const fixed = Buffer.alloc(8);
    this.u16(fixed, linkType, 0);
    this.u32(fixed, options.snapLength ?? 262144, 4);
    const opts: Buffer[] = [this.option(2, Buffer.from('eth0'))];
    if (options.tsresol !== undefined) opts.push(this.option(9, Buffer.from([options.tsresol])));
    if (options.tsoffset !== undefined) {
      const v = Buffer.alloc(8);
      if (this.littleEndian) v.writeBigInt64LE(options.tsoffset);
      else v.writeBigInt64BE(options.tsoffset);
      opts.push(this.option(14, v));
    }
    opts.push(Buffer.alloc(4)); // opt_endofopt
    return this.block(1, Buffer.concat([fixed, ...opts]));
  }

  /** Enhanced Packet Block; `units` is the raw 64-bit timestamp in the interface's resolution. */
  epb(iface: number, units: bigint, frame: Buffer, originalLength = frame.length): this {
    const fixed = Buffer.alloc(20);
    this.u32(fixed, iface, 0);
    this.u32(fixed, Number(units >> 32n), 4);
    this.u32(fixed, Number(units & 0xffffffffn), 8);
    this.u32(fixed, frame.length, 12);
    this.u32(fixed, originalLength, 16);
    return this.block(6, Buffer.concat([fixed, pad4(frame), this.option(1, Buffer.from('a comment')), Buffer.alloc(4)]));
  }

  /** Obsolete Packet Block (type 2): 16-bit interface id and a drops count. */
  pb(iface: number, units: bigint, frame: Buffer): this {
    const fixed = Buffer.alloc(20);
    this.u16(fixed, iface, 0);
    this.u16(fixed, 0xffff, 2);
    this.u32(fixed, Number(units >> 32n), 4);
    this.u32(fixed, Number(units & 0xffffffffn), 8);
    this.u32(fixed, frame.length, 12);
    this.u32(fixed, frame.length, 16);
    return this.block(2, Buffer.concat([fixed, pad4(frame)]));
  }

  spb(frame: Buffer, originalLength = frame.length): this {
    const fixed = Buffer.alloc(4);
    this.u32(fixed, originalLength, 0);
    return this.block(3, Buffer.concat([fixed, pad4(frame)]));
  }

  /** Any block, e.g. a Name Resolution (4), Interface Statistics (5) or custom (0xBAD) one. */
  block(type: number, body: Buffer): this {
    const padded = pad4(body);
    const b = Buffer.alloc(12 + padded.length);
    this.u32(b, type, 0);
    this.u32(b, b.length, 4);
    padded.copy(b, 8);
    this.u32(b, b.length, b.length - 4);
    this.blocks.push(b);
    return this;
  }

  /** Raw bytes, for corrupt blocks. */
  bytes(raw: Buffer): this {
    this.blocks.push(raw);
    return this;
  }

  /** Offset the next block will start at. */
  get length(): number {
    return this.blocks.reduce((n, b) => n + b.length, 0);
  }

  build(): Buffer {
    return Buffer.concat(this.blocks);
  }

  private option(code: number, value: Buffer): Buffer {
    const h = Buffer.alloc(4);
    this.u16(h, code, 0);
    this.u16(h, value.length, 2);
    return Buffer.concat([h, pad4(value)]);
  }

  private u32(b: Buffer, v: number, at: number): void {
    if (this.littleEndian) b.writeUInt32LE(v >>> 0, at);
    else b.writeUInt32BE(v >>> 0, at);
  }

  private u16(b: Buffer, v: number, at: number): void {
    if (this.littleEndian) b.writeUInt16LE(v, at);
    else b.writeUInt16BE(v, at);
  }
}

export function pad4(b: Buffer): Buffer {
  return b.length % 4 === 0 ? b : Buffer.concat([b, Buffer.alloc(4 - (b.length % 4))]);
}
