/**
 * Unread bytes of a stream as a queue of chunks. Records that lie inside one chunk are read in
 * place; only a record straddling two chunks is copied, once, so the total work stays linear
 * however the stream is cut.
 */
import { u32 } from './bytes';

export class ByteQueue {
  private readonly chunks: Buffer[] = [];
  /** Read position inside chunks[0]. */
  private position = 0;
  private size = 0;
  /** Bytes consumed since the start of the stream: the stream offset of the next unread byte. */
  consumed = 0;

  /** Set by `contiguous()`: the buffer holding the requested bytes and where they start in it. */
  viewBuffer: Buffer = Buffer.alloc(0);
  viewStart = 0;

  get length(): number {
    return this.size;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** The unsigned 32-bit integer `at` bytes ahead; needs `at + 4 <= length`. */
  uint32(at: number, littleEndian: boolean): number {
    const head = this.chunks[0];
    const i = this.position + at;
    if (i + 4 <= head.length) return u32(head, i, littleEndian);
    const b0 = this.byteAt(at);
    const b1 = this.byteAt(at + 1);
    const b2 = this.byteAt(at + 2);
    const b3 = this.byteAt(at + 3);
    const value = littleEndian ? b0 | (b1 << 8) | (b2 << 16) | (b3 << 24) : (b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
    return value >>> 0;
  }

  private byteAt(at: number): number {
    let i = this.position + at;
    for (const chunk of this.chunks) {
      if (i < chunk.length) return chunk[i];
      i -= chunk.length;
    }
    throw new RangeError('ByteQueue read past its end');
  }

  /**
   * Makes the next `length` bytes (needs `length <= this.length`) readable as
   * `viewBuffer[viewStart, viewStart + length)`: in place when they lie in one chunk, else copied.
   */
  contiguous(length: number): void {
    const head = this.chunks[0];
    if (this.position + length <= head.length) {
      this.viewBuffer = head;
      this.viewStart = this.position;
      return;
    }
    const joined = Buffer.allocUnsafe(length);
    let filled = 0;
    let from = this.position;
    for (const chunk of this.chunks) {
      filled += chunk.copy(joined, filled, from, Math.min(chunk.length, from + length - filled));
      from = 0;
      if (filled === length) break;
    }
    this.viewBuffer = joined;
    this.viewStart = 0;
  }

  /** Drops up to `length` bytes; returns how many were dropped. */
  skip(length: number): number {
    const dropped = Math.min(length, this.size);
    let left = dropped;
    while (left > 0) {
      const available = this.chunks[0].length - this.position;
      if (left < available) {
        this.position += left;
        break;
      }
      left -= available;
      this.chunks.shift();
      this.position = 0;
    }
    this.size -= dropped;
    this.consumed += dropped;
    return dropped;
  }
}
