/**
 * Domain names as feeds write them (`Pool.Example.COM.`, `*.example.com`, `.example.com`,
 * internationalised names) in the one spelling name facts hold: lower-case, no wildcard, no dot
 * at either end, punycode. A name fact already covers every name under it, so a wildcard adds
 * nothing and is dropped rather than refused.
 */
import { domainToASCII } from 'node:url';
import { isDomainName } from '../fact';

export type NameReading = { kind: 'name'; name: string } | { kind: 'problem'; reason: string };

export function readName(text: string): NameReading {
  if (text.length > 1024) return { kind: 'problem', reason: 'is longer than any domain name' };
  let name = text.trim().toLowerCase();
  if (name.startsWith('*.')) name = name.slice(2);
  else if (name.startsWith('.')) name = name.slice(1);
  if (name.endsWith('.')) name = name.slice(0, -1);
  // Non-ASCII: the IDNA conversion browsers and resolvers use ('' when it is no domain name).
  if (/[^\x20-\x7e]/.test(name)) name = domainToASCII(name);
  if (name === '' || !isDomainName(name)) return { kind: 'problem', reason: 'is not a domain name of two or more labels' };
  return { kind: 'name', name };
}
