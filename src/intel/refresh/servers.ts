/**
 * intel.refresh.servers entries, checked before use: dns.Resolver#setServers throws a bare
 * "Invalid IP address" without saying which entry, and silently reads "1.2.3.4:99999"-like
 * typos in ways nobody expects. So each entry is parsed here and a bad one is named.
 */
import { parseIp } from '../../flow/ip';

const FORMS = 'ADDRESS, ADDRESS:PORT or [IPv6]:PORT (e.g. "127.0.0.1", "127.0.0.1:5353", "[::1]:53")';

export class ResolverAddressError extends Error {
  constructor(
    readonly entry: string,
    detail: string,
  ) {
    super(`intel.refresh.servers: ${JSON.stringify(entry)} is not ${FORMS}: ${detail}`);
    this.name = 'ResolverAddressError';
  }
}

function split(entry: string): { address: string; port?: string; bracketed?: true } | undefined {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(entry);
  if (bracketed) return { address: bracketed[1], port: bracketed[2], bracketed: true };
  const withPort = /^([^:]*):([^:]*)$/.exec(entry); // exactly one colon: IPv4 with a port
  if (withPort) return { address: withPort[1], port: withPort[2] };
  return entry === '' ? undefined : { address: entry }; // no colon (IPv4) or several (bare IPv6)
}

/** Returns the entries unchanged when all are usable; throws ResolverAddressError for the first that is not. */
export function checkServers(servers: readonly string[]): string[] {
  return servers.map((entry) => {
    const parts = split(entry.trim());
    if (!parts) throw new ResolverAddressError(entry, 'empty');
    if (!parseIp(parts.address) || parts.address.includes('%')) throw new ResolverAddressError(entry, `${JSON.stringify(parts.address)} is not an IP address (host names are not resolved here)`);
    if (parts.bracketed && !parts.address.includes(':')) throw new ResolverAddressError(entry, 'brackets are for IPv6 addresses');
    if (parts.port !== undefined && !(/^\d{1,5}$/.test(parts.port) && Number(parts.port) >= 1 && Number(parts.port) <= 65535)) {
      throw new ResolverAddressError(entry, `port ${JSON.stringify(parts.port)} is not 1-65535`);
    }
    return entry.trim();
  });
}
