/**
 * What a plausible classic pcap record header is. The normal read (pcap-reader.ts) and the resync
 * scan (pcap-resync.ts) judge headers by these same rules, so a record the scan lands on is one
 * the normal read would have accepted.
 */
import type { ByteQueue } from './byte-queue';

export const RECORD_HEADER_BYTES = 16;

/**
 * libpcap itself accepts records somewhat longer than the snapshot length (and truncates them),
 * so only a record this far past it counts as corrupt.
 */
const SNAPLEN_SLACK = 65_536;
/** No link carries a frame this long (Wireshark's heuristics use the same bound). */
const MAX_ORIGINAL_LENGTH = 128 * 1024 * 1024;
/**
 * Neighbouring records more than this apart in time are suspect: zero-filled or random bytes read
 * as a header land decades away. A real clock jump costs nothing: the scan confirms the record by
 * the ones after it and resumes right there.
 */
export const NEIGHBOURHOOD_SECONDS = 86_400;

export interface RecordHeader {
  seconds: number;
  fraction: number;
  capturedLength: number;
  originalLength: number;
}

/** The record header `at` bytes into `q` (needs `at + 16 <= q.length`). */
export function recordHeaderAt(q: ByteQueue, at: number, littleEndian: boolean): RecordHeader {
  return {
    seconds: q.uint32(at, littleEndian),
    fraction: q.uint32(at + 4, littleEndian),
    capturedLength: q.uint32(at + 8, littleEndian),
    originalLength: q.uint32(at + 12, littleEndian),
  };
}

export class RecordRules {
  /** A captured length past this is corrupt: the snapshot length (plus slack) or the configured maximum. */
  lengthLimit: number;
  /** Timestamp fraction units per second: 1e6 (µs files) or 1e9 (ns files). */
  private readonly fractionUnits: number;

  constructor(
    private readonly maxPacketBytes: number,
    nanosecond: boolean,
    readonly littleEndian: boolean,
  ) {
    this.lengthLimit = maxPacketBytes;
    this.fractionUnits = nanosecond ? 1e9 : 1e6;
  }

  /** The file header's snapshot length (0 means "none") tightens the length limit. */
  useSnapLength(snapLength: number): void {
    this.lengthLimit = snapLength > 0 ? Math.min(this.maxPacketBytes, snapLength + SNAPLEN_SLACK) : this.maxPacketBytes;
  }

  time(header: RecordHeader): number {
    return header.seconds + header.fraction / this.fractionUnits;
  }

  /** Why this header cannot be a record's, or undefined when it can. */
  problem(header: RecordHeader): string | undefined {
    const { capturedLength, originalLength, fraction } = header;
    if (capturedLength > this.lengthLimit) return `captured length ${capturedLength} is past the limit of ${this.lengthLimit} bytes`;
    if (originalLength < capturedLength) return `original length ${originalLength} is below the captured length ${capturedLength}`;
    if (originalLength > MAX_ORIGINAL_LENGTH) return `original length ${originalLength} is past any link's frame size`;
    if (fraction >= this.fractionUnits) return `timestamp fraction ${fraction} is not below ${this.fractionUnits}`;
    return undefined;
  }
}

export function nearInTime(a: number, b: number): boolean {
  return Math.abs(a - b) <= NEIGHBOURHOOD_SECONDS;
}
