/**
 * DNS refresh (`rigsweep intel refresh`, the worker's intel job): the stratum hosts of
 * config/indicators/pool-hosts.csv, the pool-domain suffixes and imported names resolved to
 * dated `dns-resolved` endpoint facts, sinkhole and CDN answers skipped, old facts aged out.
 * This is the only DNS traffic rigsweep makes. See README.md.
 */
export { parsePoolHostsCsv, loadPoolHosts, POOL_HOST_COLUMNS, type PoolHost } from './pool-hosts';
export { namesToRefresh, type RefreshName } from './names';
export { refreshPoolEndpoints, type RefreshOutcome, type RefreshOptions } from './refresh';
export { ageOut } from './age-out';
export { checkServers, ResolverAddressError } from './servers';
export { createResolver, type DnsResolver } from './resolver';
export { NON_ROUTABLE_RANGES, NON_ROUTABLE_REASON, SKIP_RANGE_REASON } from './skip-answers';
