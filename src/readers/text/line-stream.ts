/**
 * Streams a text file as lines of bytes: large reads, newlines found with memchr (Buffer.indexOf),
 * no string per line. A line is handed over as a view into the read buffer, so a consumer parses
 * it in place and keeps nothing. A line split across two reads is joined (bounded by the line
 * limit); a longer one is skipped up to its newline, so memory stays bounded whatever the input.
 */
import type { ByteSource } from '../source/byte-source';

/** Reads this large keep per-read costs far below per-line ones. */
export const READ_CHUNK_BYTES = 1 << 20;
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export interface LineConsumer {
  /** One line without its "\n" or "\r\n", as buf[start, end); the view is only valid during the call. */
  line(buf: Buffer, start: number, end: number, lineNo: number): void;
  /** A line longer than the limit, skipped; `bytes` counts what was seen of it. */
  overlong(lineNo: number, bytes: number): void;
}

export interface LineStreamOptions {
  maxLineBytes?: number;
}

export interface LinePass {
  lines: number;
  bytes: number;
  /** One-line reason when a read failed part-way (the lines before it were delivered). */
  readError?: string;
}

/** Splits a byte stream into lines; holds at most one partial line between chunks. */
class LineSplitter {
  lines = 0;
  /** The start of a line whose end has not been read yet. */
  private carry: Buffer | undefined;
  /** Inside an overlong line: bytes seen of it so far (-1 when not skipping). */
  private skipped = -1;

  constructor(
    private readonly consumer: LineConsumer,
    private readonly maxLineBytes: number,
  ) {}

  push(chunk: Buffer): void {
    let pos = 0;
    if (this.carry !== undefined || this.skipped >= 0) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline < 0) {
        this.continueLine(chunk);
        return;
      }
      this.finishLine(chunk, newline);
      pos = newline + 1;
    }
    const { consumer, maxLineBytes } = this;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, pos);
      if (newline < 0) break;
      this.lines++;
      if (newline - pos > maxLineBytes) consumer.overlong(this.lines, newline - pos);
      else deliver(consumer, chunk, pos, newline, this.lines);
      pos = newline + 1;
    }
    if (pos < chunk.length) this.continueLine(chunk.subarray(pos));
  }

  /** The last line of a file need not end with a newline. */
  end(): void {
    if (this.skipped >= 0) {
      this.consumer.overlong(++this.lines, this.skipped);
    } else if (this.carry !== undefined) {
      deliver(this.consumer, this.carry, 0, this.carry.length, ++this.lines);
    }
    this.carry = undefined;
    this.skipped = -1;
  }

  private continueLine(part: Buffer): void {
    if (this.skipped >= 0) {
      this.skipped += part.length;
      return;
    }
    const held = this.carry === undefined ? 0 : this.carry.length;
    if (held + part.length > this.maxLineBytes) {
      this.skipped = held + part.length;
      this.carry = undefined;
    } else {
      // The read buffer is not reused, so a view is enough until the next chunk arrives.
      this.carry = this.carry === undefined ? part : Buffer.concat([this.carry, part]);
    }
  }

  private finishLine(chunk: Buffer, newline: number): void {
    this.lines++;
    if (this.skipped >= 0) {
      this.consumer.overlong(this.lines, this.skipped + newline);
    } else if (this.carry !== undefined) {
      if (this.carry.length + newline > this.maxLineBytes) {
        this.consumer.overlong(this.lines, this.carry.length + newline);
      } else {
        const line = Buffer.concat([this.carry, chunk.subarray(0, newline)]);
        deliver(this.consumer, line, 0, line.length, this.lines);
      }
    }
    this.carry = undefined;
    this.skipped = -1;
  }
}

function deliver(consumer: LineConsumer, buf: Buffer, start: number, end: number, lineNo: number): void {
  consumer.line(buf, start, end > start && buf[end - 1] === CARRIAGE_RETURN ? end - 1 : end, lineNo);
}

/**
 * Delivers every line of the source in order; a read failing part-way ends the pass with
 * `readError`. Errors thrown by the consumer propagate.
 */
export async function streamLines(source: ByteSource, consumer: LineConsumer, options: LineStreamOptions = {}): Promise<LinePass> {
  const splitter = new LineSplitter(consumer, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  const pass = await source.consume((chunk) => {
    splitter.push(chunk);
    return true;
  });
  splitter.end();
  return { lines: splitter.lines, bytes: pass.bytes, readError: pass.readError };
}
