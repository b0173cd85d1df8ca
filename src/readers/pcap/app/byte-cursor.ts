/**
 * Bounds-checked reading of length-prefixed binary structures (TLS, DNS).
 * Two limits matter and mean different things: the end a length field *declares* (reading past
 * it is a malformed message) and the end of the bytes *captured* (reading past it only means the
 * payload head stopped early, which is no fault of the sender).
 */

/** The structure contradicts its own length fields. */
export class MalformedInput extends Error {}

/** The captured bytes end before the structure does. */
export class CapturedTooLittle extends Error {}

export class ByteCursor {
  private constructor(
    private readonly buf: Buffer,
    private pos: number,
    private readonly declaredEnd: number,
    private readonly capturedEnd: number,
  ) {}

  /** A cursor over `buf[start, declaredEnd)`, of which `buf[start, capturedEnd)` was captured. */
  static over(buf: Buffer, start = 0, declaredEnd = buf.length, capturedEnd = buf.length): ByteCursor {
    return new ByteCursor(buf, start, declaredEnd, Math.min(capturedEnd, declaredEnd, buf.length));
  }

  get position(): number {
    return this.pos;
  }

  /** Bytes left before the declared end. */
  get remaining(): number {
    return this.declaredEnd - this.pos;
  }

  get atEnd(): boolean {
    return this.pos >= this.declaredEnd;
  }

  u8(what: string): number {
    this.need(1, what);
    return this.buf[this.pos++];
  }

  u16(what: string): number {
    this.need(2, what);
    const value = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return value;
  }

  u32(what: string): number {
    this.need(4, what);
    const value = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return value;
  }

  bytes(length: number, what: string): Buffer {
    this.need(length, what);
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  skip(length: number, what: string): void {
    this.need(length, what);
    this.pos += length;
  }

  /** A cursor over the next `length` bytes (a length-prefixed field); this one moves past them. */
  window(length: number, what: string): ByteCursor {
    if (length > this.remaining) {
      throw new MalformedInput(`${what} length ${length} exceeds the ${this.remaining} bytes that contain it`);
    }
    const inner = new ByteCursor(this.buf, this.pos, this.pos + length, Math.min(this.capturedEnd, this.pos + length));
    this.pos += length;
    return inner;
  }

  private need(length: number, what: string): void {
    if (this.pos + length > this.declaredEnd) {
      throw new MalformedInput(`${what} runs past the end of its container`);
    }
    if (this.pos + length > this.capturedEnd) throw new CapturedTooLittle(what);
  }
}
