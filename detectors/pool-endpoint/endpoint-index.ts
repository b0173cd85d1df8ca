/**
 * Pool endpoint indicators (addresses and CIDR ranges, optionally with a port) indexed for a
 * constant number of map lookups per flow: one per distinct prefix length in the list, which
 * stays small (mostly /32 and /128) however many rows the list has.
 */
import type { PoolEndpointIndicator } from '../../src/detect/api';
import { addressBits, parseIp, type IpValue } from '../../src/detect/api';

interface PrefixTable {
  version: 4 | 6;
  bits: number;
  /** Network base (address with the host bits cleared) → indicators for that network. */
  networks: Map<bigint, PoolEndpointIndicator[]>;
}

function networkOf(ip: IpValue, bits: number): bigint {
  const hostBits = BigInt(addressBits(ip.version) - bits);
  return (ip.value >> hostBits) << hostBits;
}

function parseRange(text: string): { ip: IpValue; bits: number } | undefined {
  const [address, prefix, extra] = text.split('/');
  if (extra !== undefined) return undefined;
  const ip = parseIp(address);
  if (!ip) return undefined;
  const width = addressBits(ip.version);
  // An IPv4-mapped IPv6 range is rewritten as the IPv4 range it covers.
  const mappedShift = address.includes(':') && ip.version === 4 ? 96 : 0;
  if (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) return undefined; // "10.0.0.0/" is not a /0
  const bits = prefix === undefined ? width : Number(prefix) - mappedShift;
  if (bits < 0 || bits > width) return undefined;
  return { ip, bits };
}

export class EndpointIndex {
  /** Longest prefixes first, so the most specific indicator is reported. */
  private readonly tables: PrefixTable[] = [];

  constructor(indicators: readonly PoolEndpointIndicator[]) {
    for (const indicator of indicators) {
      const range = parseRange(indicator.address);
      if (!range) continue; // the loader validates rows; a hand-built list may still hold junk
      const table = this.tableFor(range.ip.version, range.bits);
      const base = networkOf(range.ip, range.bits);
      const list = table.networks.get(base) ?? [];
      list.push(indicator);
      table.networks.set(base, list);
    }
    this.tables.sort((a, b) => b.bits - a.bits);
  }

  get size(): number {
    return this.tables.reduce((n, t) => n + t.networks.size, 0);
  }

  /** The most specific indicator covering this address and port, if any. */
  lookup(address: string, port: number): PoolEndpointIndicator | undefined {
    if (this.tables.length === 0) return undefined;
    const ip = parseIp(address);
    if (!ip) return undefined;
    for (const table of this.tables) {
      if (table.version !== ip.version) continue;
      const candidates = table.networks.get(networkOf(ip, table.bits));
      const hit = candidates?.find((c) => c.port === undefined || c.port === port);
      if (hit) return hit;
    }
    return undefined;
  }

  private tableFor(version: 4 | 6, bits: number): PrefixTable {
    let table = this.tables.find((t) => t.version === version && t.bits === bits);
    if (!table) {
      table = { version, bits, networks: new Map() };
      this.tables.push(table);
    }
    return table;
  }
}
