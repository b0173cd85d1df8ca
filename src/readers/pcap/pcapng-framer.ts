/**
 * Cuts a pcapng byte stream into blocks, whatever the chunk boundaries: checks every block's
 * type, length and trailer, tracks the byte order of each section, and hands the blocks rigsweep
 * reads to a handler.
 *
 * Every block is buffered whole (up to its type's maximum, 16 MiB at most, as Wireshark and
 * libpcap allow) and its trailing length checked before anything in it is used: a block that does
 * not frame (bad length, trailer that differs, unknown type, section header with an unknown
 * byte-order magic) starts a resync. The bytes are then scanned, one at a time, for the next
 * block whose type is plausible, whose length fits its type and whose trailing length agrees;
 * reading goes on there, so damage costs its own bytes and not the rest of the file. A block
 * that was skipped unbuffered could not be searched for the blocks a bad length hid. Each check
 * is O(1) per byte and at most one block is held, so garbage costs linear time and bounded memory.
 */
import { ByteQueue } from './byte-queue';
import { BLOCK, blockRules, plausibleBlockType, sectionLittleEndian, type BlockRule } from './pcapng-blocks';
import { u32 } from './bytes';

export interface BlockHandler {
  /** The block is `buf[start, start + length)`. */
  block(type: number, buf: Buffer, start: number, length: number, offset: number, littleEndian: boolean): void;
  /** Bytes `[from, to)` were no block and were skipped; `found` false: `to` is the end of the file. */
  resync(from: number, to: number, reason: string, found: boolean): void;
  /** The file ends inside the block at `offset`. */
  truncated(offset: number, message: string): void;
}

/** Block type, total length and the first word of the body: enough to frame any block. */
const HEADER_PEEK = 12;
const NEED_MORE = 'more';

/** Where the bytes being scanned past began, and what was wrong there. */
interface Scan {
  from: number;
  reason: string;
}

/** A block whose type and length were read and whose bytes are awaited. */
interface Framed {
  type: number;
  length: number;
}

export class PcapngFramer {
  /** Unread bytes; `consumed` is the file offset of the first. */
  private readonly queue = new ByteQueue();
  private readonly ruleFor: (type: number) => BlockRule;
  private littleEndian = true;
  private framed: Framed | undefined;
  private scan: Scan | undefined;

  constructor(
    private readonly handler: BlockHandler,
    maxPacketBytes: number,
  ) {
    this.ruleFor = blockRules(maxPacketBytes);
  }

  push(chunk: Buffer): void {
    this.queue.push(chunk);
    this.drain(false);
  }

  /** The stream is over: finish a scan, or look inside a block cut short for blocks it hid. */
  end(): void {
    const queue = this.queue;
    for (;;) {
      this.drain(true);
      if (queue.length === 0) return;
      const at = queue.consumed;
      const framed = this.framed;
      // A header fragment is too short to hide a block; a block cut short may hide some.
      if (framed === undefined) return this.handler.truncated(at, 'the file ends inside a block');
      this.framed = undefined;
      queue.skip(1);
      if (this.seek(true) !== true) {
        queue.skip(queue.length);
        return this.handler.truncated(at, 'the file ends inside a block');
      }
      this.handler.resync(at, queue.consumed, `${blockName(framed.type, at)} claims ${framed.length} bytes, past the end of the file`, true);
    }
  }

  private drain(atEnd: boolean): void {
    const queue = this.queue;
    for (;;) {
      if (this.scan !== undefined) {
        const found = this.seek(atEnd);
        if (found === NEED_MORE) return;
        const { from, reason } = this.scan;
        this.scan = undefined;
        this.handler.resync(from, queue.consumed, reason, found);
        if (!found) return;
      }
      if (this.framed === undefined) {
        if (queue.length < HEADER_PEEK) return;
        this.framed = this.readHeader();
        if (this.framed === undefined) continue;
      }
      if (queue.length < this.framed.length) return;
      this.readBody(this.framed);
      this.framed = undefined;
    }
  }

  /** Type and length of the block at the head, or undefined (a scan started) when it cannot be framed. */
  private readHeader(): Framed | undefined {
    const queue = this.queue;
    const at = queue.consumed;
    const type = queue.uint32(0, this.littleEndian);
    if (type === BLOCK.SECTION_HEADER) {
      const littleEndian = sectionLittleEndian(queue.uint32(8, true));
      if (littleEndian === undefined) return this.lose(`section header at offset ${at} with an unknown byte-order magic`);
      this.littleEndian = littleEndian;
    }
    if (!plausibleBlockType(type)) return this.lose(`${blockName(type, at)} is no pcapng block type`);
    const length = queue.uint32(4, this.littleEndian);
    const problem = lengthProblem(length, this.ruleFor(type));
    if (problem !== undefined) return this.lose(`${blockName(type, at)}: ${problem}`);
    return { type, length };
  }

  private readBody({ type, length }: Framed): void {
    const queue = this.queue;
    queue.contiguous(length);
    const buf = queue.viewBuffer;
    const start = queue.viewStart;
    if (u32(buf, start + length - 4, this.littleEndian) !== length) {
      this.lose(`${blockName(type, queue.consumed)}: trailing length differs from ${length}`);
      return;
    }
    if (this.ruleFor(type).read) this.handler.block(type, buf, start, length, queue.consumed, this.littleEndian);
    queue.skip(length);
  }

  /** The bytes from the head on are no block: scan for the next one. */
  private lose(reason: string): undefined {
    this.scan = { from: this.queue.consumed, reason };
    return undefined;
  }

  /** Drops bytes until a whole, consistent block starts at the head of the queue. */
  private seek(atEnd: boolean): boolean | typeof NEED_MORE {
    const queue = this.queue;
    for (;;) {
      const here = this.blockStartsHere(atEnd);
      if (here !== false) return here;
      if (queue.length === 0) return false;
      queue.skip(1);
    }
  }

  /** Whether a block with a plausible type, a length that fits it and a matching trailer starts at the head. */
  private blockStartsHere(atEnd: boolean): boolean | typeof NEED_MORE {
    const queue = this.queue;
    if (queue.length < HEADER_PEEK) return atEnd ? false : NEED_MORE;
    let littleEndian: boolean | undefined = this.littleEndian;
    const type = queue.uint32(0, littleEndian);
    // A section header may switch the byte order; its magic says which (and must say one).
    if (type === BLOCK.SECTION_HEADER) littleEndian = sectionLittleEndian(queue.uint32(8, true));
    if (littleEndian === undefined || !plausibleBlockType(type)) return false;
    const length = queue.uint32(4, littleEndian);
    if (lengthProblem(length, this.ruleFor(type)) !== undefined) return false;
    if (queue.length < length) return atEnd ? false : NEED_MORE;
    return queue.uint32(length - 4, littleEndian) === length;
  }
}

function blockName(type: number, offset: number): string {
  return `block type 0x${type.toString(16)} at offset ${offset}`;
}

function lengthProblem(length: number, rule: BlockRule): string | undefined {
  if (length % 4 !== 0) return `length ${length} is not a multiple of 4`;
  if (length < rule.min) return `length ${length} is below the ${rule.min} bytes this block needs`;
  if (length > rule.max) return `length ${length} is past the limit of ${rule.max} bytes`;
  return undefined;
}
