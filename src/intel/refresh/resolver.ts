/**
 * The DNS lookups refresh makes: A and AAAA with their TTLs. The real one is node's
 * dns.promises.Resolver (c-ares: follows CNAME chains, honours timeout and tries, talks to the
 * configured servers only); tests may pass their own.
 */
import { Resolver } from 'node:dns/promises';
import type { RecordWithTtl } from 'node:dns';
import type { Config } from '../../config/schema';
import { checkServers } from './servers';

export interface DnsResolver {
  resolve4(name: string, options: { ttl: true }): Promise<RecordWithTtl[]>;
  resolve6(name: string, options: { ttl: true }): Promise<RecordWithTtl[]>;
}

/** A Resolver for the settings; throws ResolverAddressError for a bad servers entry. */
export function createResolver(settings: Config['intel']['refresh']): DnsResolver {
  const servers = checkServers(settings.servers);
  const resolver = new Resolver({ timeout: settings.timeoutMs, tries: settings.tries });
  // Empty: the system's resolvers (/etc/resolv.conf), which node's Resolver starts with.
  if (servers.length > 0) resolver.setServers(servers);
  return resolver;
}
