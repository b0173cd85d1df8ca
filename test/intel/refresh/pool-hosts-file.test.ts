/** The shipped stratum host list: loads, sits under the pool-domain suffixes, cites a source per row. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSchema } from '../../../src/config/schema';
import { parsePoolDomainsCsv } from '../../../src/detect/indicators';
import { loadPoolHosts } from '../../../src/intel/refresh';
import { repoRoot } from '../../helpers/corpus';

const file = join(repoRoot, 'config/indicators/pool-hosts.csv');
const domainsFile = join(repoRoot, 'config/indicators/pool-domains.csv');
const hosts = loadPoolHosts([file]);
const suffixes = parsePoolDomainsCsv(readFileSync(domainsFile, 'utf8'), domainsFile).map((d) => d.suffix);

it('is the default intel.poolHosts list and loads with a useful number of rows', () => {
  expect(configSchema.parse({}).intel.poolHosts).toEqual(['config/indicators/pool-hosts.csv']);
  expect(hosts.length).toBeGreaterThanOrEqual(60);
  expect(hosts.length).toBeLessThanOrEqual(150);
  expect(readFileSync(file, 'utf8')).toMatch(/^# /);
});

it('puts every host strictly under a pool-domains.csv suffix (a suffix is resolved from there, not repeated)', () => {
  const outside = hosts.filter((h) => !suffixes.some((s) => h.host.endsWith(`.${s}`))).map((h) => h.host);
  const repeated = hosts.filter((h) => suffixes.includes(h.host)).map((h) => h.host);
  expect(outside).toEqual([]);
  expect(repeated).toEqual([]);
});

it('cites a source for every row (a URL of the published example or list) and lists each host once', () => {
  expect(hosts.filter((h) => !/https:\/\/\S+/.test(h.source)).map((h) => h.host)).toEqual([]);
  const seen = new Set<string>();
  const duplicates = hosts.filter((h) => seen.size === seen.add(h.host).size).map((h) => h.host);
  expect(duplicates).toEqual([]);
});

it('holds the stratum hosts miners are commonly configured with', () => {
  const listed = new Set(hosts.map((h) => h.host));
  for (const host of ['eu1.ethermine.org', 'xmr-eu1.nanopool.org', 'pool.supportxmr.com', 'gulf.moneroocean.stream', 'btc.f2pool.com', 'ss.antpool.com', 'solo.ckpool.org', 'rx.unmineable.com']) {
    expect(listed).toContain(host);
  }
});
