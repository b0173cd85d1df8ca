/**
 * Who holds an address and what kind of user it is, from an owner map an operator keeps
 * (CSV: cidr,owner,nature), as the provincial sweeps reported: residential broadband,
 * enterprise, data centre, state-owned unit, internet café, ...
 */
import { readFileSync } from 'node:fs';
import { inCidr, parseCidr, type Cidr } from '../flow/ip';

export interface Owner {
  name: string;
  nature: string;
  range: string;
}

export type OwnerLookup = (ip: string) => Owner | undefined;

export function parseOwnerMap(text: string, file = 'owner map'): OwnerLookup {
  const entries: Array<{ cidr: Cidr; owner: Owner }> = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || (index === 0 && /^cidr\s*,/i.test(trimmed))) return;
    const [range, name, nature] = trimmed.split(',').map((s) => s.trim());
    let cidr: Cidr;
    try {
      cidr = parseCidr(range);
    } catch {
      throw new Error(`${file}:${index + 1}: "${range}" is not an IP range`);
    }
    if (!name) throw new Error(`${file}:${index + 1}: no owner name`);
    entries.push({ cidr, owner: { name, nature: nature || 'unknown', range } });
  });
  // Most specific range first, so a customer's block wins over its carrier's aggregate.
  entries.sort((a, b) => b.cidr.bits - a.cidr.bits);
  return (ip) => entries.find((e) => inCidr(ip, e.cidr))?.owner;
}

export function loadOwnerMap(file: string | undefined): OwnerLookup {
  if (!file) return () => undefined;
  return parseOwnerMap(readFileSync(file, 'utf8'), file);
}
