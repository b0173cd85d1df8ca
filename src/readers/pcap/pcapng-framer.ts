/**
 * Cuts a pcapng byte stream into blocks, whatever the chunk boundaries: checks every block's
 * length and trailer, tracks the byte order of each section, hands the blocks rigsweep reads to
 * a handler and skips the others without buffering them.
 */
import { ByteQueue } from './byte-queue';
import { BLOCK, blockRules, sectionLittleEndian, type BlockRule } from './pcapng-blocks';
import { u32 } from './bytes';

export interface BlockHandler {
  /** The block is `buf[start, start + length)`. Return false to stop reading the file. */
  block(type: number, buf: Buffer, start: number, length: number, offset: number, littleEndian: boolean): boolean;
  /** A framing fault: the reader reports it; the framer stops. */
  fault(code: 'pcapng.bad-block' | 'pcapng.truncated', offset: number, message: string): void;
}

const STATE = { HEADER: 0, BODY: 1, SKIP: 2, TRAILER: 3 } as const;
type State = (typeof STATE)[keyof typeof STATE];

/** Block type, total length and the first word of the body: enough to frame any block. */
const HEADER_PEEK = 12;

export class PcapngFramer {
  stopped = false;
  private readonly queue = new ByteQueue();
  private readonly ruleFor: (type: number) => BlockRule;
  private state: State = STATE.HEADER;
  private littleEndian = true;
  private type = 0;
  private length = 0;
  private offset = 0;
  private skipLeft = 0;

  constructor(
    private readonly handler: BlockHandler,
    maxPacketBytes: number,
  ) {
    this.ruleFor = blockRules(maxPacketBytes);
  }

  push(chunk: Buffer): void {
    if (this.stopped) return;
    this.queue.push(chunk);
    this.drain();
  }

  /** The stream is over: anything left is a block cut short. */
  end(): void {
    if (this.stopped) return;
    if (this.state !== STATE.HEADER || this.queue.length > 0) {
      const offset = this.state === STATE.HEADER ? this.queue.consumed : this.offset;
      this.fail('pcapng.truncated', offset, 'the file ends inside a block');
    }
  }

  private drain(): void {
    const queue = this.queue;
    while (!this.stopped) {
      switch (this.state) {
        case STATE.HEADER:
          if (queue.length < HEADER_PEEK || !this.readHeader()) return;
          break;
        case STATE.BODY:
          if (queue.length < this.length) return;
          this.readBody();
          break;
        case STATE.SKIP:
          this.skipLeft -= queue.skip(this.skipLeft);
          if (this.skipLeft > 0) return;
          this.state = STATE.TRAILER;
          break;
        case STATE.TRAILER:
          if (queue.length < 4) return;
          if (queue.uint32(0, this.littleEndian) !== this.length) return this.badTrailer();
          queue.skip(4);
          this.state = STATE.HEADER;
          break;
      }
    }
  }

  /** Reads type and length; returns false (having failed) if the block cannot be framed. */
  private readHeader(): boolean {
    const queue = this.queue;
    this.offset = queue.consumed;
    this.type = queue.uint32(0, this.littleEndian);
    if (this.type === BLOCK.SECTION_HEADER) {
      const littleEndian = sectionLittleEndian(queue.uint32(8, true));
      if (littleEndian === undefined) {
        this.fail('pcapng.bad-block', this.offset, 'section header with an unknown byte-order magic');
        return false;
      }
      this.littleEndian = littleEndian;
    }
    this.length = queue.uint32(4, this.littleEndian);
    const rule = this.ruleFor(this.type);
    const problem = lengthProblem(this.length, rule);
    if (problem !== undefined) {
      this.fail('pcapng.bad-block', this.offset, `block type 0x${this.type.toString(16)}: ${problem}`);
      return false;
    }
    if (rule.read) {
      this.state = STATE.BODY;
    } else {
      this.state = STATE.SKIP;
      this.skipLeft = this.length - 4;
    }
    return true;
  }

  private readBody(): void {
    const queue = this.queue;
    const length = this.length;
    queue.contiguous(length);
    const buf = queue.viewBuffer;
    const start = queue.viewStart;
    const trailer = u32(buf, start + length - 4, this.littleEndian);
    if (trailer !== length) return this.badTrailer();
    const goOn = this.handler.block(this.type, buf, start, length, this.offset, this.littleEndian);
    queue.skip(length);
    this.state = STATE.HEADER;
    if (!goOn) this.stopped = true;
  }

  private badTrailer(): void {
    this.fail('pcapng.bad-block', this.offset, `block type 0x${this.type.toString(16)}: trailing length differs from ${this.length}`);
  }

  private fail(code: 'pcapng.bad-block' | 'pcapng.truncated', offset: number, message: string): void {
    this.stopped = true;
    this.handler.fault(code, offset, `${message}; reading stopped`);
  }
}

function lengthProblem(length: number, rule: BlockRule): string | undefined {
  if (length % 4 !== 0) return `length ${length} is not a multiple of 4`;
  if (length < rule.min) return `length ${length} is below the ${rule.min} bytes this block needs`;
  if (length > rule.max) return `length ${length} is past the limit of ${rule.max} bytes`;
  return undefined;
}
