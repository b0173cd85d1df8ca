/**
 * One DNS refresh: every name resolved to A and AAAA, each usable address a `dns-resolved`
 * fact. A failing name never fails the refresh (it is reported in `failed`); the one thing
 * that rejects is a configuration that cannot work at all (a bad intel.refresh.servers entry).
 */
import type { RecordWithTtl } from 'node:dns';
import type { Config } from '../../config/schema';
import { factKey, type IntelFact } from '../fact';
import { dnsErrorCode, failureReason } from './dns-failure';
import { forEachLimited } from './limit';
import type { RefreshName } from './names';
import { createResolver, type DnsResolver } from './resolver';
import { checkServers } from './servers';
import { skipReasonFor } from './skip-answers';

export interface RefreshOutcome {
  /** One per address (source dns-resolved, any port), in the order of the names that gave them. */
  facts: IntelFact[];
  /** Names that gave at least one address (usable or skipped). */
  resolved: number;
  /** Names that gave no address, with the DNS error code and its meaning. */
  failed: Array<{ name: string; reason: string }>;
  /** Answers that are not pool facts: non-routable (sinkholed) or inside skipRanges (CDN/anycast). */
  skipped: Array<{ name: string; address: string; reason: string }>;
}

export interface RefreshOptions {
  /** Unix seconds the facts are dated with (default: now). */
  now?: number;
  /** Replaces node's Resolver (tests); settings.servers, timeoutMs and tries are then its business. */
  resolver?: DnsResolver;
}

/** What a refresh is sure of: a name a pool publishes resolved to it moments ago. Below curated, above learned. */
const CONFIDENCE = 0.9;

type Lookup = { records: RecordWithTtl[] } | { code: string; error: unknown };

async function lookup(query: () => Promise<RecordWithTtl[]>): Promise<Lookup> {
  try {
    return { records: await query() };
  } catch (error) {
    return { code: dnsErrorCode(error), error };
  }
}

/** The error that says most: a real failure (NXDOMAIN, timeout) over "no records of this type". */
function worstFailure(lookups: readonly Lookup[]): { code: string; error?: unknown } {
  const failures = lookups.filter((l): l is { code: string; error: unknown } => 'code' in l);
  return failures.find((f) => f.code !== 'ENODATA') ?? failures[0] ?? { code: 'ENODATA' };
}

/** Stratum hosts before suffixes before feed names: the fact for an address keeps the most specific name. */
function rank(via: string): number {
  return via === 'pool-hosts' ? 0 : via === 'pool-domains' ? 1 : 2;
}

export async function refreshPoolEndpoints(names: readonly RefreshName[], settings: Config['intel']['refresh'], options: RefreshOptions = {}): Promise<RefreshOutcome> {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  // A bad servers entry is a configuration error even when a resolver is injected.
  checkServers(settings.servers);
  const resolver = options.resolver ?? createResolver(settings);
  const skipReason = skipReasonFor(settings.skipRanges);

  const answers: Array<{ records: RecordWithTtl[] } | { failure: string }> = new Array(names.length);
  await forEachLimited(names, settings.concurrency, async (n, index) => {
    // A and AAAA together: one name costs one round trip of waiting, not two.
    const both = await Promise.all([lookup(() => resolver.resolve4(n.name, { ttl: true })), lookup(() => resolver.resolve6(n.name, { ttl: true }))]);
    const records = both.flatMap((l) => ('records' in l ? l.records : []));
    if (records.length > 0) answers[index] = { records };
    else {
      const worst = worstFailure(both);
      answers[index] = { failure: failureReason(worst.code, worst.error) };
    }
  });

  const outcome: RefreshOutcome = { facts: [], resolved: 0, failed: [], skipped: [] };
  const facts = new Map<string, { fact: IntelFact; rank: number }>();
  // Read in list order (lookups finish in any order), so the outcome does not depend on timing.
  names.forEach((n, index) => {
    const answer = answers[index];
    if ('failure' in answer) {
      outcome.failed.push({ name: n.name, reason: answer.failure });
      return;
    }
    outcome.resolved++;
    for (const { address, ttl } of answer.records) {
      const reason = skipReason(address);
      if (reason) {
        outcome.skipped.push({ name: n.name, address, reason });
        continue;
      }
      const fact: IntelFact = {
        address,
        verdict: 'pool',
        source: 'dns-resolved',
        confidence: CONFIDENCE,
        firstSeen: now,
        lastSeen: now,
        // The record TTL is minutes (pools rotate answers); the pool keeps the address for weeks.
        expiresAt: now + settings.factTtlSeconds,
        name: n.name,
        ...(n.pool ? { pool: n.pool.slice(0, 200) } : {}),
        ...(n.coin ? { coin: n.coin.slice(0, 64) } : {}),
        ttl,
      };
      const key = factKey(fact);
      const held = facts.get(key);
      if (!held || rank(n.via) < held.rank) facts.set(key, { fact, rank: rank(n.via) });
    }
  });
  outcome.facts = [...facts.values()].map((f) => f.fact);
  return outcome;
}
