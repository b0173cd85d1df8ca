/** ageOut: fresh facts merged into the store's dns-resolved family, expired ones split off. */
import type { IntelFact } from '../../../src/intel/fact';
import { ageOut } from '../../../src/intel/refresh';

const T = 1_790_000_000;
const fact = (address: string, seen: number, ttl = 1000, extra: Partial<IntelFact> = {}): IntelFact => ({
  address,
  verdict: 'pool',
  source: 'dns-resolved',
  confidence: 0.9,
  firstSeen: seen,
  lastSeen: seen,
  expiresAt: seen + ttl,
  name: 'eu.pool.example',
  ttl: 60,
  ...extra,
});

it('merges by address: first sighting kept, last sighting and expiry advanced, newer name and TTL taken', () => {
  const { keep, expired } = ageOut([fact('198.51.100.1', T)], [fact('198.51.100.1', T + 500, 1000, { name: 'us.pool.example', ttl: 30 })], T + 500);
  expect(expired).toEqual([]);
  expect(keep).toEqual([fact('198.51.100.1', T, 1000, { lastSeen: T + 500, expiresAt: T + 1500, name: 'us.pool.example', ttl: 30 })]);
});

it('expires facts whose expiresAt is before now; a fact expiring exactly now is kept', () => {
  const { keep, expired } = ageOut([fact('198.51.100.1', T, 100), fact('198.51.100.2', T, 99)], [], T + 100);
  expect(keep.map((f) => f.address)).toEqual(['198.51.100.1']);
  expect(expired.map((f) => f.address)).toEqual(['198.51.100.2']);
});

it('a re-sighting rescues a fact that would have expired', () => {
  const { keep, expired } = ageOut([fact('198.51.100.1', T, 100)], [fact('198.51.100.1', T + 200)], T + 200);
  expect(expired).toEqual([]);
  expect(keep[0]).toMatchObject({ firstSeen: T, lastSeen: T + 200, expiresAt: T + 1200 });
});

it('ignores facts of other sources: other writers own them', () => {
  const feed = fact('198.51.100.9', T, 1, { source: 'feed:nocoin' });
  const { keep, expired } = ageOut([feed, fact('198.51.100.1', T)], [{ ...feed, lastSeen: T + 5 }], T + 10);
  expect(keep.map((f) => f.address)).toEqual(['198.51.100.1']);
  expect(expired).toEqual([]);
});
