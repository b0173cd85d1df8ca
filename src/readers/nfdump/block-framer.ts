/**
 * Splits the byte stream after the file header into data blocks: a 12-byte header
 * {u32 NumRecords, u32 size (of the body, compressed if the file is), u16 type, u16 flags}
 * (v1.6.25 data_block_headerV1_t, v1.7.1 dataBlock_t: the same shape), then `size` bytes.
 *
 * Only one block is held at a time (at most nfdump's 5 MiB), so memory stays bounded whatever
 * the file's size. A header nfdump itself would refuse (nfread: size 0 or past BUFFSIZE,
 * NumRecords 0) or an unknown type/flags is corrupt: the bytes from there to the next plausible
 * header are skipped as one `nfdump.bad-block`. A block cut by the end of the file is
 * `nfdump.truncated`, and the bytes it claimed are searched for a later block all the same (a
 * corrupt size that runs past the end must not hide the blocks after it).
 */
import { ByteQueue } from '../pcap/byte-queue';
import { MAX_BLOCK_BYTES } from './block-codecs';

export const BLOCK_HEADER_BYTES = 12;
/** nfdump 1.5 (1, not readable any more), 1.6 (2), 1.7 records (3) and arrays (4). */
const MAX_BLOCK_TYPE = 4;
/** FLAG_BLOCK_UNCOMPRESSED | FLAG_BLOCK_UNENCRYPTED | FLAG_BLOCK_AUTOREAD. */
const MAX_BLOCK_FLAGS = 7;

export interface BlockHeader {
  numRecords: number;
  size: number;
  type: number;
  flags: number;
  /** File offset of the block header. */
  offset: number;
}

export interface BlockEvents {
  block(header: BlockHeader, body: Buffer): void;
  badBytes(from: number, length: number): void;
  truncated(offset: number, have: number, need: number): void;
}

export class BlockFramer {
  private readonly queue = new ByteQueue();
  /** File offset where the current run of non-block bytes began; -1 none, -2 bytes a truncation issue already covers. */
  private garbageFrom = -1;

  constructor(
    baseOffset: number,
    private readonly compressed: boolean,
    private readonly events: BlockEvents,
  ) {
    this.queue.consumed = baseOffset;
  }

  push(chunk: Buffer): void {
    this.queue.push(chunk);
    this.drain(false);
  }

  end(): void {
    this.drain(true);
    this.endGarbage();
  }

  /** A header's fields, read `at` bytes ahead in the queue (needs 12 bytes there). */
  private plausibleAt(at: number, atEnd: boolean): boolean {
    const q = this.queue;
    const numRecords = q.uint32(at, true);
    const size = q.uint32(at + 4, true);
    const typeFlags = q.uint32(at + 8, true);
    const type = typeFlags & 0xffff;
    const flags = typeFlags >>> 16;
    if (numRecords === 0 || size === 0 || size > MAX_BLOCK_BYTES) return false;
    if (type === 0 || type > MAX_BLOCK_TYPE || flags > MAX_BLOCK_FLAGS) return false;
    if (this.compressed) return true;
    // Plain records are at least a 4-byte header each, and the first one must fit in the block.
    if (numRecords > size / 4) return false;
    if (at + BLOCK_HEADER_BYTES + 4 > q.length) return !atEnd || at + BLOCK_HEADER_BYTES >= q.length;
    const recordSize = q.uint32(at + BLOCK_HEADER_BYTES, true) >>> 16;
    return recordSize >= 4 && recordSize <= size;
  }

  private drain(atEnd: boolean): void {
    const q = this.queue;
    while (q.length >= BLOCK_HEADER_BYTES) {
      if (!this.plausibleAt(0, atEnd)) {
        if (this.garbageFrom === -1) this.garbageFrom = q.consumed;
        q.skip(1);
        continue;
      }
      const size = q.uint32(4, true);
      const total = BLOCK_HEADER_BYTES + size;
      if (q.length < total) {
        if (!atEnd) return;
        // The end of the file cuts this block: report it, then look for blocks inside what it claimed.
        this.endGarbage();
        this.events.truncated(q.consumed, q.length, total);
        this.garbageFrom = -2; // the truncation issue covers the skipped bytes
        q.skip(1);
        continue;
      }
      this.endGarbage();
      q.contiguous(total);
      const view = q.viewBuffer;
      const start = q.viewStart;
      const header: BlockHeader = {
        numRecords: view.readUInt32LE(start),
        size,
        type: view.readUInt16LE(start + 8),
        flags: view.readUInt16LE(start + 10),
        offset: q.consumed,
      };
      // subarray of a private copy or of a chunk the source handed over freshly: safe to keep until the next block
      const body = view.subarray(start + BLOCK_HEADER_BYTES, start + total);
      q.skip(total);
      this.events.block(header, body);
    }
    if (atEnd && q.length > 0) {
      if (this.garbageFrom === -1) this.events.truncated(q.consumed, q.length, BLOCK_HEADER_BYTES);
      else this.endGarbage(q.length);
      q.skip(q.length);
    }
  }

  private endGarbage(extra = 0): void {
    const from = this.garbageFrom;
    this.garbageFrom = -1;
    if (from < 0) return;
    this.events.badBytes(from, this.queue.consumed + extra - from);
  }
}
