/**
 * Classic libpcap files, streamed with bounded memory: both byte orders, µs and ns timestamps,
 * record offsets for issues, truncation checks at the end of the file, and resynchronisation.
 *
 * Records are framed here rather than by a parser library because a reader that resynchronises
 * must be able to drop bytes one at a time and go on from any offset: after a record header that
 * cannot be right (pcap-record-rules.ts), the bytes are scanned for the next confirmed record
 * (pcap-resync.ts), the skipped run is reported as one pcap.resync issue with its offset, reason
 * and length, and reading goes on there. Every byte is looked at a bounded number of times, and
 * at most one record (or, while scanning, two records) past the read position is held.
 */
import { CaptureOpenError } from '../file-chunks';
import type { ByteSource } from '../source/byte-source';
import { ByteQueue } from './byte-queue';
import { u16, u32 } from './bytes';
import { CaptureSession, type DetailedCaptureStats } from './capture-session';
import type { FragmentLimits } from './fragments';
import { linkContext, type LinkContext } from './link';
import type { PacketSink } from './packet';
import { RECORD_HEADER_BYTES, RecordRules, nearInTime, recordHeaderAt } from './pcap-record-rules';
import { NEED_MORE, seekRecord } from './pcap-resync';

const FILE_HEADER_BYTES = 24;

/** Magic as written in the file → [little-endian, nanosecond]. */
const MAGICS: ReadonlyMap<string, readonly [boolean, boolean]> = new Map([
  ['d4c3b2a1', [true, false]],
  ['a1b2c3d4', [false, false]],
  ['4d3cb2a1', [true, true]],
  ['a1b23c4d', [false, true]],
] as const);

export interface PcapOptions {
  maxPacketBytes: number;
  fragments: FragmentLimits;
}

/** Where the bytes being scanned past began, and what was wrong there. */
interface Scan {
  from: number;
  reason: string;
}

/** Cuts the bytes after the file header into records, resynchronising past those that are none. */
class PcapRecords {
  /** Unread bytes; `consumed` is the file offset of the first. */
  private readonly queue = new ByteQueue();
  /** Time of the last record read, for the neighbourhood check. */
  private lastTime: number | undefined;
  /** The record at the head was confirmed by a scan: taken even if its time jumps. */
  private trustNext = false;
  private scan: Scan | undefined;

  constructor(
    private readonly session: CaptureSession,
    private readonly rules: RecordRules,
    private readonly link: LinkContext,
  ) {}

  /** Bytes in file order; the first push starts with the file header. */
  push(chunk: Buffer): void {
    const queue = this.queue;
    queue.push(chunk);
    if (queue.consumed === 0) {
      if (queue.length < FILE_HEADER_BYTES) return;
      queue.skip(FILE_HEADER_BYTES); // checked by openHeader
    }
    this.drain(false);
  }

  /** The file is over: finish a scan, then check how the last record ended. */
  end(): void {
    const queue = this.queue;
    for (;;) {
      this.drain(true);
      if (queue.length === 0) return;
      const at = queue.consumed;
      if (queue.length < RECORD_HEADER_BYTES) {
        this.session.issue('pcap.truncated-header', at, `file ends ${queue.length} bytes into a packet record header`);
        return;
      }
      // A plausible header whose record runs past the end: either a record cut short, or damage
      // whose length field hides records after it. Look inside for a chain of them (the end of
      // the file alone confirms nothing here: that is what the bytes of a cut record do).
      const have = queue.length - RECORD_HEADER_BYTES;
      const want = recordHeaderAt(queue, 0, this.rules.littleEndian).capturedLength;
      queue.skip(1);
      if (seekRecord(queue, this.rules, this.lastTime, true, false) !== 'found') {
        queue.skip(queue.length);
        this.session.issue('pcap.truncated-packet', at, `file ends ${have} bytes into a ${want}-byte packet`);
        return;
      }
      this.session.resynced('pcap.resync', at, queue.consumed, `record header claims ${want} bytes, past the end of the file`, true);
      this.trustNext = true;
    }
  }

  private drain(atEnd: boolean): void {
    const queue = this.queue;
    const rules = this.rules;
    for (;;) {
      if (this.scan !== undefined && !this.resume(atEnd)) return;
      if (queue.length < RECORD_HEADER_BYTES) return;
      const header = recordHeaderAt(queue, 0, rules.littleEndian);
      const time = rules.time(header);
      let problem = rules.problem(header);
      if (problem === undefined && !this.trustNext && this.lastTime !== undefined && !nearInTime(time, this.lastTime)) {
        problem = `timestamp ${time} is more than a day from the previous record's ${this.lastTime}`;
      }
      if (problem !== undefined) {
        this.scan = { from: queue.consumed, reason: `bad record header (${problem})` };
        continue;
      }
      const total = RECORD_HEADER_BYTES + header.capturedLength;
      if (queue.length < total) return;
      queue.contiguous(total);
      const start = queue.viewStart + RECORD_HEADER_BYTES;
      this.session.frame(queue.viewBuffer, start, start + header.capturedLength, this.link, time, queue.consumed);
      queue.skip(total);
      this.lastTime = time;
      this.trustNext = false;
    }
  }

  /** Scans on; true once a confirmed record is at the head (the skipped run reported). */
  private resume(atEnd: boolean): boolean {
    const scan = this.scan!;
    const sought = seekRecord(this.queue, this.rules, this.lastTime, atEnd);
    if (sought === NEED_MORE) return false;
    this.scan = undefined;
    const to = this.queue.consumed;
    if (sought === 'exhausted') {
      this.session.resynced('pcap.resync', scan.from, to, scan.reason, false);
      return false;
    }
    // Found where the bad record itself starts: a clock jump the records after it confirm, not damage.
    if (to > scan.from) this.session.resynced('pcap.resync', scan.from, to, scan.reason, true);
    this.trustNext = true;
    return true;
  }
}

/** The file header: byte order, timestamp unit, link type and snapshot length; throws when it is no pcap header. */
function openHeader(head: Buffer, maxPacketBytes: number): { nanosecond: boolean; rules: RecordRules; link: LinkContext } {
  if (head.length < FILE_HEADER_BYTES) {
    throw new CaptureOpenError(`too short for a pcap file header (${head.length} of ${FILE_HEADER_BYTES} bytes)`);
  }
  const magic = head.toString('hex', 0, 4);
  const kind = MAGICS.get(magic);
  if (kind === undefined) throw new CaptureOpenError(`not a readable pcap file: unknown magic number: ${magic}`);
  const [littleEndian, nanosecond] = kind;
  const major = u16(head, 4, littleEndian);
  const minor = u16(head, 6, littleEndian);
  // Every libpcap since 0.4 writes 2.4; older 2.x files have the same record layout.
  if (major !== 2) throw new CaptureOpenError(`not a readable pcap file: unsupported version ${major}.${minor}`);
  const rules = new RecordRules(maxPacketBytes, nanosecond, littleEndian);
  rules.useSnapLength(u32(head, 16, littleEndian));
  const link = linkContext(u32(head, 20, littleEndian) & 0xffff); // upper bits carry FCS information
  return { nanosecond, rules, link };
}

export async function readPcap(source: ByteSource, sink: PacketSink, options: PcapOptions): Promise<DetailedCaptureStats> {
  const { nanosecond, rules, link } = openHeader(source.head, options.maxPacketBytes);
  const session = new CaptureSession(sink, nanosecond ? 'pcap-ns' : 'pcap', options.fragments);
  const records = new PcapRecords(session, rules, link);
  const pass = await source.consume((chunk, bytesSoFar) => {
    records.push(chunk);
    session.progress(bytesSoFar);
    return true;
  });
  if (pass.readError !== undefined) session.issue('input.unreadable', pass.bytes, pass.readError);
  else records.end();
  return session.finish();
}
