/**
 * TCP flags written as text → the flag bits (FIN 0x01 ... CWR 0x80):
 * - nfdump's letters, one per set flag and '.' for the rest: 8 columns "CEUAPRSF" since 1.6.18
 *   ("...AP.SF"), 6 columns "UAPRSF" before (".AP.SF") — read by letter, not by position;
 * - nfdump 1.6's hex for flags it had no letters for ("  0xc2");
 * - a decimal number, as goflow2 and most CSV exports write them.
 */
import { parseUint, skipBlanks, trimBlanks } from './byte-numbers';

const LETTER_BITS: Readonly<Record<number, number>> = {
  0x46: 0x01, // F
  0x53: 0x02, // S
  0x52: 0x04, // R
  0x50: 0x08, // P
  0x41: 0x10, // A
  0x55: 0x20, // U
  0x45: 0x40, // E
  0x43: 0x80, // C
};
const DOT = 0x2e;
const ZERO = 0x30;
const LOWER_X = 0x78;

function hexDigit(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** The flag bits in buf[start, end) (blank → 0), or NaN when it is none of the forms above. */
export function tcpFlagBits(buf: Buffer, start: number, end: number): number {
  start = skipBlanks(buf, start, end);
  end = trimBlanks(buf, start, end);
  if (start === end) return 0;
  const first = buf[start];
  if (first >= ZERO && first <= ZERO + 9) {
    if (end - start > 2 && first === ZERO && (buf[start + 1] | 0x20) === LOWER_X) return hexFlags(buf, start + 2, end);
    const n = parseUint(buf, start, end);
    return n <= 0xff ? n : NaN;
  }
  let bits = 0;
  for (let i = start; i < end; i++) {
    const byte = buf[i];
    if (byte === DOT) continue;
    const bit = LETTER_BITS[byte];
    if (bit === undefined) return NaN;
    bits |= bit;
  }
  return bits;
}

function hexFlags(buf: Buffer, start: number, end: number): number {
  if (end - start > 2) return NaN;
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = hexDigit(buf[i]);
    if (d < 0) return NaN;
    value = value * 16 + d;
  }
  return value;
}
