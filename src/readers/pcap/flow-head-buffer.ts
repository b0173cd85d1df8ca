import type { PayloadHead } from '../../flow/flow-record';

/** Smallest first allocation: most flows carry a few hundred bytes, so grow on demand. */
const FIRST_CAPACITY = 1024;
const FIRST_MARKS = 8;
/** Shared until the first mark: many flows (scans, bare handshakes) never carry a byte. */
const NO_OFFSETS = new Uint32Array(0);
const NO_TIMES = new Float64Array(0);

/**
 * The bytes of one payload head plus their arrival marks, bounded by `limit`. Grows lazily:
 * 200 000 flows × 2 directions × 16 KiB allocated up front would be 6.4 GB.
 */
export class HeadBuffer {
  private buf: Buffer | undefined;
  private used = 0;
  // Marks as parallel typed arrays: one object per segment would cost a garbage-collected
  // allocation per packet; the objects are made once, at finish.
  private markOffsets = NO_OFFSETS;
  private markTimes = NO_TIMES;
  private markCount = 0;
  /** Set when a byte had to be dropped because the head was full. */
  truncated = false;

  constructor(readonly limit: number) {}

  get length(): number {
    return this.used;
  }

  get room(): number {
    return this.limit - this.used;
  }

  get full(): boolean {
    return this.used >= this.limit;
  }

  /**
   * Appends `src[from, to)`, cut at the limit; returns how many bytes were taken. A new mark is
   * made when the time changes, or always when `boundary` says these bytes begin a packet of
   * their own (sampled heads: one mark per sampled packet).
   */
  append(src: Buffer, from: number, to: number, time: number, boundary = false): number {
    const wanted = to - from;
    if (wanted <= 0) return 0;
    const taken = Math.min(wanted, this.limit - this.used);
    if (taken < wanted) this.truncated = true;
    if (taken <= 0) return 0;
    this.reserve(this.used + taken);
    if (boundary || this.markCount === 0 || this.markTimes[this.markCount - 1] !== time) this.mark(time);
    // Buffer#copy, unlike set(subarray(...)), allocates no view object.
    src.copy(this.buf as Buffer, this.used, from, from + taken);
    this.used += taken;
    return taken;
  }

  /** True when `src[from, to)` equals the bytes held at `offset` onwards. */
  holds(offset: number, src: Buffer, from: number, to: number): boolean {
    if (this.buf === undefined || offset < 0 || offset + (to - from) > this.used) return false;
    return this.buf.compare(src, from, to, offset, offset + (to - from)) === 0;
  }

  /** Replaces bytes already held at `offset` (bytes past the content are ignored). */
  overwrite(offset: number, src: Buffer, from: number, to: number): void {
    if (this.buf === undefined || offset < 0) return;
    const end = Math.min(to, from + this.used - offset);
    if (end > from) src.copy(this.buf, offset, from, end);
  }

  /** An independent copy: content, marks and the truncated flag. */
  clone(): HeadBuffer {
    const copy = new HeadBuffer(this.limit);
    if (this.buf !== undefined) copy.buf = Buffer.from(this.buf);
    copy.used = this.used;
    copy.markOffsets = this.markOffsets.slice();
    copy.markTimes = this.markTimes.slice();
    copy.markCount = this.markCount;
    copy.truncated = this.truncated;
    return copy;
  }

  /** A copy sized to the content, so the growth slack and the reader's buffers are not kept alive. */
  finish(midStream: boolean, gaps: number, sampled = false): PayloadHead {
    const bytes = Buffer.allocUnsafe(this.used);
    if (this.buf !== undefined) this.buf.copy(bytes, 0, 0, this.used);
    const marks: PayloadHead['marks'] = new Array(this.markCount);
    for (let i = 0; i < this.markCount; i++) marks[i] = { offset: this.markOffsets[i], time: this.markTimes[i] };
    const head: PayloadHead = { bytes, marks, truncated: this.truncated, midStream, gaps };
    if (sampled) head.sampled = true;
    return head;
  }

  private mark(time: number): void {
    if (this.markCount === this.markTimes.length) {
      const capacity = Math.max(FIRST_MARKS, this.markCount * 2);
      const offsets = new Uint32Array(capacity);
      const times = new Float64Array(capacity);
      offsets.set(this.markOffsets);
      times.set(this.markTimes);
      this.markOffsets = offsets;
      this.markTimes = times;
    }
    this.markOffsets[this.markCount] = this.used;
    this.markTimes[this.markCount] = time;
    this.markCount++;
  }

  private reserve(size: number): void {
    const capacity = this.buf?.length ?? 0;
    if (size <= capacity) return;
    const grown = Math.min(this.limit, Math.max(size, FIRST_CAPACITY, capacity * 2));
    const next = Buffer.allocUnsafe(grown);
    if (this.buf !== undefined) this.buf.copy(next, 0, 0, this.used);
    this.buf = next;
  }
}
