import type { PayloadHead } from '../../flow/flow-record';

/** Marks kept for the window: enough to time the messages in a few KiB, bounded whatever the segments. */
const MAX_MARKS = 256;

/**
 * The latest `limit` bytes of a stream past its head: a ring buffer, allocated only when a
 * stream outgrows its head. A junk prefix of any length pushes the messages after it out of the
 * head, never out of this window; what pushes a message out of here is later traffic of the same
 * stream. Marks are kept as (stream offset, time), the oldest dropped past MAX_MARKS, so a window
 * of one-byte segments costs no more than one of full ones.
 */
export class TailWindow {
  private ring: Buffer | undefined;
  /** Bytes appended in all. */
  private total = 0;
  private readonly marks: Array<{ at: number; time: number }> = [];
  /**
   * Where holes were jumped (a segment beyond the next wanted byte), as stream offsets; those
   * that fell out of the window are dropped, and past MAX_MARKS the oldest (the count says
   * "many" then, which is all a parser needs).
   */
  private readonly holes: number[] = [];

  constructor(readonly limit: number) {}

  append(src: Buffer, from: number, to: number, time: number): void {
    if (to <= from || this.limit <= 0) return;
    const ring = (this.ring ??= Buffer.alloc(this.limit));
    const last = this.marks[this.marks.length - 1];
    if (last === undefined || last.time !== time) {
      this.marks.push({ at: this.total, time });
      if (this.marks.length > MAX_MARKS) this.marks.shift();
    }
    // Only the last `limit` bytes of a long piece can survive; copy those, wrapping at the end.
    const start = Math.max(from, to - this.limit);
    this.total += start - from;
    for (let pos = start; pos < to; ) {
      const at = this.total % this.limit;
      const n = Math.min(to - pos, this.limit - at);
      src.copy(ring, at, pos, pos + n);
      pos += n;
      this.total += n;
    }
  }

  /** The stream jumped a hole here: bytes never seen lie between the last byte and the next. */
  hole(): void {
    while (this.holes.length > 0 && this.holes[0] <= this.total - this.limit) this.holes.shift();
    if (this.holes[this.holes.length - 1] !== this.total) this.holes.push(this.total);
    if (this.holes.length > MAX_MARKS) this.holes.shift();
  }

  get empty(): boolean {
    return this.total === 0;
  }

  finish(): PayloadHead {
    const kept = Math.min(this.total, this.limit);
    const first = this.total - kept;
    const bytes = Buffer.alloc(kept);
    if (this.ring !== undefined && kept > 0) {
      const at = first % this.limit;
      const n = Math.min(kept, this.limit - at);
      this.ring.copy(bytes, 0, at, at + n);
      this.ring.copy(bytes, n, 0, kept - n);
    }
    const marks: PayloadHead['marks'] = [];
    for (const mark of this.marks) {
      // A mark before the window times its first bytes (they arrived with or after it).
      if (mark.at <= first) marks[0] = { offset: 0, time: mark.time };
      else marks.push({ offset: mark.at - first, time: mark.time });
    }
    const gaps = this.holes.filter((at) => at > first).length;
    return { bytes, marks, truncated: false, midStream: true, gaps };
  }
}
