import { importFeed } from '../../../src/intel/feeds';
import { checkImport, endpoint, fixture, name, OPTIONS } from './kit';

describe('intel/feeds list', () => {
  it('reads a CoinBlockerLists hosts file: the names are facts, the sink addresses and own names are not', () => {
    const text = fixture('coinblocker-hosts.txt');
    const result = importFeed(text, 'list', OPTIONS);
    expect(result.endpoints).toEqual([]);
    expect(result.names).toEqual([
      name('coinhive.com'),
      name('pool.supportxmr.com'),
      name('xmr.pool.minergate.com'),
      name('authedmine.com'),
      name('monerohash.com'),
      name('webminepool.com'),
    ]);
    expect(result.problems).toEqual([{ line: 10, reason: expect.stringContaining('bad_-name-.example') }]);
    // localhost, the ::1 own names and `0.0.0.0 0.0.0.0`: valid hosts lines, no pool intel.
    expect(result.skipped).toBe(3);
    expect(result.rows).toBe(9);
    checkImport(result, text);
  });

  it('reads a FireHOL netset: addresses and ranges, bogons skipped, bad and too-wide rows reported by line', () => {
    const text = fixture('firehol-coinminers.netset');
    const result = importFeed(text, 'list', OPTIONS);
    expect(result.endpoints).toEqual([
      endpoint('198.51.100.17'),
      endpoint('198.51.100.18'),
      endpoint('203.0.113.0/24'),
      endpoint('198.51.100.19'),
      endpoint('2001:db8:5::/48'),
    ]);
    expect(result.problems).toEqual([
      { line: 19, reason: expect.stringContaining('999.1.1.1') },
      { line: 20, reason: expect.stringContaining('range too wide') },
    ]);
    expect(result.skipped).toBe(1); // 10.0.0.0/8
    expect(result.rows).toBe(8);
    checkImport(result, text);
  });

  it("reads NoCoin's adblock list: domain-anchored rules are names, other rules are skipped", () => {
    const text = fixture('nocoin-adblock.txt');
    const result = importFeed(text, 'list', OPTIONS);
    expect(result.names).toEqual([name('coinhive.com'), name('crypto-loot.com'), name('cryptoloot.pro')]);
    expect(result.problems).toEqual([]);
    // ||webmine.cz/miner (a URL rule), /coinhive.min.js, the @@ exception, the ## cosmetic rule.
    expect(result.skipped).toBe(4);
    expect(result.rows).toBe(7);
  });

  it('reads ip:port, [v6]:port and stratum URLs, dropping ports from names', () => {
    const text = [
      '198.51.100.5:3333',
      '[2001:db8::7]:14444',
      '[2001:DB8::8]',
      'stratum+tcp://198.51.100.6:4444',
      'stratum+ssl://Pool.Example.COM:443/path',
      'xmr.example.net:5555',
      '2001:db8::9',
    ].join('\n');
    const result = importFeed(text, 'list', OPTIONS);
    expect(result.endpoints).toEqual([
      endpoint('198.51.100.5', { port: 3333 }),
      endpoint('2001:db8::7', { port: 14444 }),
      endpoint('2001:db8::8'),
      endpoint('198.51.100.6', { port: 4444 }),
      endpoint('2001:db8::9'),
    ]);
    expect(result.names).toEqual([name('pool.example.com'), name('xmr.example.net')]);
    expect(result.problems).toEqual([]);
  });

  it('normalises names (case, trailing dot, *. and leading dot, IDN) and addresses (one spelling, host bits)', () => {
    const text = ['*.MinerGate.com', '.nanopool.org.', 'bücher.example', '2001:0DB8:0000:0000:0000:0000:0000:0001', '::ffff:198.51.100.20', '203.0.113.77/24'].join('\n');
    const result = importFeed(text, 'list', OPTIONS);
    expect(result.names.map((n) => n.name)).toEqual(['minergate.com', 'nanopool.org', 'xn--bcher-kva.example']);
    expect(result.endpoints.map((e) => e.address)).toEqual(['2001:db8::1', '198.51.100.20', '203.0.113.0/24']);
  });

  it('counts comments, blank lines and inline comments right, and keeps rows around bad ones', () => {
    const text = '# header\n\n198.51.100.1 # first\n! adblock comment\nnot a list entry\n198.51.100.2\r\n300.1.1.1\n198.51.100.3\n';
    const result = importFeed(text, 'list', OPTIONS);
    expect(result.endpoints.map((e) => e.address)).toEqual(['198.51.100.1', '198.51.100.2', '198.51.100.3']);
    expect(result.problems.map((p) => p.line)).toEqual([5, 7]);
    expect(result.rows).toBe(5);
  });

  it.each([
    ['0.0.0.0/0', 'range too wide'],
    ['1.0.0.0/7', 'range too wide'],
    ['2000::/15', 'range too wide'],
    ['198.51.100.1:0', 'port'],
    ['198.51.100.1:65536', 'port'],
    ['[2001:db8::1', 'unclosed'],
    ['[pool.example.com]:3333', 'brackets'],
    ['localhost', 'domain name'],
    ['-bad-.example.com', 'domain name'],
  ])('reports %s as a problem', (entry, reason) => {
    const result = importFeed(`${entry}\n`, 'list', OPTIONS);
    expect(result.problems).toEqual([{ line: 1, reason: expect.stringContaining(reason) }]);
    expect(result.endpoints).toEqual([]);
    expect(result.names).toEqual([]);
  });

  it.each(['10.1.2.3', '127.0.0.1', '192.168.0.0/16', '172.20.0.1', '169.254.1.1', '224.0.0.251', '100.64.1.1', 'fe80::1', 'fd00::1', '::1', 'ff02::1', '0.0.0.0'])(
    'skips the non-public %s',
    (entry) => {
      const result = importFeed(entry, 'list', OPTIONS);
      expect(result).toMatchObject({ endpoints: [], problems: [], rows: 1, skipped: 1 });
    },
  );

  it('reports a line over 4096 characters without reading it, and goes on', () => {
    const text = `198.51.100.1\n${'a'.repeat(5000)}.com\n198.51.100.2`;
    const result = importFeed(text, 'list', OPTIONS);
    expect(result.problems).toEqual([{ line: 2, reason: expect.stringContaining('4096') }]);
    expect(result.endpoints).toHaveLength(2);
  });

  it('collapses duplicates to one fact', () => {
    const result = importFeed('198.51.100.1\n198.51.100.1\n198.51.100.1:3333\nexample.com\nEXAMPLE.com.', 'list', OPTIONS);
    expect(result.endpoints.map((e) => [e.address, e.port])).toEqual([
      ['198.51.100.1', undefined],
      ['198.51.100.1', 3333],
    ]);
    expect(result.names).toHaveLength(1);
    expect(result.rows).toBe(5);
  });

  it('stops at the fact cap with one problem naming the row', () => {
    const text = Array.from({ length: 10 }, (_, i) => `198.51.100.${i + 1}`).join('\n');
    const result = importFeed(text, 'list', { ...OPTIONS, maxFacts: 4 });
    expect(result.endpoints).toHaveLength(4);
    expect(result.problems).toEqual([{ line: 5, reason: expect.stringContaining('fact cap of 4') }]);
  });

  it('applies the options: confidence, pool, coin, ttl', () => {
    const result = importFeed('198.51.100.1\nexample.com', 'list', { ...OPTIONS, confidence: 0.4, pool: 'Some\npool', coin: 'XMR', ttlSeconds: 60 });
    expect(result.endpoints[0]).toEqual(endpoint('198.51.100.1', { confidence: 0.4, pool: 'Some pool', coin: 'XMR', expiresAt: OPTIONS.now + 60 }));
    expect(result.names[0]).toEqual(name('example.com', { confidence: 0.4, pool: 'Some pool', coin: 'XMR', expiresAt: OPTIONS.now + 60 }));
  });

  it('throws for bad options (a caller bug), not for bad text', () => {
    expect(() => importFeed('x', 'list', { ...OPTIONS, feedName: 'Bad Name' })).toThrow();
    expect(() => importFeed('x', 'list', { ...OPTIONS, confidence: 2 })).toThrow(RangeError);
    expect(() => importFeed('x', 'list', { ...OPTIONS, ttlSeconds: -1 })).toThrow(RangeError);
  });
});
