import type { PayloadHead } from '../../../src/detect/api';
import { arrivalTime } from './arrival';
import { LineEnds } from './line-ends';

/** One newline-delimited message with the time its last byte arrived. */
export interface TimedLine {
  text: string;
  time: number;
}

/**
 * Bounds per direction. Heads are already capped by the capture layer; these keep a hostile
 * head of tiny lines (or one huge line) from costing more than a few milliseconds. A line may be
 * as long as an HTTP body we read (256 KiB): a login padded past 32 KiB is still one message.
 */
export const LINE_LIMITS = { maxLines: 2048, maxLineBytes: 256 * 1024 } as const;

const CR = 0x0d;
const OPEN_BRACE = 0x7b;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === CR;
}

/**
 * Splits a payload head into its non-blank lines. A line ends at LF, CR or CRLF (JSON cannot hold
 * a raw CR or LF, so either one ends a message; the empty line between CR and LF is blank). A head
 * cut at the byte limit ends inside a line, so an unterminated last line is dropped. A head picked
 * up mid-stream may start inside a line, or (the next record of a long connection) exactly at a
 * message: its first line is kept, because a fragment fails to parse as a JSON-RPC object just
 * like a line spanning a lost segment does, and the next line end resynchronises either way. With
 * `objectsOnly`, lines that do not start with "{" come back with empty text: counted, never
 * decoded. `from`: where to start (after a prefix that is not part of the stream's lines).
 */
export function splitLines(head: PayloadHead, fallbackTime: number, options: { objectsOnly?: boolean; from?: number } = {}): TimedLine[] {
  const bytes = head.bytes;
  const ends = new LineEnds(bytes);
  const lines: TimedLine[] = [];
  let pos = options.from ?? 0;
  while (pos < bytes.length && lines.length < LINE_LIMITS.maxLines) {
    const lineEnd = ends.next(pos);
    if (lineEnd < 0 && head.truncated) break;
    const end = lineEnd < 0 ? bytes.length : lineEnd;
    let first = pos;
    while (first < end && isSpace(bytes[first])) first++;
    let last = end;
    while (last > first && isSpace(bytes[last - 1])) last--;
    if (first < last && end - pos <= LINE_LIMITS.maxLineBytes) {
      // Decoding every line of a binary or bulk head as UTF-8 was most of a scan's time: a
      // caller that wants JSON objects gets other lines as empty placeholders, still counted.
      const wanted = !options.objectsOnly || bytes[first] === OPEN_BRACE;
      const text = wanted ? bytes.toString('utf8', first, last).trim() : '';
      lines.push({ text, time: arrivalTime(head.marks, Math.max(pos, end - 1), fallbackTime) });
    }
    if (lineEnd < 0) break;
    pos = lineEnd + 1;
  }
  return lines;
}
