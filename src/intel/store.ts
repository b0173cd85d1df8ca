/**
 * Where intel facts are kept between runs: a JSON-lines file for scans (the format
 * `intel export --format jsonl` writes), and Redis for the queue. Both keep one fact per source
 * per endpoint (or name) and widen its dates on each sighting, so writing the same facts twice
 * changes nothing. Each source's family has one writer: refresh writes `dns-resolved`, an import
 * its `feed:<name>`, the probe `probe`, the sweep `learned`.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Cluster, Redis } from 'ioredis';
import { exportFacts, parseFactLines } from './feeds';
import { factKey, familyOf, mergeFacts, nameFactKey, parseFact, parseNameFact, type IntelFact, type NameFact } from './fact';

export interface IntelFacts {
  endpoints: IntelFact[];
  names: NameFact[];
}

export interface LoadedFacts {
  facts: IntelFacts;
  /** Rows that were not facts, with where they were: counted and reported, never fatal. */
  problems: string[];
}

export interface IntelStore {
  load(): Promise<LoadedFacts>;
  /** Adds or refreshes facts. */
  put(facts: IntelFacts): Promise<void>;
  /** Forgets facts (ageing). */
  remove(facts: IntelFacts): Promise<void>;
}

/** Facts still in force at wall-clock `now` (seconds); learned facts age in capture time instead. */
export function inForce(facts: IntelFacts, now: number): IntelFacts {
  return {
    endpoints: facts.endpoints.filter((f) => f.source.startsWith('learned-') || f.expiresAt >= now),
    names: facts.names.filter((n) => n.expiresAt >= now),
  };
}

function mergeInto(endpoints: Map<string, IntelFact>, names: Map<string, NameFact>, facts: IntelFacts): void {
  for (const fact of facts.endpoints) {
    const key = factKey(fact);
    const known = endpoints.get(key);
    endpoints.set(key, known ? mergeFacts(known, fact) : fact);
  }
  for (const name of facts.names) {
    const key = nameFactKey(name);
    const known = names.get(key);
    names.set(key, known ? { ...known, ...name, firstSeen: Math.min(known.firstSeen, name.firstSeen) } : name);
  }
}

export class FileIntelStore implements IntelStore {
  constructor(readonly path: string) {}

  async load(): Promise<LoadedFacts> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { facts: { endpoints: [], names: [] }, problems: [] };
      throw e;
    }
    const { endpoints, names, problems } = parseFactLines(text);
    return { facts: { endpoints, names }, problems: problems.map((p) => `${this.path}:${p.line}: ${p.reason}`) };
  }

  async put(facts: IntelFacts): Promise<void> {
    await this.rewrite((endpoints, names) => mergeInto(endpoints, names, facts));
  }

  async remove(facts: IntelFacts): Promise<void> {
    await this.rewrite((endpoints, names) => {
      for (const f of facts.endpoints) endpoints.delete(factKey(f));
      for (const n of facts.names) names.delete(nameFactKey(n));
    });
  }

  private async rewrite(change: (endpoints: Map<string, IntelFact>, names: Map<string, NameFact>) => void): Promise<void> {
    const { facts } = await this.load();
    const endpoints = new Map(facts.endpoints.map((f) => [factKey(f), f]));
    const names = new Map(facts.names.map((n) => [nameFactKey(n), n]));
    change(endpoints, names);
    // Written beside and renamed over: a reader never sees half a file.
    const temp = `${this.path}.${process.pid}.tmp`;
    await writeFile(temp, exportFacts([...endpoints.values()], [...names.values()], 'jsonl'));
    await rename(temp, this.path);
  }
}

/** Redis: one hash per family, field `e|<factKey>` or `n|<nameFactKey>` → JSON. */
export class RedisIntelStore implements IntelStore {
  constructor(
    private readonly client: Redis | Cluster,
    private readonly keys: { intelFamilies: string; intel(family: string): string },
  ) {}

  async load(): Promise<LoadedFacts> {
    const families = await this.client.smembers(this.keys.intelFamilies);
    const endpoints: IntelFact[] = [];
    const names: NameFact[] = [];
    const problems: string[] = [];
    for (const family of families.sort()) {
      const fields = await this.client.hgetall(this.keys.intel(family));
      for (const [field, json] of Object.entries(fields)) {
        let value: unknown;
        try {
          value = JSON.parse(json);
        } catch {
          problems.push(`${this.keys.intel(family)} ${field}: not JSON`);
          continue;
        }
        const parsed = field.startsWith('n|') ? parseNameFact(value) : parseFact(value);
        if ('error' in parsed) problems.push(`${this.keys.intel(family)} ${field}: ${parsed.error}`);
        else if (field.startsWith('n|')) names.push(parsed.fact as NameFact);
        else endpoints.push(parsed.fact as IntelFact);
      }
    }
    return { facts: { endpoints, names }, problems };
  }

  async put(facts: IntelFacts): Promise<void> {
    const byFamily = new Map<string, Array<[string, IntelFact | NameFact, 'e' | 'n']>>();
    const add = (family: string, field: string, fact: IntelFact | NameFact, kind: 'e' | 'n') => {
      const list = byFamily.get(family) ?? [];
      list.push([field, fact, kind]);
      byFamily.set(family, list);
    };
    for (const f of facts.endpoints) add(familyOf(f.source), `e|${factKey(f)}`, f, 'e');
    for (const n of facts.names) add(familyOf(n.source), `n|${nameFactKey(n)}`, n, 'n');
    for (const [family, entries] of byFamily) {
      const key = this.keys.intel(family);
      // Read-merge-write per family: each family has one writer, so no other writer races this.
      for (let i = 0; i < entries.length; i += 1000) {
        const batch = entries.slice(i, i + 1000);
        const known = await this.client.hmget(key, ...batch.map(([field]) => field));
        const merged: string[] = [];
        batch.forEach(([field, fact, kind], j) => {
          const before = known[j] ? safeJson(known[j]!) : undefined;
          const value = kind === 'e' && before ? mergeFacts(before as IntelFact, fact as IntelFact) : fact;
          merged.push(field, JSON.stringify(value));
        });
        await this.client.multi().sadd(this.keys.intelFamilies, family).hset(key, ...merged).exec();
      }
    }
  }

  async remove(facts: IntelFacts): Promise<void> {
    const byFamily = new Map<string, string[]>();
    const add = (family: string, field: string) => byFamily.set(family, [...(byFamily.get(family) ?? []), field]);
    for (const f of facts.endpoints) add(familyOf(f.source), `e|${factKey(f)}`);
    for (const n of facts.names) add(familyOf(n.source), `n|${nameFactKey(n)}`);
    for (const [family, fields] of byFamily) {
      for (let i = 0; i < fields.length; i += 1000) await this.client.hdel(this.keys.intel(family), ...fields.slice(i, i + 1000));
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
