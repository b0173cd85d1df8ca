import type { PayloadHead } from '../../../src/detect/api';
import { arrivalTime } from './arrival';

/** One newline-delimited message with the time its last byte arrived. */
export interface TimedLine {
  text: string;
  time: number;
}

/**
 * Bounds per direction. Heads are already capped by the capture layer; these keep a hostile
 * head of tiny lines (or one huge line) from costing more than a few milliseconds.
 */
export const LINE_LIMITS = { maxLines: 2048, maxLineBytes: 32 * 1024 } as const;

const LF = 0x0a;
const CR = 0x0d;
const OPEN_BRACE = 0x7b;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === CR;
}

/**
 * Splits a payload head into its non-blank lines (LF or CRLF). A head cut at the byte limit ends
 * inside a line, so an unterminated last line is dropped. A head picked up mid-stream may start
 * inside a line, or (the next record of a long connection) exactly at a message: its first line
 * is kept, because a fragment fails to parse as a JSON-RPC object just like a line spanning a
 * lost segment does, and the next LF resynchronises either way. With `objectsOnly`, lines that do
 * not start with "{" come back with empty text: counted, never decoded.
 */
export function splitLines(head: PayloadHead, fallbackTime: number, options: { objectsOnly?: boolean } = {}): TimedLine[] {
  const bytes = head.bytes;
  const lines: TimedLine[] = [];
  let pos = 0;
  while (pos < bytes.length && lines.length < LINE_LIMITS.maxLines) {
    const lf = bytes.indexOf(LF, pos);
    if (lf < 0 && head.truncated) break;
    const end = lf < 0 ? bytes.length : lf;
    const contentEnd = end > pos && bytes[end - 1] === CR ? end - 1 : end;
    let first = pos;
    while (first < contentEnd && isSpace(bytes[first])) first++;
    if (first < contentEnd && contentEnd - pos <= LINE_LIMITS.maxLineBytes) {
      // Decoding every line of a binary or bulk head as UTF-8 was most of a scan's time: a
      // caller that wants JSON objects gets other lines as empty placeholders, still counted.
      const wanted = !options.objectsOnly || bytes[first] === OPEN_BRACE;
      const text = wanted ? bytes.toString('utf8', first, contentEnd).trim() : '';
      lines.push({ text, time: arrivalTime(head.marks, Math.max(pos, end - 1), fallbackTime) });
    }
    if (lf < 0) break;
    pos = lf + 1;
  }
  return lines;
}
