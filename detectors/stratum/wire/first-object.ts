import type { PayloadHead } from '../../../src/detect/api';
import { LineEnds } from './line-ends';
import { parseRpc } from './rpc-message';

/**
 * Work per head. Each try parses at most to its line end, and only lines that end in `}` are
 * tried at all, so random bytes cost one scan; a hostile head full of `{"…}` lines costs at most
 * `tries` parses of `parsedBytes` in all. Past either the prefix wins, and the tail window (a
 * separate head) gets its own budget.
 */
export const FIRST_OBJECT_LIMITS = { tries: 256, parsedBytes: 1 << 20 } as const;

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;

function isBlank(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** The last byte of `[from, to)` that is not blank; -1 when all are. */
function lastFilled(bytes: Buffer, from: number, to: number): number {
  let last = to - 1;
  while (last >= from && isBlank(bytes[last])) last--;
  return last >= from ? bytes[last] : -1;
}

/**
 * Where the first JSON object that is a whole line (to its line end) begins: the start of the
 * JSON-lines stream after a prefix of anything (a NUL, junk of any length, the end of a line cut
 * by a mid-stream pickup). Only `{` followed by a member name is tried: every JSON-RPC message has
 * one, and random bytes rarely do. Undefined when no line in the head parses as an object.
 */
export function firstObjectOffset(head: PayloadHead): number | undefined {
  const bytes = head.bytes;
  // Decoded once as latin1: one character per byte, so offsets carry over and slices copy
  // nothing; whether a line parses as JSON does not depend on how its other bytes decode.
  const text = bytes.toString('latin1');
  const ends = new LineEnds(bytes);
  let tries = 0;
  let parsed = 0;
  let lineStop = -1;
  let closed = false;
  for (let at = bytes.indexOf(OPEN_BRACE); at >= 0; at = bytes.indexOf(OPEN_BRACE, at + 1)) {
    let next = at + 1;
    while (bytes[next] === 0x20 || bytes[next] === 0x09) next++;
    if (bytes[next] !== QUOTE) continue;
    if (at >= lineStop) {
      const end = ends.next(at);
      lineStop = end < 0 ? bytes.length : end;
      closed = lastFilled(bytes, at, lineStop) === CLOSE_BRACE;
    }
    // No object ends this line: go on at the next one.
    if (!closed) {
      at = lineStop;
      continue;
    }
    // An unterminated last line of a cut head is not whole: it may end anywhere.
    if (lineStop === bytes.length && head.truncated) return undefined;
    tries++;
    parsed += lineStop - at;
    if (tries > FIRST_OBJECT_LIMITS.tries || parsed > FIRST_OBJECT_LIMITS.parsedBytes) return undefined;
    if (parseRpc(text.slice(at, lineStop).trimEnd(), 0).length > 0) return at;
  }
  return undefined;
}
