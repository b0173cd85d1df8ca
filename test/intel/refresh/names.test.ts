/** namesToRefresh: each name once, lower-case, the most specific listing first. */
import type { NameFact } from '../../../src/intel/fact';
import { namesToRefresh } from '../../../src/intel/refresh';

const host = (h: string, pool = 'P', coin = 'XMR') => ({ host: h, pool, coin, source: 'https://example.org' });
const feedName = (name: string, extra: Partial<NameFact> = {}): NameFact => ({ name, source: 'feed:nocoin', confidence: 0.7, firstSeen: 0, lastSeen: 0, expiresAt: 9e9, ...extra });

it('lists stratum hosts, then suffixes, then feed names, each once and lower-case', () => {
  const names = namesToRefresh(
    [host('xmr-eu1.nanopool.org', 'Nanopool'), host('XMR-EU1.nanopool.org', 'dup')],
    [
      { suffix: 'nanopool.org', pool: 'Nanopool', coin: 'multi' },
      { suffix: 'Xmr-Eu1.Nanopool.org', pool: 'suffix dup', coin: 'x' },
    ],
    [feedName('nanopool.org'), feedName('coin-hive.com.', { pool: 'Coinhive', coin: 'XMR' }), feedName('example-miner.net')],
  );
  expect(names).toEqual([
    { name: 'xmr-eu1.nanopool.org', pool: 'Nanopool', coin: 'XMR', via: 'pool-hosts' },
    { name: 'nanopool.org', pool: 'Nanopool', coin: 'multi', via: 'pool-domains' },
    { name: 'coin-hive.com', pool: 'Coinhive', coin: 'XMR', via: 'feed:nocoin' },
    { name: 'example-miner.net', pool: '', coin: '', via: 'feed:nocoin' },
  ]);
});

it('is empty for empty lists', () => {
  expect(namesToRefresh([], [])).toEqual([]);
});
