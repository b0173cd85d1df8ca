/**
 * IP address helpers shared by readers, config, scoring and (through the detector API) detectors.
 * Readers, DNS answers and indicator files can spell one address several ways (IPv6 zero
 * compression, upper case, IPv4-mapped IPv6), so addresses are compared as numbers, never as text.
 */
export interface IpValue {
  version: 4 | 6;
  /** The address as an unsigned integer (32 or 128 bits). */
  value: bigint;
}

const HEX_GROUP = /^[0-9a-f]{1,4}$/;

/**
 * A dotted-quad IPv4 address in canonical text (no leading zeros) as a 32-bit number, or
 * undefined. Hand-rolled (no regex, no bigint) because it runs for every flow record of
 * multi-million-record exports.
 */
export function ipv4Number(text: string): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits === 1 && octet === 0) return undefined; // "01": ambiguous (octal to some), not canonical
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return undefined;
    } else if (c === 46 && digits > 0 && dots < 3) {
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else {
      return undefined;
    }
  }
  return dots === 3 && digits > 0 ? value * 256 + octet : undefined;
}

function parseIpv4(text: string): bigint | undefined {
  const n = ipv4Number(text);
  return n === undefined ? undefined : BigInt(n);
}

/** The 16-bit groups of one side of "::", or undefined when a group is malformed. */
function ipv6Groups(side: string): number[] | undefined {
  if (side === '') return [];
  const parts = side.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (v4 === undefined) return undefined;
      groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
    } else if (HEX_GROUP.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.toLowerCase().split('::');
  if (halves.length > 2) return undefined;
  const head = ipv6Groups(halves[0]);
  const tail = halves.length === 2 ? ipv6Groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** Parses an IPv4 or IPv6 address (a zone index like %eth0 is ignored); undefined if it is not one. */
export function parseIp(text: string): IpValue | undefined {
  const fast = ipv4Number(text);
  if (fast !== undefined) return { version: 4, value: BigInt(fast) };
  const bare = text.trim().replace(/%.*$/, '');
  const v4 = parseIpv4(bare);
  if (v4 !== undefined) return { version: 4, value: v4 };
  if (!bare.includes(':')) return undefined;
  const v6 = parseIpv6(bare);
  if (v6 === undefined) return undefined;
  // ::ffff:0:0/96 holds IPv4 addresses written as IPv6: the same host as the IPv4 spelling.
  if (v6 >> 32n === 0xffffn) return { version: 4, value: v6 & 0xffffffffn };
  return { version: 6, value: v6 };
}

/** One spelling per address, for use as a map key: "4:<n>" or "6:<n>". */
export function ipKey(text: string): string | undefined {
  const v4 = ipv4Number(text);
  if (v4 !== undefined) return `4:${v4.toString(16)}`;
  const ip = parseIp(text);
  return ip && `${ip.version}:${ip.value.toString(16)}`;
}

/** An endpoint as reports write it: `192.0.2.1:3333`, `[2001:db8::1]:3333`. */
export const endpointText = (ip: string, port: number): string => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** Reads endpointText back (IPv6 only in brackets); undefined for anything else. */
export function parseEndpointText(text: string): { address: string; port: number } | undefined {
  const m = /^\[([0-9a-fA-F:.]+)\]:(\d{1,5})$/.exec(text) ?? /^([0-9.]+):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[2]) : 0;
  return m && parseIp(m[1]) && port >= 1 && port <= 65535 ? { address: m[1], port } : undefined;
}

export function addressBits(version: 4 | 6): number {
  return version === 4 ? 32 : 128;
}

/** An address range, kept as a number and a prefix length. */
export interface Cidr {
  version: 4 | 6;
  base: bigint;
  bits: number;
  text: string;
}

export function parseCidr(text: string): Cidr {
  const parts = text.split('/');
  if (parts.length > 2 || (parts.length === 2 && !/^\d{1,3}$/.test(parts[1]))) throw new Error(`not an IP range: ${text}`);
  const ip = parseIp(parts[0]);
  if (!ip) throw new Error(`not an IP range: ${text}`);
  const width = addressBits(ip.version);
  const bits = parts.length === 2 ? Number(parts[1]) : width;
  if (bits > width) throw new Error(`bad prefix length: ${text}`);
  const shift = BigInt(width - bits);
  return { version: ip.version, base: (ip.value >> shift) << shift, bits, text };
}

export function inCidr(ip: string, cidr: Cidr): boolean {
  const parsed = parseIp(ip);
  if (!parsed || parsed.version !== cidr.version) return false;
  const shift = BigInt(addressBits(cidr.version) - cidr.bits);
  return (parsed.value >> shift) << shift === cidr.base;
}

/** Membership test for a fixed set of ranges, memoised because the same addresses recur. */
export function cidrMatcher(ranges: readonly string[]): (ip: string) => boolean {
  const parsed = ranges.map(parseCidr);
  // IPv4, the common case, is tested with plain numbers: no bigint, no memo to thrash.
  const v4 = parsed
    .filter((c) => c.version === 4)
    .map((c) => ({ base: Number(c.base), size: 2 ** (32 - c.bits) }));
  const memo = new Map<string, boolean>();
  return (ip) => {
    const n = ipv4Number(ip);
    if (n !== undefined) return v4.some((c) => n >= c.base && n < c.base + c.size);
    let hit = memo.get(ip);
    if (hit === undefined) {
      hit = parsed.some((c) => inCidr(ip, c));
      if (memo.size > 100_000) memo.clear();
      memo.set(ip, hit);
    }
    return hit;
  };
}
