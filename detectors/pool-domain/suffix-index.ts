/**
 * Domain-suffix matching against the pool-domain list. "f2pool.com" matches f2pool.com and
 * btc.f2pool.com but never notf2pool.com: candidates are cut at label boundaries only. A lookup
 * is one Set probe per label of the name, whatever the list's length.
 */
import type { PoolDomainIndicator } from '../../src/detect/api';

export interface DomainMatch {
  /** The observed name, normalised. */
  domain: string;
  indicator: PoolDomainIndicator;
}

const MAX_NAME_LENGTH = 253;

/** Lower case, no surrounding space, no trailing root dot; undefined when it cannot be a domain name. */
export function normaliseName(raw: string): string | undefined {
  const name = raw.trim().toLowerCase().replace(/\.$/, '');
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || !name.includes('.')) return undefined;
  return name;
}

/** Host of an HTTP Host header: the port and IPv6-literal brackets are not part of a name. */
export function hostOfHttpHost(host: string): string | undefined {
  if (host.trim().startsWith('[')) return undefined;
  return host.split(':')[0];
}

export class SuffixIndex {
  private readonly bySuffix = new Map<string, PoolDomainIndicator>();

  constructor(indicators: readonly PoolDomainIndicator[]) {
    for (const indicator of indicators) {
      const suffix = normaliseName(indicator.suffix);
      // The first row wins: an operator's own list, loaded first, can override a shipped row.
      if (suffix && !this.bySuffix.has(suffix)) this.bySuffix.set(suffix, indicator);
    }
  }

  get size(): number {
    return this.bySuffix.size;
  }

  /** The most specific listed suffix the name falls under, if any. */
  match(raw: string): DomainMatch | undefined {
    if (this.bySuffix.size === 0) return undefined;
    const domain = normaliseName(raw);
    if (!domain) return undefined;
    // Candidates from longest to shortest; a single label (a TLD) is never a listed suffix.
    for (let start = 0; start >= 0; ) {
      const candidate = domain.slice(start);
      if (!candidate.includes('.')) break;
      const indicator = this.bySuffix.get(candidate);
      if (indicator) return { domain, indicator };
      const dot = domain.indexOf('.', start);
      start = dot < 0 ? -1 : dot + 1;
    }
    return undefined;
  }
}

/**
 * A pool's web site (its apex or www name) rather than a mining endpoint: analysts and curious
 * users open pool dashboards, and web sites sit behind shared CDNs, so they are weaker evidence
 * and never teach pool addresses for web-port flows.
 */
export function isWebsiteName(match: DomainMatch): boolean {
  const suffix = match.indicator.suffix.toLowerCase();
  const isApex = suffix.split('.').length === 2;
  return match.domain === `www.${suffix}` || (isApex && match.domain === suffix);
}

export const WEB_PORTS: ReadonlySet<number> = new Set([80, 443]);
