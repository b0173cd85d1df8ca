/**
 * IP addresses written as text → the one spelling every reader uses (pcap/address-text.ts: the
 * form Node prints), because flow keys and evidence compare addresses as strings. Exports spell
 * addresses their own way (upper-case or uncompressed IPv6, glibc's or Go's IPv4 tails), so text
 * is parsed and printed again, never passed through.
 *
 * IPv4 is parsed from the bytes; text that is already canonical (no leading zeros: what every
 * exporter prints) becomes the string by one Latin-1 slice, and a direct-mapped cache keyed by the
 * address returns the same string for the addresses that recur on every row. Other spellings are
 * printed by address-text. IPv6 goes through the shared parser (flow/ip.ts), memoised by spelling. An IPv4-mapped IPv6 address
 * (::ffff:a.b.c.d) names the IPv4 host, as flow/ip.ts has it, so it is printed as IPv4.
 */
import { parseIp } from '../../flow/ip';
import { ipv4Text, ipv6Text } from '../pcap/address-text';
import { skipBlanks, trimBlanks } from './byte-numbers';

const DOT = 0x2e;
const COLON = 0x3a;
const ZERO = 0x30;

const scratch4 = Buffer.alloc(4);
const scratch16 = Buffer.alloc(16);
const textBytes = Buffer.alloc(64);
const ipv6Memo = new Map<string, string | null>();
const IPV6_MEMO_LIMIT = 65_536;

const NOT_IPV4 = 0;
const CANONICAL_IPV4 = 1;
const OTHER_IPV4 = 2;

/** Dotted-quad IPv4 in buf[start, end) into scratch4: NOT_IPV4, or whether it was spelled canonically. */
function readIpv4(buf: Buffer, start: number, end: number): number {
  let octet = 0;
  let digits = 0;
  let index = 0;
  let leadingZero = false;
  for (let i = start; i < end; i++) {
    const byte = buf[i];
    if (byte === DOT) {
      if (digits === 0 || index === 3) return NOT_IPV4;
      scratch4[index++] = octet;
      octet = 0;
      digits = 0;
      continue;
    }
    const d = byte - ZERO;
    if (d < 0 || d > 9 || digits === 3) return NOT_IPV4;
    if (digits === 1 && octet === 0) leadingZero = true;
    octet = octet * 10 + d;
    if (octet > 255) return NOT_IPV4;
    digits++;
  }
  if (digits === 0 || index !== 3) return NOT_IPV4;
  scratch4[3] = octet;
  return leadingZero ? OTHER_IPV4 : CANONICAL_IPV4;
}

type Latin1Slicer = Buffer & { latin1Slice?: (start: number, end: number) => string };

/**
 * Buffer's own Latin-1 slicer (present since Node 6, though undocumented): toString's argument
 * handling costs as much as the copy for a 12-byte address.
 */
function latin1(buf: Buffer, start: number, end: number): string {
  const slicer = buf as Latin1Slicer;
  return slicer.latin1Slice ? slicer.latin1Slice(start, end) : buf.toString('latin1', start, end);
}

/** Canonical IPv4 text per address, a slot per hash (a collision replaces): bounded by construction. */
const SLOTS = 1 << 16;
const cachedKeys = new Int32Array(SLOTS);
const cachedTexts: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);

/** The string for the canonical IPv4 text buf[start, end), whose value readIpv4 left in scratch4. */
function canonicalIpv4(buf: Buffer, start: number, end: number): string {
  const key = (scratch4[0] << 24) | (scratch4[1] << 16) | (scratch4[2] << 8) | scratch4[3];
  const slot = Math.imul(key, 0x9e3779b1) >>> 16;
  const cached = cachedTexts[slot];
  if (cached !== undefined && cachedKeys[slot] === key) return cached;
  const text = latin1(buf, start, end);
  cachedKeys[slot] = key;
  cachedTexts[slot] = text;
  return text;
}

function hasColon(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] === COLON) return true;
  return false;
}

/** Latin-1 writing keeps only the low byte of each character: "ı" (U+0131) would read as "1". */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function canonicalIpv6(text: string): string | null {
  const ip = parseIp(text);
  if (ip === undefined) return null;
  if (ip.version === 4) {
    scratch4.writeUInt32BE(Number(ip.value), 0);
    return ipv4Text(scratch4, 0);
  }
  scratch16.writeBigUInt64BE(ip.value >> 64n, 0);
  scratch16.writeBigUInt64BE(ip.value & 0xffffffffffffffffn, 8);
  return ipv6Text(scratch16, 0);
}

/** The canonical text of the address in buf[start, end), or undefined when it is not an address. */
export function addressAt(buf: Buffer, start: number, end: number): string | undefined {
  start = skipBlanks(buf, start, end);
  end = trimBlanks(buf, start, end);
  const ipv4 = readIpv4(buf, start, end);
  if (ipv4 === CANONICAL_IPV4) return canonicalIpv4(buf, start, end);
  if (ipv4 === OTHER_IPV4) return ipv4Text(scratch4, 0);
  if (end - start > 64 || !hasColon(buf, start, end)) return undefined;
  return addressText(buf.toString('latin1', start, end));
}

/** The canonical text of an address written as a string, or undefined when it is not one. */
export function addressText(text: string): string | undefined {
  if (text.length <= 15 && isAscii(text)) {
    const length = textBytes.write(text, 'latin1');
    const ipv4 = readIpv4(textBytes, 0, length);
    if (ipv4 !== NOT_IPV4) return ipv4 === CANONICAL_IPV4 ? text : ipv4Text(scratch4, 0);
  }
  let canonical = ipv6Memo.get(text);
  if (canonical === undefined) {
    canonical = text.length <= 64 ? canonicalIpv6(text) : null;
    if (ipv6Memo.size >= IPV6_MEMO_LIMIT) ipv6Memo.clear();
    ipv6Memo.set(text, canonical);
  }
  return canonical ?? undefined;
}
