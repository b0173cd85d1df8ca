/** refreshPoolEndpoints with an injected resolver: concurrency, failure codes, fact ownership. */
import type { RecordWithTtl } from 'node:dns';
import { configSchema } from '../../../src/config/schema';
import { refreshPoolEndpoints, type DnsResolver, type RefreshName } from '../../../src/intel/refresh';

const NOW = 1_790_000_000;
const settings = (over: Record<string, unknown> = {}) => configSchema.parse({ intel: { refresh: over } }).intel.refresh;
const name = (n: string, via = 'pool-hosts', pool = 'P', coin = 'XMR'): RefreshName => ({ name: n, pool, coin, via });
const dnsError = (code: string) => Object.assign(new Error(`query ${code}`), { code });

/** Answers from a table; a string is an error code. Records the peak number of names being resolved at once. */
function tableResolver(table: Record<string, { a?: RecordWithTtl[] | string; aaaa?: RecordWithTtl[] | string }>, delayMs = 0) {
  let active = 0;
  const stats = { peak: 0, calls: 0 };
  const answer = async (value: RecordWithTtl[] | string | undefined) => {
    stats.calls++;
    active++;
    stats.peak = Math.max(stats.peak, active);
    await new Promise((r) => setTimeout(r, delayMs));
    active--;
    if (value === undefined) throw dnsError('ENODATA');
    if (typeof value === 'string') throw dnsError(value);
    return value;
  };
  const resolver: DnsResolver = {
    resolve4: (n) => answer(table[n] ? table[n].a : 'ENOTFOUND'),
    resolve6: (n) => answer(table[n] ? table[n].aaaa : 'ENOTFOUND'),
  };
  return { resolver, stats };
}

it('resolves 200 names with no more than `concurrency` names in flight', async () => {
  const names = Array.from({ length: 200 }, (_, i) => name(`n${i}.pool.example`));
  const table = Object.fromEntries(names.map((n, i) => [n.name, { a: [{ address: `198.51.${100 + (i >> 8)}.${i & 255}`, ttl: 60 }] }]));
  const { resolver, stats } = tableResolver(table, 2);
  const outcome = await refreshPoolEndpoints(names, settings({ concurrency: 7 }), { now: NOW, resolver });
  expect(outcome.resolved).toBe(200);
  expect(outcome.facts).toHaveLength(200);
  expect(outcome.facts.map((f) => f.name)).toEqual(names.map((n) => n.name)); // list order, whatever the timing
  expect(stats.calls).toBe(400); // A and AAAA per name
  // A and AAAA of one name run together: at most 2 lookups per name in flight.
  expect(stats.peak).toBeLessThanOrEqual(7 * 2);
  expect(stats.peak).toBeGreaterThan(2); // and it did run names side by side
});

it('concurrency 1 resolves one name at a time', async () => {
  const names = Array.from({ length: 10 }, (_, i) => name(`n${i}.pool.example`));
  const { resolver, stats } = tableResolver(Object.fromEntries(names.map((n) => [n.name, { a: [{ address: '198.51.100.1', ttl: 1 }] }])), 1);
  await refreshPoolEndpoints(names, settings({ concurrency: 1 }), { now: NOW, resolver });
  expect(stats.peak).toBeLessThanOrEqual(2);
});

it('reports the most telling failure per name and counts a half-answered name as resolved', async () => {
  const { resolver } = tableResolver({
    'servfail.pool.example': { a: 'ESERVFAIL', aaaa: 'ESERVFAIL' },
    'empty.pool.example': {},
    'v4-timeout.pool.example': { aaaa: 'ETIMEOUT' },
    'half.pool.example': { a: [{ address: '198.51.100.7', ttl: 30 }], aaaa: 'ETIMEOUT' },
    'odd.pool.example': { a: 'EWEIRD' },
  });
  const outcome = await refreshPoolEndpoints(
    ['servfail', 'empty', 'v4-timeout', 'half', 'odd', 'nx'].map((n) => name(`${n}.pool.example`)),
    settings(),
    { now: NOW, resolver },
  );
  expect(outcome.failed).toEqual([
    { name: 'servfail.pool.example', reason: 'ESERVFAIL: the resolver failed to answer (SERVFAIL)' },
    { name: 'empty.pool.example', reason: 'ENODATA: the name has no A or AAAA records' },
    { name: 'v4-timeout.pool.example', reason: expect.stringMatching(/^ETIMEOUT: /) },
    { name: 'odd.pool.example', reason: 'EWEIRD: query EWEIRD' },
    { name: 'nx.pool.example', reason: 'ENOTFOUND: no such name (NXDOMAIN)' },
  ]);
  expect(outcome.resolved).toBe(1);
  expect(outcome.facts.map((f) => f.address)).toEqual(['198.51.100.7']);
});

it('gives an address seen under several names to the stratum host, whatever the list order', async () => {
  const shared = [{ address: '198.51.100.40', ttl: 60 }];
  const { resolver } = tableResolver({
    'feed.example': { a: shared },
    'pool.example': { a: shared },
    'eu.pool.example': { a: shared },
  });
  const outcome = await refreshPoolEndpoints(
    [name('feed.example', 'feed:nocoin', '', ''), name('pool.example', 'pool-domains', 'Suffix Pool', 'multi'), name('eu.pool.example', 'pool-hosts', 'Host Pool', 'XMR')],
    settings(),
    { now: NOW, resolver },
  );
  expect(outcome.facts).toEqual([expect.objectContaining({ address: '198.51.100.40', name: 'eu.pool.example', pool: 'Host Pool', coin: 'XMR' })]);
  expect(outcome.resolved).toBe(3);
});

it('leaves pool and coin out of a fact when the listing did not say, and caps their length', async () => {
  const { resolver } = tableResolver({ 'a.example': { a: [{ address: '198.51.100.1', ttl: 5 }] }, 'b.example': { a: [{ address: '198.51.100.2', ttl: 5 }] } });
  const outcome = await refreshPoolEndpoints([name('a.example', 'feed:x', '', ''), name('b.example', 'pool-hosts', 'P'.repeat(300), 'C'.repeat(100))], settings(), { now: NOW, resolver });
  expect(outcome.facts[0]).not.toHaveProperty('pool');
  expect(outcome.facts[0]).not.toHaveProperty('coin');
  expect(outcome.facts[1].pool).toHaveLength(200);
  expect(outcome.facts[1].coin).toHaveLength(64);
});

it('an empty name list is an empty outcome', async () => {
  const { resolver, stats } = tableResolver({});
  expect(await refreshPoolEndpoints([], settings(), { now: NOW, resolver })).toEqual({ facts: [], resolved: 0, failed: [], skipped: [] });
  expect(stats.calls).toBe(0);
});
