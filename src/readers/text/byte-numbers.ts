/**
 * Numbers read straight from bytes: no substring, no Number(), no regex — the text readers parse
 * several per row and ten million rows per file. Surrounding spaces are allowed (nfdump pads some
 * columns, e.g. "    0.000" and protocol numbers as "47   "). Every parser returns NaN for
 * anything else, so a caller checks once with Number.isNaN.
 */

const SPACE = 0x20;
const TAB = 0x09;
const ZERO = 0x30;
const DOT = 0x2e;

/** Counters beyond 2^53 lose precision in a double; past 10^18 the text is not a real counter. */
const MAX_DIGITS = 18;

/** The first non-blank byte at or after `start`. */
export function skipBlanks(buf: Buffer, start: number, end: number): number {
  while (start < end && (buf[start] === SPACE || buf[start] === TAB)) start++;
  return start;
}

/** One past the last non-blank byte before `end`. */
export function trimBlanks(buf: Buffer, start: number, end: number): number {
  while (end > start && (buf[end - 1] === SPACE || buf[end - 1] === TAB)) end--;
  return end;
}

/** A non-negative decimal integer (at most 18 digits), or NaN. */
export function parseUint(buf: Buffer, start: number, end: number): number {
  start = skipBlanks(buf, start, end);
  end = trimBlanks(buf, start, end);
  if (start === end || end - start > MAX_DIGITS) return NaN;
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = buf[i] - ZERO;
    if (d < 0 || d > 9) return NaN;
    value = value * 10 + d;
  }
  return value;
}

/** A non-negative decimal with an optional fraction ("585.001", "7", "0.5"), or NaN. */
export function parseDecimal(buf: Buffer, start: number, end: number): number {
  start = skipBlanks(buf, start, end);
  end = trimBlanks(buf, start, end);
  let whole = 0;
  let digits = 0;
  let i = start;
  for (; i < end; i++) {
    const d = buf[i] - ZERO;
    if (d < 0 || d > 9) break;
    whole = whole * 10 + d;
    digits++;
  }
  if (digits > MAX_DIGITS) return NaN;
  if (i === end) return digits > 0 ? whole : NaN;
  if (buf[i] !== DOT) return NaN;
  let fraction = 0;
  let scale = 1;
  for (i++; i < end; i++) {
    const d = buf[i] - ZERO;
    if (d < 0 || d > 9) return NaN;
    // Digits past a nanosecond change nothing a flow time needs.
    if (scale < 1e9) {
      fraction = fraction * 10 + d;
      scale *= 10;
    }
    digits++;
  }
  return digits > 0 ? whole + fraction / scale : NaN;
}

/** A port 0..65535; ICMP rows in nfdump print "type.code" there, read as type·256 + code as NetFlow encodes it. */
export function parsePort(buf: Buffer, start: number, end: number): number {
  const port = parseUint(buf, start, end);
  if (port <= 0xffff) return port;
  if (!Number.isNaN(port)) return NaN;
  let dot = start;
  while (dot < end && buf[dot] !== DOT) dot++;
  if (dot === end) return NaN;
  const type = parseUint(buf, start, dot);
  const code = parseUint(buf, dot + 1, end);
  return type <= 255 && code <= 255 ? type * 256 + code : NaN;
}
