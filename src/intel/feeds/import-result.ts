/**
 * What an import gives back, and the one place importers hand their facts to: every fact of an
 * import gets the same source, dates and confidence, duplicates collapse to the first sighting,
 * and the fact cap is enforced once for all formats.
 */
import { factKey, feedSource, type IntelFact, type IntelSource, type NameFact } from '../fact';
import { cleanText } from '../../text/clean';

/** A row or object that was not a fact. `line` is 1-based; 0 when the format gives no line. */
export interface FeedProblem {
  line: number;
  reason: string;
}

export interface FeedImport {
  /** Every one with source `feed:<feedName>` and verdict `pool`. */
  endpoints: IntelFact[];
  /** Every one with source `feed:<feedName>`. */
  names: NameFact[];
  /** Bad rows and objects, with where they were: counted, never thrown. */
  problems: FeedProblem[];
  /** Data rows or objects considered (comments and blank lines are not rows). */
  rows: number;
  /** Valid rows that are not pool intel: other indicator types, private addresses, revoked or expired indicators. */
  skipped: number;
}

export interface ImportOptions {
  /** Becomes the source `feed:<feedName>`; must match FEED_NAME. */
  feedName: string;
  /** Unix seconds: every fact's firstSeen and lastSeen. */
  now: number;
  /** Facts expire this long after `now` (a STIX valid_until may end them sooner). */
  ttlSeconds: number;
  /** 0..1, default 0.7. */
  confidence?: number;
  /** Given: every fact's pool (wins over what the feed says). */
  pool?: string;
  coin?: string;
  /** Facts kept at most (default and ceiling 1,000,000); the rest of the feed is a problem. */
  maxFacts?: number;
}

export const DEFAULT_CONFIDENCE = 0.7;
export const MAX_FACTS = 1_000_000;

/** What the feed itself says about a fact, beside the address or name. */
export interface FactDetail {
  port?: number;
  pool?: string;
  /** Earlier than now + ttl when the feed says the indicator ends sooner. */
  expiresAt?: number;
}

interface Base {
  source: IntelSource;
  confidence: number;
  now: number;
  expiresAt: number;
  pool?: string;
  coin?: string;
}

/** Options are the caller's, not the feed's: wrong ones are a bug and throw. */
function baseOf(options: ImportOptions): Base {
  const source = feedSource(options.feedName);
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  if (!(confidence >= 0 && confidence <= 1)) throw new RangeError(`confidence must be within 0..1, not ${confidence}`);
  if (!Number.isFinite(options.now)) throw new RangeError(`now must be a finite number of seconds, not ${options.now}`);
  if (!(options.ttlSeconds >= 0 && Number.isFinite(options.now + options.ttlSeconds))) {
    throw new RangeError(`ttlSeconds must be ≥ 0 and now + ttlSeconds finite, not ${options.ttlSeconds}`);
  }
  const pool = cleanText(options.pool, 200);
  const coin = cleanText(options.coin, 64);
  return {
    source,
    confidence,
    now: options.now,
    expiresAt: options.now + options.ttlSeconds,
    ...(pool !== undefined ? { pool } : {}),
    ...(coin !== undefined ? { coin } : {}),
  };
}

export class ImportCollector {
  private readonly base: Base;
  private readonly maxFacts: number;
  private readonly endpoints = new Map<string, IntelFact>();
  private readonly names = new Map<string, NameFact>();
  private readonly problems: FeedProblem[] = [];
  private rowCount = 0;
  private skipCount = 0;
  /** Set once the cap is reached: importers stop reading. */
  full = false;

  constructor(options: ImportOptions) {
    this.base = baseOf(options);
    const max = options.maxFacts ?? MAX_FACTS;
    this.maxFacts = Number.isInteger(max) && max >= 0 ? Math.min(max, MAX_FACTS) : MAX_FACTS;
  }

  row(): void {
    this.rowCount++;
  }

  skip(): void {
    this.skipCount++;
  }

  problem(line: number, reason: string): void {
    this.problems.push({ line, reason });
  }

  private room(line: number): boolean {
    if (this.endpoints.size + this.names.size < this.maxFacts) return true;
    if (!this.full) this.problem(line, `fact cap of ${this.maxFacts} reached: this row and the rest of the feed are not imported`);
    this.full = true;
    return false;
  }

  private shared(detail: FactDetail): Pick<IntelFact, 'source' | 'confidence' | 'firstSeen' | 'lastSeen' | 'expiresAt' | 'pool' | 'coin'> {
    const { source, confidence, now, coin } = this.base;
    const pool = this.base.pool ?? cleanText(detail.pool, 200);
    const expiresAt = detail.expiresAt !== undefined ? Math.min(detail.expiresAt, this.base.expiresAt) : this.base.expiresAt;
    return {
      source,
      confidence,
      firstSeen: now,
      lastSeen: now,
      expiresAt,
      ...(pool !== undefined ? { pool } : {}),
      ...(coin !== undefined ? { coin } : {}),
    };
  }

  /** `address` must be canonical (see address.ts). */
  endpoint(address: string, line: number, detail: FactDetail = {}): void {
    const key = factKey({ source: this.base.source, address, port: detail.port });
    if (this.endpoints.has(key) || !this.room(line)) return;
    const { source, confidence, firstSeen, lastSeen, expiresAt, pool, coin } = this.shared(detail);
    this.endpoints.set(key, {
      address,
      ...(detail.port !== undefined ? { port: detail.port } : {}),
      verdict: 'pool',
      source,
      confidence,
      firstSeen,
      lastSeen,
      expiresAt,
      ...(pool !== undefined ? { pool } : {}),
      ...(coin !== undefined ? { coin } : {}),
    });
  }

  /** `name` must be normalised (see domain.ts). */
  name(name: string, line: number, detail: FactDetail = {}): void {
    if (this.names.has(name) || !this.room(line)) return;
    this.names.set(name, { name, ...this.shared(detail) });
  }

  result(): FeedImport {
    return {
      endpoints: [...this.endpoints.values()],
      names: [...this.names.values()],
      problems: this.problems,
      rows: this.rowCount,
      skipped: this.skipCount,
    };
  }
}
