/**
 * Pool endpoints learned from traffic during a run (the server of a Stratum conversation, the
 * address behind a pool SNI or Host, the addresses a DNS answer gave for a pool name), dated in
 * capture time. Bounded: past `max` the least recently learned is forgotten. Exported as rows of
 * the run's window part, so queue workers' learning meets in the sweep exactly as one scan's does.
 */
import { ipKey } from '../flow/ip';
import { factKey, mergeFacts, parseFact, type IntelFact } from './fact';

export class LearnedEndpoints {
  /** factKey → fact; insertion order is learning order (the first is the least recent). */
  private readonly facts = new Map<string, IntelFact>();
  /** Canonical address → keys of its facts, for lookups by address. */
  private readonly byAddress = new Map<string, Set<string>>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.facts.size;
  }

  learn(fact: IntelFact): void {
    const address = ipKey(fact.address);
    if (!address || !fact.source.startsWith('learned-')) return;
    // Keyed by the address's one spelling, so "2001:db8::1" and "2001:DB8:0::1" are one fact.
    const key = factKey({ ...fact, address });
    const previous = this.facts.get(key);
    this.facts.delete(key);
    this.facts.set(key, previous ? mergeFacts(previous, fact) : fact);
    let keys = this.byAddress.get(address);
    if (!keys) this.byAddress.set(address, (keys = new Set()));
    keys.add(key);
    while (this.facts.size > this.max) this.forget(this.facts.keys().next().value as string);
  }

  /** Learned facts about this address (any port, or this one). */
  about(address: string, port: number): IntelFact[] {
    const canonical = ipKey(address);
    const keys = canonical === undefined ? undefined : this.byAddress.get(canonical);
    if (!keys) return [];
    const found: IntelFact[] = [];
    for (const key of keys) {
      const fact = this.facts.get(key)!;
      if (fact.port === undefined || fact.port === port) found.push(fact);
    }
    return found;
  }

  all(): IntelFact[] {
    return [...this.facts.values()];
  }

  /** Folds rows exported by another run in; answers how many were not learned facts. */
  absorb(rows: readonly unknown[]): number {
    let skipped = 0;
    for (const row of rows) {
      const parsed = parseFact(row);
      if ('error' in parsed || !parsed.fact.source.startsWith('learned-')) skipped++;
      else this.learn(parsed.fact);
    }
    return skipped;
  }

  private forget(key: string): void {
    const fact = this.facts.get(key);
    this.facts.delete(key);
    if (!fact) return;
    const address = ipKey(fact.address)!;
    const keys = this.byAddress.get(address);
    keys?.delete(key);
    if (keys?.size === 0) this.byAddress.delete(address);
  }
}
