import type { IntelFact, NameFact } from '../../../src/intel/fact';
import { exportFacts, importFeed } from '../../../src/intel/feeds';
import { checkImport, endpoint, fixture, name, NOW, OPTIONS } from './kit';

const fact = (address: string, extra: Partial<IntelFact> = {}): IntelFact => ({
  address,
  verdict: 'pool',
  source: 'feed:coinblocker',
  confidence: 0.8,
  firstSeen: NOW,
  lastSeen: NOW,
  expiresAt: NOW + 100,
  ...extra,
});
const nameFact = (n: string, extra: Partial<NameFact> = {}): NameFact => ({
  name: n,
  source: 'feed:coinblocker',
  confidence: 0.8,
  firstSeen: NOW,
  lastSeen: NOW,
  expiresAt: NOW + 100,
  ...extra,
});

describe('intel/feeds zeek import', () => {
  it('reads a Zeek intel file: ADDR, SUBNET and DOMAIN rows; other types skipped; bad rows by line', () => {
    const text = fixture('pools.intel');
    const result = importFeed(text, 'zeek', OPTIONS);
    expect(result.endpoints).toEqual([endpoint('198.51.100.40'), endpoint('203.0.113.0/26')]);
    expect(result.names).toEqual([name('pool.hashvault.pro'), name('gulf.moneroocean.stream')]);
    expect(result.problems).toEqual([
      { line: 8, reason: '3 fields where the #fields line names 5' },
      { line: 9, reason: expect.stringContaining('is a range') },
    ]);
    // URL, FILE_HASH, and the private 192.168.1.10.
    expect(result.skipped).toBe(3);
    expect(result.rows).toBe(9);
    checkImport(result, text);
  });

  it('finds the columns by name, in any order', () => {
    const text = '#fields\tmeta.source\tindicator_type\tindicator\nx\tIntel::ADDR\t198.51.100.1\nx\tIntel::DOMAIN\tPool.Example.com\n';
    const result = importFeed(text, 'zeek', OPTIONS);
    expect(result.endpoints.map((e) => e.address)).toEqual(['198.51.100.1']);
    expect(result.names.map((n) => n.name)).toEqual(['pool.example.com']);
  });

  it('reports rows before any #fields line, a header without the needed columns, and unknown types', () => {
    const text = '198.51.100.1\tIntel::ADDR\tx\n#fields\tindicator\tmeta.source\n198.51.100.2\tx\n#fields\tindicator\tindicator_type\n198.51.100.3\tIntel::BOGUS_TYPE\n198.51.100.4\tADDR\n198.51.100.5\tIntel::ADDR\n';
    const result = importFeed(text, 'zeek', OPTIONS);
    expect(result.problems.map((p) => p.line)).toEqual([1, 2, 3, 6]);
    expect(result.problems[2].reason).toContain('line 2');
    expect(result.skipped).toBe(1); // Intel::BOGUS_TYPE is of Zeek's shape: a type rigsweep does not know
    expect(result.endpoints.map((e) => e.address)).toEqual(['198.51.100.5']);
  });

  it('reports a #fields line that uses spaces instead of tabs', () => {
    const result = importFeed('#fields indicator indicator_type meta.source\n198.51.100.1 Intel::ADDR x\n', 'zeek', OPTIONS);
    expect(result.problems[0]).toEqual({ line: 1, reason: expect.stringContaining('tabs') });
    expect(result.endpoints).toEqual([]);
  });
});

describe('intel/feeds zeek export', () => {
  it('writes the header, ADDR/SUBNET/DOMAIN lines, merges ports of one address, never not-pool', () => {
    const text = exportFacts(
      [
        fact('198.51.100.1', { port: 3333, pool: 'SupportXMR', coin: 'XMR' }),
        fact('198.51.100.1', { port: 443, pool: 'SupportXMR', coin: 'XMR' }),
        fact('203.0.113.0/24'),
        fact('198.51.100.2', { verdict: 'not-pool', source: 'probe' }),
        fact('198.51.100.1', { port: 3333, pool: 'SupportXMR', coin: 'XMR' }),
      ],
      [nameFact('pool.supportxmr.com', { pool: 'SupportXMR' })],
      'zeek',
    );
    expect(text).toBe(
      [
        '#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc',
        '198.51.100.1\tIntel::ADDR\trigsweep:feed:coinblocker\tpool=SupportXMR; coin=XMR; port=443,3333',
        '203.0.113.0/24\tIntel::SUBNET\trigsweep:feed:coinblocker\t-',
        'pool.supportxmr.com\tIntel::DOMAIN\trigsweep:feed:coinblocker\tpool=SupportXMR',
        '',
      ].join('\n'),
    );
  });

  it('keeps tabs and line breaks in feed text from splitting a field or a line', () => {
    const text = exportFacts([fact('198.51.100.1', { pool: 'evil\tpool\n198.51.100.66\tIntel::ADDR\tx\t-' })], [], 'zeek');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1].split('\t')).toHaveLength(4);
  });

  it('round-trips through the importer: the same ADDR, SUBNET and DOMAIN set', () => {
    const endpoints = [fact('198.51.100.1', { port: 3333 }), fact('2001:db8::5'), fact('203.0.113.0/25'), fact('198.51.100.9')];
    const names = [nameFact('pool.example.com'), nameFact('xmr.example.net')];
    const back = importFeed(exportFacts(endpoints, names, 'zeek'), 'zeek', OPTIONS);
    expect(back.problems).toEqual([]);
    expect(new Set(back.endpoints.map((e) => e.address))).toEqual(new Set(['198.51.100.1', '2001:db8::5', '203.0.113.0/25', '198.51.100.9']));
    expect(new Set(back.names.map((n) => n.name))).toEqual(new Set(['pool.example.com', 'xmr.example.net']));
  });
});
