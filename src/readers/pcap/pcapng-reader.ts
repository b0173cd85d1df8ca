/**
 * pcapng files, streamed with bounded memory: any number of sections (each with its own byte
 * order and interfaces), interfaces with different link types and timestamp resolutions, and
 * Enhanced, Simple and (obsolete) Packet Blocks. Other blocks are skipped by their length. Bytes
 * that do not frame are skipped to the next consistent block (pcapng-framer.ts); a framed block
 * whose content cannot be right is skipped alone.
 */
import { CaptureOpenError } from '../file-chunks';
import type { ByteSource } from '../source/byte-source';
import { CaptureSession, type DetailedCaptureStats } from './capture-session';
import type { FragmentLimits } from './fragments';
import type { PacketSink } from './packet';
import {
  BLOCK,
  blockRules,
  parseInterface,
  sectionLittleEndian,
  sectionMajorVersion,
  type PcapngInterface,
} from './pcapng-blocks';
import { PcapngFramer, type BlockHandler } from './pcapng-framer';
import { u16, u32, u32le } from './bytes';

export interface PcapngOptions {
  maxPacketBytes: number;
  fragments: FragmentLimits;
}

const TWO_TO_32 = 4294967296;

/** Interprets the blocks of one file: section and interface state, packets to the session. */
class PcapngBlocks implements BlockHandler {
  private interfaces: PcapngInterface[] = [];
  /** A section of a version rigsweep cannot read: its blocks are skipped up to the next section header. */
  private unreadableSection = false;
  /** Simple Packet Blocks carry no time: they get the last time seen. */
  private lastTime = 0;

  constructor(
    private readonly session: CaptureSession,
    private readonly maxPacketBytes: number,
  ) {}

  block(type: number, buf: Buffer, start: number, length: number, offset: number, le: boolean): void {
    if (type === BLOCK.SECTION_HEADER) return this.section(buf, start, offset, le);
    if (this.unreadableSection) return;
    switch (type) {
      case BLOCK.ENHANCED_PACKET:
        return this.timedPacket(buf, start, length, offset, le, u32(buf, start + 8, le));
      case BLOCK.SIMPLE_PACKET:
        return this.simplePacket(buf, start, length, offset, le);
      case BLOCK.PACKET:
        return this.timedPacket(buf, start, length, offset, le, u16(buf, start + 8, le));
      case BLOCK.INTERFACE_DESCRIPTION:
        this.interfaces.push(parseInterface(buf, start, length, le));
        return;
    }
  }

  resync(from: number, to: number, reason: string, found: boolean): void {
    this.session.resynced('pcapng.resync', from, to, reason, found);
  }

  truncated(offset: number, message: string): void {
    this.session.issue('pcapng.truncated', offset, message);
  }

  private section(buf: Buffer, start: number, offset: number, le: boolean): void {
    this.interfaces = [];
    const major = sectionMajorVersion(buf, start, le);
    this.unreadableSection = major !== 1;
    if (this.unreadableSection) this.bad(offset, `section header version ${major} is not supported; the blocks of its section are skipped`);
  }

  /** Enhanced and obsolete Packet Blocks share their layout from the timestamp on. */
  private timedPacket(buf: Buffer, start: number, length: number, offset: number, le: boolean, id: number): void {
    const capturedLength = u32(buf, start + 20, le);
    if (capturedLength > length - 32) {
      return this.bad(offset, `captured length ${capturedLength} does not fit a ${length}-byte block; the block is skipped`);
    }
    if (capturedLength > this.maxPacketBytes) {
      return this.bad(offset, `captured length ${capturedLength} is past the limit of ${this.maxPacketBytes} bytes; the block is skipped`);
    }
    const iface = this.interfaceFor(id, offset);
    if (iface === undefined) return;
    const high = u32(buf, start + 12, le);
    const low = u32(buf, start + 16, le);
    const time = (high * TWO_TO_32 + low) / iface.unitsPerSecond + iface.offsetSeconds;
    this.lastTime = time;
    this.session.frame(buf, start + 28, start + 28 + capturedLength, iface.link, time, offset);
  }

  private simplePacket(buf: Buffer, start: number, length: number, offset: number, le: boolean): void {
    const iface = this.interfaceFor(0, offset);
    if (iface === undefined) return;
    const originalLength = u32(buf, start + 8, le);
    let capturedLength = Math.min(originalLength, length - 16);
    if (iface.snapLength > 0) capturedLength = Math.min(capturedLength, iface.snapLength);
    this.session.frame(buf, start + 12, start + 12 + capturedLength, iface.link, this.lastTime, offset);
  }

  private interfaceFor(id: number, offset: number): PcapngInterface | undefined {
    const iface = this.interfaces[id];
    if (iface === undefined) {
      this.session.undecodable();
      this.session.issue('pcapng.unknown-interface', offset, () => `packet names interface ${id}, which no interface description block declared`);
    }
    return iface;
  }

  private bad(offset: number, message: string): void {
    this.session.issue('pcapng.bad-block', offset, message);
  }
}

/** The first block must be a readable section header, or this is not a pcapng file at all. */
function checkFirstSection(head: Buffer, maxPacketBytes: number): void {
  if (head.length < 28 || u32le(head, 0) !== BLOCK.SECTION_HEADER) {
    throw new CaptureOpenError('not a pcapng file: no section header block at the start');
  }
  const le = sectionLittleEndian(u32le(head, 8));
  if (le === undefined) throw new CaptureOpenError('not a pcapng file: unknown byte-order magic');
  const length = u32(head, 4, le);
  const rule = blockRules(maxPacketBytes)(BLOCK.SECTION_HEADER);
  if (length % 4 !== 0 || length < rule.min || length > rule.max) {
    throw new CaptureOpenError(`unreadable pcapng section header: bad length ${length}`);
  }
  const major = sectionMajorVersion(head, 0, le);
  if (major !== 1) throw new CaptureOpenError(`unsupported pcapng version ${major}`);
}

export async function readPcapng(source: ByteSource, sink: PacketSink, options: PcapngOptions): Promise<DetailedCaptureStats> {
  checkFirstSection(source.head.subarray(0, 28), options.maxPacketBytes);
  const session = new CaptureSession(sink, 'pcapng', options.fragments);
  const framer = new PcapngFramer(new PcapngBlocks(session, options.maxPacketBytes), options.maxPacketBytes);
  const pass = await source.consume((chunk, bytesSoFar) => {
    framer.push(chunk);
    session.progress(bytesSoFar);
    return true;
  });
  if (pass.complete) framer.end();
  if (pass.readError !== undefined) session.issue('input.unreadable', pass.bytes, pass.readError);
  return session.finish();
}
