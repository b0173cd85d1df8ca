/**
 * Addresses and ranges as feeds write them, checked and spelled one way. Facts are keyed by
 * their address text (factKey), so `2001:DB8::1`, `2001:db8:0::1` and `::ffff:192.0.2.1` must
 * become one spelling or the same endpoint would be stored several times.
 */
import { addressBits, type IpValue } from '../../flow/ip';
import { parseRange } from '../fact-index';
import { NOT_PUBLIC } from '../not-public';

/** Ranges wider than these are never pool intel: a feed row like 0.0.0.0/0 would flag the Internet. */
export const MIN_PREFIX = { 4: 8, 6: 16 } as const;

export interface AddressRange {
  version: 4 | 6;
  /** Network base: host bits cleared. */
  base: bigint;
  bits: number;
  /** Canonical text: a plain address for a full-length prefix, else `base/bits`. */
  text: string;
}

export type AddressReading =
  | { kind: 'address'; range: AddressRange }
  /** Well-formed but not pool intel: private, loopback, multicast... (counted as skipped). */
  | { kind: 'skip'; reason: string }
  | { kind: 'problem'; reason: string };


/** Same characters fact.ts accepts: no zone index, no spaces, one optional prefix. */
const SHAPE = /^[0-9a-fA-F.:]+(\/\d{1,3})?$/;

function networkBase(ip: IpValue, bits: number): bigint {
  const host = BigInt(addressBits(ip.version) - bits);
  return (ip.value >> host) << host;
}

const RESERVED: ReadonlyArray<{ version: 4 | 6; base: bigint; bits: number; what: string }> = NOT_PUBLIC.map(([cidr, what]) => {
  const range = parseRange(cidr);
  if (!range) throw new Error(`bad built-in range ${cidr}`);
  return { version: range.ip.version, base: networkBase(range.ip, range.bits), bits: range.bits, what };
});

function ipv4Text(value: bigint): string {
  const n = Number(value);
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** RFC 5952: lower case, no leading zeros, the longest run (≥ 2) of zero groups as `::`, the first on a tie. */
function ipv6Text(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function formatIp(version: 4 | 6, value: bigint): string {
  return version === 4 ? ipv4Text(value) : ipv6Text(value);
}

function overlaps(a: { version: 4 | 6; base: bigint; bits: number }, b: { version: 4 | 6; base: bigint; bits: number }): boolean {
  if (a.version !== b.version) return false;
  const width = addressBits(a.version);
  const shorter = Math.min(a.bits, b.bits);
  const shift = BigInt(width - shorter);
  return a.base >> shift === b.base >> shift;
}

/** Any address or range a fact may hold, in canonical spelling; no policy (width, public) applied. */
export function canonicalRange(text: string): AddressRange | undefined {
  if (text.length > 64 || !SHAPE.test(text)) return undefined;
  const range = parseRange(text);
  if (!range) return undefined;
  const { ip, bits } = range;
  const base = networkBase(ip, bits);
  const address = formatIp(ip.version, base);
  return { version: ip.version, base, bits, text: bits === addressBits(ip.version) ? address : `${address}/${bits}` };
}

/** Reads `1.2.3.4`, `1.2.3.0/24`, `2001:db8::/48`, `::ffff:192.0.2.0/120` (as the IPv4 range it is) from a feed. */
export function readAddress(text: string): AddressReading {
  const range = canonicalRange(text);
  if (!range) return { kind: 'problem', reason: 'is not an IP address or CIDR range' };
  if (range.bits < MIN_PREFIX[range.version]) {
    return { kind: 'problem', reason: `range too wide (shorter than /${MIN_PREFIX[range.version]}: not one operator's pool)` };
  }
  const reserved = RESERVED.find((r) => overlaps(r, range));
  if (reserved) return { kind: 'skip', reason: `${reserved.what} is not a public address` };
  return { kind: 'address', range };
}

/** Every address of a range of at most `limit` addresses, or undefined when it holds more. */
export function expandRange(range: Pick<AddressRange, 'version' | 'base' | 'bits'>, limit: number): string[] | undefined {
  const size = 2n ** BigInt(addressBits(range.version) - range.bits);
  if (size > BigInt(limit)) return undefined;
  const out: string[] = [];
  for (let i = 0n; i < size; i++) out.push(formatIp(range.version, range.base + i));
  return out;
}

/** A port as feeds write it: decimal 1..65535, no sign, no leading zeros beyond "0" itself. */
export function readPort(text: string): number | undefined {
  if (!/^[1-9]\d{0,4}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

/** Meant as an address rather than a name: has a colon (IPv6), or only digits, dots and a prefix. */
export function looksLikeAddress(text: string): boolean {
  return text.includes(':') || /^[0-9./]+$/.test(text);
}
