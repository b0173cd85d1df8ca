/**
 * An intel fact: "this address (or range), on this port or any, is / is not a mining pool
 * endpoint", with where the knowledge came from and how long it holds. Every source — the
 * curated list, DNS refreshes, imported feeds, what detectors learn from traffic, active probes —
 * speaks in facts, so one matcher (the pool-endpoint detector) serves them all.
 *
 * Times are Unix seconds. Facts about the world (curated, refreshed, imported, probed) are dated
 * in wall-clock time; facts learned from traffic are dated in capture time, so a replayed old
 * capture teaches and applies its own facts.
 */
import { z } from 'zod';
import { isRange } from '../detect/indicators';

/** Sources with a fixed name; imported feeds are `feed:<name>`. */
export const FIXED_SOURCES = ['curated', 'dns-resolved', 'learned-payload', 'learned-name', 'learned-dns', 'probe'] as const;
export type FixedSource = (typeof FIXED_SOURCES)[number];
export type IntelSource = FixedSource | `feed:${string}`;

export const FEED_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function isIntelSource(text: string): text is IntelSource {
  if ((FIXED_SOURCES as readonly string[]).includes(text)) return true;
  return text.startsWith('feed:') && FEED_NAME.test(text.slice(5));
}

export function feedSource(name: string): IntelSource {
  const source = `feed:${name}`;
  if (!isIntelSource(source)) throw new Error(`feed name ${JSON.stringify(name)} must match ${FEED_NAME}`);
  return source as IntelSource;
}

export type Verdict = 'pool' | 'not-pool';

export interface IntelFact {
  /** An IP address or a CIDR range, as text. */
  address: string;
  /** Omitted: any port. */
  port?: number;
  /** `not-pool` comes only from an active probe that reached the endpoint. */
  verdict: Verdict;
  source: IntelSource;
  /** 0..1: how sure the source is. */
  confidence: number;
  firstSeen: number;
  lastSeen: number;
  /** After this the fact no longer applies (and is aged out of the store). */
  expiresAt: number;
  /** Earliest capture time the fact applies to (a DNS answer teaches flows from its time on). */
  validFrom?: number;
  /** The pool's name, coin, the domain the fact came from, where known. */
  pool?: string;
  coin?: string;
  name?: string;
  /** Probe: the dialect that answered, the software banner, the transport that worked. */
  dialect?: string;
  banner?: string;
  transport?: string;
  /** DNS record TTL (refresh), or a probe's reason in words. */
  ttl?: number;
  reason?: string;
}

const text = (max: number) => z.string().min(1).max(max);

/** The shape facts are stored and exchanged in (JSON lines, Redis hash values). */
export const intelFactSchema = z.strictObject({
  address: z.string().max(64).refine(isRange, { message: 'is not an IP address or CIDR range' }),
  port: z.number().int().min(1).max(65535).optional(),
  verdict: z.enum(['pool', 'not-pool']),
  source: z.string().refine(isIntelSource, { message: 'is not an intel source (curated, dns-resolved, learned-*, probe, feed:<name>)' }),
  confidence: z.number().min(0).max(1),
  firstSeen: z.number().finite(),
  lastSeen: z.number().finite(),
  expiresAt: z.number().finite(),
  validFrom: z.number().finite().optional(),
  pool: text(200).optional(),
  coin: text(64).optional(),
  name: text(253).optional(),
  dialect: text(64).optional(),
  banner: text(200).optional(),
  transport: text(32).optional(),
  ttl: z.number().int().min(0).optional(),
  reason: text(500).optional(),
});

/** Validates one stored value against a fact schema; answers the reason when it is not one. */
function parseWith<T>(schema: z.ZodType, value: unknown): { fact: T } | { error: string } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { fact: parsed.data as T };
  const issue = parsed.error.issues[0];
  return { error: `${issue.path.join('.') || 'fact'} ${issue.message}` };
}

export const parseFact = (value: unknown) => parseWith<IntelFact>(intelFactSchema, value);

/** One fact per source per endpoint: a newer fact from the same source replaces the older. */
export function factKey(fact: Pick<IntelFact, 'source' | 'address' | 'port'>): string {
  return `${fact.source}|${fact.address}|${fact.port ?? '*'}`;
}

/** The store's key family a source writes to: each family has one writer. */
export function familyOf(source: IntelSource): string {
  return source.startsWith('learned-') ? 'learned' : source;
}

/** Two facts about the same endpoint from the same source: the later sighting wins, dates widen. */
export function mergeFacts(older: IntelFact, newer: IntelFact): IntelFact {
  return {
    ...older,
    ...newer,
    firstSeen: Math.min(older.firstSeen, newer.firstSeen),
    lastSeen: Math.max(older.lastSeen, newer.lastSeen),
    expiresAt: newer.lastSeen >= older.lastSeen ? newer.expiresAt : Math.max(older.expiresAt, newer.expiresAt),
    ...(older.validFrom !== undefined || newer.validFrom !== undefined
      ? { validFrom: Math.min(older.validFrom ?? Infinity, newer.validFrom ?? Infinity) }
      : {}),
  };
}

/**
 * "This domain (and every name under it) is a pool or browser-miner name", from an imported feed
 * or the curated list: the pool-domain detector matches it in SNI, HTTP Host and DNS, and
 * `intel refresh` resolves it to endpoint facts.
 */
export interface NameFact {
  /** Lower-case domain name of two or more labels, no wildcard, no trailing dot. */
  name: string;
  source: IntelSource;
  confidence: number;
  firstSeen: number;
  lastSeen: number;
  expiresAt: number;
  pool?: string;
  coin?: string;
}

const DOMAIN_LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

export function isDomainName(name: string): boolean {
  return name.length <= 253 && name.split('.').length >= 2 && name.split('.').every((l) => DOMAIN_LABEL.test(l)) && !/^[0-9.]+$/.test(name);
}

export const nameFactSchema = z.strictObject({
  name: z.string().refine(isDomainName, { message: 'is not a lower-case domain name of two or more labels' }),
  source: z.string().refine(isIntelSource, { message: 'is not an intel source' }),
  confidence: z.number().min(0).max(1),
  firstSeen: z.number().finite(),
  lastSeen: z.number().finite(),
  expiresAt: z.number().finite(),
  pool: text(200).optional(),
  coin: text(64).optional(),
});

export const parseNameFact = (value: unknown) => parseWith<NameFact>(nameFactSchema, value);

export function nameFactKey(fact: Pick<NameFact, 'source' | 'name'>): string {
  return `${fact.source}|${fact.name}`;
}
