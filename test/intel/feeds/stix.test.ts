import { importFeed } from '../../../src/intel/feeds';
import { readPattern } from '../../../src/intel/feeds/stix-pattern';
import { checkImport, endpoint, fixture, name, NOW, objectLine, OPTIONS } from './kit';

const bundle = (...objects: object[]) => JSON.stringify({ type: 'bundle', id: 'bundle--1', objects }, null, 2);
const indicator = (pattern: string, extra: object = {}) => ({ type: 'indicator', spec_version: '2.1', id: 'indicator--x', pattern, pattern_type: 'stix', ...extra });

describe('intel/feeds stix', () => {
  it('reads a bundle: indicators and bare SCOs; revoked, expired, non-STIX, hash-only and other objects skipped', () => {
    const text = fixture('stix-bundle.json');
    const result = importFeed(text, 'stix', OPTIONS);
    const nanopoolEnds = Date.parse('2024-03-05T00:00:00Z') / 1000;
    expect(result.endpoints).toEqual([
      endpoint('198.51.100.1', { pool: 'SupportXMR stratum' }),
      endpoint('2001:db8::1', { pool: 'SupportXMR stratum' }),
      endpoint('203.0.113.0/24'),
      endpoint('198.51.100.3', { port: 10128, pool: 'MoneroOcean stratum' }),
      endpoint('198.51.100.4'),
    ]);
    expect(result.names).toEqual([
      name('xmr-eu1.nanopool.org', { pool: 'Nanopool', expiresAt: nanopoolEnds }),
      name('xmr-us-east1.nanopool.org', { pool: 'Nanopool', expiresAt: nanopoolEnds }),
      name('pool.hashvault.pro'),
    ]);
    expect(result.problems).toEqual([{ line: objectLine(text, 'indicator--7777'), reason: expect.stringContaining('not read') }]);
    expect(result.problems[0].line).toBe(83);
    // identity, file hash, revoked, expired, sigma, relationship
    expect(result.skipped).toBe(6);
    expect(result.rows).toBe(13);
    checkImport(result, text);
  });

  it('a valid_until after the TTL keeps the TTL; one before now skips the indicator', () => {
    const later = bundle(indicator("[ipv4-addr:value = '198.51.100.1']", { valid_until: '2030-01-01T00:00:00Z' }));
    expect(importFeed(later, 'stix', OPTIONS).endpoints[0].expiresAt).toBe(NOW + OPTIONS.ttlSeconds);
    const past = bundle(indicator("[ipv4-addr:value = '198.51.100.1']", { valid_until: '2024-02-29T23:59:59.999Z' }));
    expect(importFeed(past, 'stix', OPTIONS)).toMatchObject({ endpoints: [], skipped: 1 });
    const bad = bundle(indicator("[ipv4-addr:value = '198.51.100.1']", { valid_until: 'tomorrow' }));
    expect(importFeed(bad, 'stix', OPTIONS).problems).toEqual([{ line: 5, reason: expect.stringContaining('valid_until') }]);
  });

  it('reports bad values in a readable pattern and keeps the good ones', () => {
    const text = bundle(indicator("[ipv4-addr:value = '198.51.100.1' OR ipv4-addr:value = '198.51.100.300' OR domain-name:value = 'bad..example']"));
    const result = importFeed(text, 'stix', OPTIONS);
    expect(result.endpoints.map((e) => e.address)).toEqual(['198.51.100.1']);
    expect(result.problems.map((p) => p.line)).toEqual([5, 5]);
  });

  it('skips an indicator that names only private addresses, and is not fooled by a missing objects array', () => {
    expect(importFeed(bundle(indicator("[ipv4-addr:value = '10.0.0.1']")), 'stix', OPTIONS)).toMatchObject({ endpoints: [], skipped: 1, problems: [] });
    expect(importFeed('{"type": "bundle", "id": "bundle--1"}', 'stix', OPTIONS)).toMatchObject({ rows: 0, problems: [] });
    expect(importFeed('{"type": "bundle", "objects": 5}', 'stix', OPTIONS).problems).toHaveLength(1);
    expect(importFeed('{"type": "indicator"}', 'stix', OPTIONS).problems[0].reason).toContain('not a STIX bundle');
  });

  it('reports invalid JSON at its line', () => {
    const result = importFeed('{\n  "type": "bundle",\n  "objects": [\n    {"type": "indicator",}\n  ]\n}', 'stix', OPTIONS);
    expect(result.problems).toEqual([{ line: 4, reason: expect.stringContaining('not JSON') }]);
  });
});

describe('intel/feeds stix patterns', () => {
  const targets = (pattern: string) => {
    const reading = readPattern(pattern);
    if (!reading.ok) throw new Error(reading.reason);
    return reading.targets;
  };

  it.each([
    ["[ipv4-addr:value = '198.51.100.1']", [{ kind: 'address', value: '198.51.100.1' }]],
    ["[ipv6-addr:value = '2001:db8::1']", [{ kind: 'address', value: '2001:db8::1' }]],
    ["[domain-name:value = 'pool.example.com']", [{ kind: 'name', value: 'pool.example.com' }]],
    ["[ipv4-addr:value ISSUBSET '198.51.100.0/24']", [{ kind: 'address', value: '198.51.100.0/24' }]],
    ["[ipv4-addr:value = 'a'] OR [ipv4-addr:value = 'b']", [{ kind: 'address', value: 'a' }, { kind: 'address', value: 'b' }]],
    ["[ipv4-addr:value = 'a' OR ipv4-addr:value = 'b']", [{ kind: 'address', value: 'a' }, { kind: 'address', value: 'b' }]],
    ["[domain-name:value IN ('a.example', 'b.example')]", [{ kind: 'name', value: 'a.example' }, { kind: 'name', value: 'b.example' }]],
    ["[domain-name:value LIKE '%.minexmr.com']", [{ kind: 'name', value: 'minexmr.com' }]],
    ["[domain-name:value LIKE 'pool%']", []],
    ["[network-traffic:dst_ref.value = '198.51.100.3' AND network-traffic:dst_port = 3333]", [{ kind: 'host', value: '198.51.100.3', port: 3333 }]],
    ["[network-traffic:dst_port = 3333 AND (network-traffic:dst_ref.value = 'a' OR network-traffic:dst_ref.value = 'b')]", [{ kind: 'host', value: 'a', port: 3333 }, { kind: 'host', value: 'b', port: 3333 }]],
    ["[network-traffic:dst_ref.value = 'a' OR network-traffic:dst_port = 3333]", [{ kind: 'host', value: 'a' }]],
    ["[network-traffic:dst_ref.value = 'a' AND network-traffic:dst_port = 1 AND network-traffic:dst_port = 2]", [{ kind: 'host', value: 'a' }]],
    ["[ipv4-addr:value != '198.51.100.1']", []],
    ["[ipv4-addr:value NOT = '198.51.100.1']", []],
    ["[file:hashes.'SHA-256' = 'abc']", []],
    ["[ipv4-addr:value = 'a'] FOLLOWEDBY [domain-name:value = 'b'] WITHIN 300 SECONDS", [{ kind: 'address', value: 'a' }, { kind: 'name', value: 'b' }]],
    ["([ipv4-addr:value = 'a'] AND [url:value = 'x']) REPEATS 5 TIMES", [{ kind: 'address', value: 'a' }]],
    ["[ipv4-addr:value = 'it\\'s'] START t'2024-01-01T00:00:00Z' STOP t'2024-02-01T00:00:00Z'", [{ kind: 'address', value: "it's" }]],
    ["[process:extensions.'windows-process-ext'.aslr_enabled = true AND process:pid > 4]", []],
    ["[x-custom:values[*] = 'a' AND EXISTS x-custom:other]", []],
  ])('%s', (pattern, expected) => {
    expect(targets(pattern)).toEqual(expected);
  });

  it.each([
    "[ipv4-addr:value = '198.51.100.1'",
    "ipv4-addr:value = '198.51.100.1'",
    "[ipv4-addr:value = '198.51.100.1]",
    "[ipv4-addr:value '198.51.100.1']",
    "[ipv4-addr:value = ]",
    "[ipv4-addr: = 'x']",
    "[ipv4-addr:value = 'a'] XOR [ipv4-addr:value = 'b']",
    "[ipv4-addr:value = 'a'] WITHIN SECONDS",
    "[a:b = 'x'] ]",
    '',
    '[]',
    "[ipv4-addr:value = 'bad\\q']",
    `${'('.repeat(40)}[a:b = 'x']${')'.repeat(40)}`,
    `[${'('.repeat(40)}a:b = 'x'${')'.repeat(40)}]`,
    `[a:b = '${'x'.repeat(20_000)}']`,
  ])('refuses %s', (pattern) => {
    expect(readPattern(pattern).ok).toBe(false);
  });
});
