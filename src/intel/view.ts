/**
 * What one analysis run knows about pool endpoints: the facts it started with (curated, refreshed,
 * imported, probed — loaded from files or Redis) plus what its detectors learn from traffic. The
 * pool-endpoint detector asks it; detectors that recognise pools teach it. Detectors see it only
 * as the API's IntelView.
 */
import type { IntelView } from '../detect/api';
import { cidrMatcher } from '../flow/ip';
import type { IntelFact } from './fact';
import { FactIndex } from './fact-index';
import { LearnedEndpoints } from './learned';

/**
 * Which fact speaks when several cover an endpoint: a Stratum conversation seen in payload is
 * proof; then a probe's verdict (it asked the server itself, so it outranks lists, and its
 * not-pool outranks a stale list row); then the surest of the rest.
 */
const RANK: Record<string, number> = { 'learned-payload': 3, probe: 2 };

function rank(fact: IntelFact): number {
  return (RANK[fact.source] ?? 1) * 10 + fact.confidence;
}

function applies(fact: IntelFact, firstSeen: number, lastSeen: number): boolean {
  return (fact.validFrom === undefined || lastSeen >= fact.validFrom) && firstSeen <= fact.expiresAt;
}

export interface RunIntelOptions {
  /** Learned facts held at most (the least recently learned forgotten first). */
  maxLearned: number;
  /** Shared CDN/anycast ranges: nothing inside is learned or imported as a pool. */
  skipRanges: readonly string[];
}

export class RunIntel implements IntelView {
  private readonly known = new FactIndex();
  private readonly learnedFacts: LearnedEndpoints;
  private readonly skipped: (ip: string) => boolean;

  constructor(facts: readonly IntelFact[], options: RunIntelOptions) {
    this.learnedFacts = new LearnedEndpoints(options.maxLearned);
    this.skipped = cidrMatcher(options.skipRanges);
    this.add(facts);
  }

  get size(): { known: number; learned: number } {
    return { known: this.known.size, learned: this.learnedFacts.size };
  }

  /** Facts that arrive mid-run (a probe's verdicts). Curated and probed facts are never skipped. */
  add(facts: readonly IntelFact[]): void {
    for (const fact of facts) {
      const trusted = fact.source === 'curated' || fact.source === 'probe';
      if (trusted || !this.skipped(fact.address.split('/')[0])) this.known.add(fact);
    }
  }

  learn(fact: IntelFact): void {
    if (!this.skipped(fact.address)) this.learnedFacts.learn(fact);
  }

  lookup(address: string, port: number, firstSeen: number, lastSeen: number): IntelFact | undefined {
    let best: IntelFact | undefined;
    for (const fact of [...this.known.covering(address, port), ...this.learnedFacts.about(address, port)]) {
      if (applies(fact, firstSeen, lastSeen) && (!best || rank(fact) > rank(best))) best = fact;
    }
    return best;
  }

  learned(): IntelFact[] {
    return this.learnedFacts.all();
  }

  absorbLearned(rows: readonly unknown[]): number {
    return this.learnedFacts.absorb(rows);
  }
}
