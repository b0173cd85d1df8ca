/**
 * refreshPoolEndpoints against a real dnsmasq on 127.0.0.1 (test/helpers/dnsmasq.ts): the
 * answers, TTLs, CNAMEs, sinkholes and failures the resolver library really produces.
 */
import { createSocket, type Socket } from 'node:dgram';
import { configSchema } from '../../../src/config/schema';
import { ageOut, refreshPoolEndpoints, type RefreshName } from '../../../src/intel/refresh';
import { freeLoopbackPort } from '../../../fixtures/lib/free-port';
import { useDnsmasq } from '../../helpers/dnsmasq';

const NOW = 1_790_000_000;
const DAY = 86_400;
const TTL = 137;

const dns = useDnsmasq({
  ttl: TTL,
  hosts: [
    ['198.51.100.10', 'xmr-eu1.pool.example'],
    ['198.51.100.11', 'xmr-eu1.pool.example'],
    ['104.16.5.5', 'cdn-fronted.pool.example'],
    ['198.51.100.12', 'cdn-fronted.pool.example'],
    ['0.0.0.0', 'zeroed.pool.example'],
    ['10.1.2.3', 'lan.pool.example'],
    ['198.51.100.40', 'shared-a.pool.example', 'shared-b.pool.example'],
  ],
  hostRecords: [
    { name: 'stratum.pool.example', ipv4: '198.51.100.20', ipv6: '2001:db8::20' },
    { name: 'v6only.pool.example', ipv6: '2001:db8::66' },
  ],
  cnames: [
    ['eu.pool.example', 'stratum.pool.example'],
    ['alias2.pool.example', 'eu.pool.example'],
  ],
  addresses: [['sinkhole.example', '#']],
  local: ['pool.example'],
});

const settings = (over: Record<string, unknown> = {}) =>
  configSchema.parse({ intel: { refresh: { servers: [dns().server], timeoutMs: 500, tries: 1, ...over } } }).intel.refresh;
const name = (n: string, via = 'pool-hosts'): RefreshName => ({ name: n, pool: 'Test Pool', coin: 'XMR', via });
const byAddress = <T extends { address: string }>(list: T[]) => [...list].sort((a, b) => a.address.localeCompare(b.address));

it('resolves A and AAAA into dns-resolved facts carrying the record TTL and the fact lifetime', async () => {
  const s = settings();
  const outcome = await refreshPoolEndpoints([name('xmr-eu1.pool.example'), name('stratum.pool.example'), name('v6only.pool.example')], s, { now: NOW });
  expect(outcome.failed).toEqual([]);
  expect(outcome.skipped).toEqual([]);
  expect(outcome.resolved).toBe(3);
  expect(byAddress(outcome.facts)).toEqual(
    byAddress(
      [
        ['198.51.100.10', 'xmr-eu1.pool.example'],
        ['198.51.100.11', 'xmr-eu1.pool.example'],
        ['198.51.100.20', 'stratum.pool.example'],
        ['2001:db8::20', 'stratum.pool.example'],
        ['2001:db8::66', 'v6only.pool.example'],
      ].map(([address, n]) => ({
        address,
        verdict: 'pool',
        source: 'dns-resolved',
        confidence: 0.9,
        firstSeen: NOW,
        lastSeen: NOW,
        expiresAt: NOW + s.factTtlSeconds,
        name: n,
        pool: 'Test Pool',
        coin: 'XMR',
        ttl: TTL,
      })),
    ),
  );
  expect(outcome.facts.every((f) => !('port' in f))).toBe(true);
  expect(s.factTtlSeconds).toBeGreaterThan(TTL); // the fact outlives the record on purpose
});

it('follows CNAME chains to the target addresses, naming the alias that was asked', async () => {
  const outcome = await refreshPoolEndpoints([name('alias2.pool.example')], settings(), { now: NOW });
  expect(byAddress(outcome.facts).map((f) => [f.address, f.name, f.ttl])).toEqual([
    ['198.51.100.20', 'alias2.pool.example', TTL],
    ['2001:db8::20', 'alias2.pool.example', TTL],
  ]);
  expect(dns().log()).toMatch(/alias2\.pool\.example is <CNAME>/);
});

it('skips addresses in skipRanges with the reason and keeps the name’s other addresses', async () => {
  const outcome = await refreshPoolEndpoints([name('cdn-fronted.pool.example')], settings({ skipRanges: ['104.16.0.0/13'] }), { now: NOW });
  expect(outcome.skipped).toEqual([{ name: 'cdn-fronted.pool.example', address: '104.16.5.5', reason: expect.stringMatching(/skipRanges.*CDN\/anycast/) }]);
  expect(outcome.facts.map((f) => f.address)).toEqual(['198.51.100.12']);
  expect(outcome.resolved).toBe(1);
  // Without the range the same address is a fact: the skip is the setting's doing.
  const unskipped = await refreshPoolEndpoints([name('cdn-fronted.pool.example')], settings({ skipRanges: [] }), { now: NOW });
  expect(unskipped.facts.map((f) => f.address).sort()).toEqual(['104.16.5.5', '198.51.100.12']);
});

it('skips sinkhole answers (0.0.0.0, ::, private ranges) as non-routable', async () => {
  const outcome = await refreshPoolEndpoints([name('zeroed.pool.example'), name('x.sinkhole.example'), name('lan.pool.example')], settings(), { now: NOW });
  expect(outcome.facts).toEqual([]);
  expect(byAddress(outcome.skipped)).toEqual(
    byAddress([
      { name: 'zeroed.pool.example', address: '0.0.0.0', reason: expect.stringMatching(/non-routable.*sinkhole/) },
      { name: 'x.sinkhole.example', address: '0.0.0.0', reason: expect.stringMatching(/non-routable/) },
      { name: 'x.sinkhole.example', address: '::', reason: expect.stringMatching(/non-routable/) },
      { name: 'lan.pool.example', address: '10.1.2.3', reason: expect.stringMatching(/non-routable/) },
    ]),
  );
  expect(outcome.resolved).toBe(3);
  expect(outcome.failed).toEqual([]);
});

it('reports NXDOMAIN and REFUSED names in failed with the DNS error code, without failing the others', async () => {
  const outcome = await refreshPoolEndpoints([name('missing.pool.example'), name('stratum.pool.example'), name('elsewhere.example')], settings(), { now: NOW });
  expect(outcome.failed).toEqual([
    { name: 'missing.pool.example', reason: 'ENOTFOUND: no such name (NXDOMAIN)' },
    { name: 'elsewhere.example', reason: 'EREFUSED: the resolver refused the query (REFUSED)' },
  ]);
  expect(outcome.resolved).toBe(1);
  expect(outcome.facts).toHaveLength(2);
});

it('keeps one fact per address when several names give it, preferring the stratum host name', async () => {
  const outcome = await refreshPoolEndpoints([name('shared-a.pool.example', 'pool-domains'), name('shared-b.pool.example', 'pool-hosts')], settings(), { now: NOW });
  expect(outcome.facts).toHaveLength(1);
  expect(outcome.facts[0]).toMatchObject({ address: '198.51.100.40', name: 'shared-b.pool.example' });
  expect(outcome.resolved).toBe(2);
});

describe('an unreachable resolver', () => {
  const names = Array.from({ length: 20 }, (_, i) => name(`n${i}.pool.example`));

  it('fails every name with connection refused (nothing on the port), in bounded time', async () => {
    const dead = await freeLoopbackPort();
    const started = Date.now();
    const outcome = await refreshPoolEndpoints(names, settings({ servers: [`127.0.0.1:${dead}`], timeoutMs: 200, tries: 1 }), { now: NOW });
    expect(outcome.facts).toEqual([]);
    expect(outcome.resolved).toBe(0);
    expect(outcome.failed.map((f) => f.name)).toEqual(names.map((n) => n.name));
    for (const f of outcome.failed) expect(f.reason).toMatch(/^(ECONNREFUSED|ETIMEOUT): /);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  describe('that swallows queries', () => {
    let silent: Socket;
    let port: number;
    let received = 0;
    beforeAll(async () => {
      silent = createSocket('udp4');
      silent.on('message', () => received++);
      await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
      port = silent.address().port;
    });
    afterAll(() => new Promise<void>((resolve) => silent.close(() => resolve())));

    it('fails every name with ETIMEOUT after timeoutMs, bounded by concurrency rounds', async () => {
      const started = Date.now();
      const outcome = await refreshPoolEndpoints(names, settings({ servers: [`127.0.0.1:${port}`], timeoutMs: 150, tries: 1, concurrency: 20 }), { now: NOW });
      const elapsed = Date.now() - started;
      expect(outcome.failed).toHaveLength(names.length);
      for (const f of outcome.failed) expect(f.reason).toMatch(/^ETIMEOUT: no answer before intel\.refresh\.timeoutMs/);
      expect(received).toBeGreaterThanOrEqual(names.length); // the queries did go out
      expect(elapsed).toBeGreaterThanOrEqual(140);
      expect(elapsed).toBeLessThan(5000);
    });
  });
});

describe('ageing across refreshes', () => {
  it('a day later advances lastSeen and expiresAt, keeps firstSeen; a vanished name lasts until expiresAt', async () => {
    const s = settings();
    const first = await refreshPoolEndpoints([name('stratum.pool.example'), name('xmr-eu1.pool.example')], s, { now: NOW });
    const day1 = ageOut([], first.facts, NOW);
    expect(day1.keep).toHaveLength(4);

    // A day later xmr-eu1 is no longer asked for (or stopped resolving): its facts stay.
    const later = await refreshPoolEndpoints([name('stratum.pool.example'), name('missing.pool.example')], s, { now: NOW + DAY });
    const day2 = ageOut(day1.keep, later.facts, NOW + DAY);
    expect(day2.expired).toEqual([]);
    const stratum = day2.keep.find((f) => f.address === '198.51.100.20');
    expect(stratum).toMatchObject({ firstSeen: NOW, lastSeen: NOW + DAY, expiresAt: NOW + DAY + s.factTtlSeconds });
    const vanished = day2.keep.find((f) => f.address === '198.51.100.10');
    expect(vanished).toMatchObject({ firstSeen: NOW, lastSeen: NOW, expiresAt: NOW + s.factTtlSeconds });

    // Past its expiresAt (and nothing re-seen it) the vanished name's facts are expired; the re-seen ones are not.
    const after = ageOut(day2.keep, [], NOW + s.factTtlSeconds + 1);
    expect(after.expired.map((f) => f.address).sort()).toEqual(['198.51.100.10', '198.51.100.11']);
    expect(after.keep.map((f) => f.address).sort()).toEqual(['198.51.100.20', '2001:db8::20']);
  });
});
