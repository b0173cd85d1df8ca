/**
 * Answers that are not a pool's server. Two kinds:
 * - non-routable addresses: what sinkholing resolvers, parked domains and DNS filters answer
 *   with (0.0.0.0, ::, loopback, private and carrier-grade NAT ranges, link-local, multicast,
 *   reserved: the ranges ../not-public.ts lists, which feeds skip too).
 *   A pool name seized or blocked this way must not turn "0.0.0.0" or a LAN range
 *   into a pool endpoint that every local host then "contacts".
 * - intel.refresh.skipRanges: shared CDN and anycast fronts (Cloudflare's published ranges,
 *   public resolvers). A pool behind Cloudflare shares those addresses with millions of sites,
 *   so the address says nothing about mining.
 * Documentation ranges (192.0.2.0/24, 2001:db8::/32) are left alone: no sinkhole answers with
 * them, and tests use them as stand-ins for public addresses.
 */
import { cidrMatcher } from '../../flow/ip';
import { NOT_PUBLIC } from '../not-public';

export const NON_ROUTABLE_RANGES: readonly string[] = NOT_PUBLIC.map(([cidr]) => cidr);

export const NON_ROUTABLE_REASON = 'non-routable answer (sinkholed, parked or filtered name)';
export const SKIP_RANGE_REASON = 'inside intel.refresh.skipRanges (shared CDN/anycast address)';

/** The reason an answer is not a pool fact, or undefined when it is one. */
export function skipReasonFor(skipRanges: readonly string[]): (address: string) => string | undefined {
  const nonRoutable = cidrMatcher(NON_ROUTABLE_RANGES);
  const shared = cidrMatcher(skipRanges);
  return (address) => (nonRoutable(address) ? NON_ROUTABLE_REASON : shared(address) ? SKIP_RANGE_REASON : undefined);
}
