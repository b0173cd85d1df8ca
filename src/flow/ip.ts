import { isIP } from 'node:net';

/** An address range. IPv4 ranges are kept as numbers, IPv6 as bigints: exact and fast enough. */
export interface Cidr {
  version: 4 | 6;
  base: bigint;
  bits: number;
  text: string;
}

export function ipToBigInt(ip: string): bigint {
  if (isIP(ip) === 4) {
    return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
  }
  return ipv6Groups(ip).reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

function ipv6Groups(ip: string): number[] {
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const parse = (s: string): number[] => {
    if (!s) return [];
    const out: number[] = [];
    for (const part of s.split(':')) {
      if (part.includes('.')) {
        const v4 = part.split('.').map(Number);
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        out.push(parseInt(part, 16));
      }
    }
    return out;
  };
  const h = parse(head);
  if (tail === undefined) return h;
  const t = parse(tail);
  return [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
}

export function parseCidr(text: string): Cidr {
  const [addr, bitsText] = text.split('/');
  const version = isIP(addr);
  if (version === 0) throw new Error(`not an IP range: ${text}`);
  const width = version === 4 ? 32 : 128;
  const bits = bitsText === undefined ? width : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > width) throw new Error(`bad prefix length: ${text}`);
  const shift = BigInt(width - bits);
  return { version: version as 4 | 6, base: (ipToBigInt(addr) >> shift) << shift, bits, text };
}

export function inCidr(ip: string, cidr: Cidr): boolean {
  const version = isIP(ip);
  if (version !== cidr.version) return false;
  const shift = BigInt((version === 4 ? 32 : 128) - cidr.bits);
  return (ipToBigInt(ip) >> shift) << shift === cidr.base;
}

/** Membership test for a fixed set of ranges, memoised because the same addresses recur. */
export function cidrMatcher(ranges: readonly string[]): (ip: string) => boolean {
  const parsed = ranges.map(parseCidr);
  const memo = new Map<string, boolean>();
  return (ip) => {
    let hit = memo.get(ip);
    if (hit === undefined) {
      hit = isIP(ip) !== 0 && parsed.some((c) => inCidr(ip, c));
      if (memo.size > 100_000) memo.clear();
      memo.set(ip, hit);
    }
    return hit;
  };
}
