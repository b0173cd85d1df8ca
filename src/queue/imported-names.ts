/**
 * The pool names imported into the deployment's intel store, joined to the curated suffixes for
 * ingest jobs. Read once a minute per child process at most: feeds change by the day, and a job
 * must not pay for the whole store.
 */
import type { Indicators } from '../detect/api';
import { RedisIntelStore, withNameFacts, type NameFact } from '../intel';
import type { RedisStore } from '../store/redis-store';

const READ_EVERY_MS = 60_000;
let cached: { at: number; names: NameFact[] } | undefined;

export async function importedNames(store: RedisStore, indicators: Indicators, now = Date.now()): Promise<Indicators> {
  if (!cached || now - cached.at > READ_EVERY_MS) {
    const { facts } = await new RedisIntelStore(store.client, store.keys).load();
    cached = { at: now, names: facts.names.filter((n) => n.expiresAt >= now / 1000) };
  }
  return withNameFacts(indicators, cached.names);
}
