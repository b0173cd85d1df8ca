/**
 * Endpoint facts (addresses and CIDR ranges, optionally with a port) indexed for a constant
 * number of map lookups per query: one per distinct prefix length held, which stays small
 * (mostly /32 and /128) however many facts there are.
 */
import { addressBits, parseIp, type IpValue } from '../flow/ip';
import type { IntelFact } from './fact';

interface PrefixTable {
  version: 4 | 6;
  bits: number;
  /** Network base (address with the host bits cleared) → facts for that network. */
  networks: Map<bigint, IntelFact[]>;
}

function networkOf(ip: IpValue, bits: number): bigint {
  const hostBits = BigInt(addressBits(ip.version) - bits);
  return (ip.value >> hostBits) << hostBits;
}

export function parseRange(text: string): { ip: IpValue; bits: number } | undefined {
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

export class FactIndex {
  /** Longest prefixes first, so the most specific facts are found first. */
  private readonly tables: PrefixTable[] = [];
  private count = 0;

  constructor(facts: readonly IntelFact[] = []) {
    for (const fact of facts) this.add(fact);
  }

  get size(): number {
    return this.count;
  }

  add(fact: IntelFact): void {
    const range = parseRange(fact.address);
    if (!range) return; // stores validate facts; a hand-built list may still hold junk
    let table = this.tables.find((t) => t.version === range.ip.version && t.bits === range.bits);
    if (!table) {
      table = { version: range.ip.version, bits: range.bits, networks: new Map() };
      this.tables.push(table);
      this.tables.sort((a, b) => b.bits - a.bits);
    }
    const base = networkOf(range.ip, range.bits);
    const list = table.networks.get(base) ?? [];
    list.push(fact);
    table.networks.set(base, list);
    this.count++;
  }

  /** Every fact covering this address and port (most specific range first). */
  covering(address: string, port: number): IntelFact[] {
    if (this.tables.length === 0) return [];
    const ip = parseIp(address);
    if (!ip) return [];
    const found: IntelFact[] = [];
    for (const table of this.tables) {
      if (table.version !== ip.version) continue;
      for (const fact of table.networks.get(networkOf(ip, table.bits)) ?? []) {
        if (fact.port === undefined || fact.port === port) found.push(fact);
      }
    }
    return found;
  }
}
