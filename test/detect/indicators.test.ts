import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inCidr, parseCidr } from '../../src/flow/ip';
import {
  IndicatorFileError,
  loadIndicators,
  parseCsvRecords,
  parsePoolDomainsCsv,
  parsePoolEndpointsCsv,
} from '../../src/detect/indicators';

const DOMAINS_HEADER = 'suffix,pool,coin,source\n';
const ENDPOINTS_HEADER = 'address,port,pool,coin,source,seen\n';

function errorOf(fn: () => unknown): IndicatorFileError {
  try {
    fn();
  } catch (e) {
    if (e instanceof IndicatorFileError) return e;
    throw e;
  }
  throw new Error('expected an IndicatorFileError');
}

describe('parseCsvRecords', () => {
  it('handles quotes, doubled quotes, commas and line breaks inside quotes, CRLF, comments and blank lines', () => {
    const text = '\uFEFF# comment\r\na,"b, c",d\r\n\r\n  # indented comment\n"say ""hi""",x\n"two\nlines",y\nlast,row';
    expect(parseCsvRecords(text)).toEqual([
      { line: 2, fields: ['a', 'b, c', 'd'] },
      { line: 5, fields: ['say "hi"', 'x'] },
      { line: 6, fields: ['two\nlines', 'y'] },
      { line: 8, fields: ['last', 'row'] },
    ]);
  });

  it('names the line of an unterminated quote', () => {
    expect(() => parseCsvRecords('ok,1\n"open,2\nmore')).toThrow(/line 2: unterminated/);
  });
});

describe('parsePoolDomainsCsv', () => {
  it('reads rows and lower-cases suffixes', () => {
    expect(parsePoolDomainsCsv(`${DOMAINS_HEADER}BTC.F2Pool.com,F2Pool,BTC,"docs, page"\n`)).toEqual([
      { suffix: 'btc.f2pool.com', pool: 'F2Pool', coin: 'BTC', source: 'docs, page' },
    ]);
  });

  it.each([
    ['*.pool.com', 'suffix "*.pool.com"'],
    ['.pool.com', 'suffix ".pool.com"'],
    ['localhost', 'suffix "localhost"'],
    ['bad_label.com', 'suffix "bad_label.com"'],
    ['-x.com', 'suffix "-x.com"'],
  ])('rejects the suffix %s, naming file and line', (suffix, detail) => {
    const e = errorOf(() => parsePoolDomainsCsv(`# c\n${DOMAINS_HEADER}ok.com,p,c,s\n${suffix},p,c,s\n`, 'lists/domains.csv'));
    expect(e.message).toContain(`lists/domains.csv:4: ${detail}`);
    expect([e.file, e.line]).toEqual(['lists/domains.csv', 4]);
  });

  it('rejects a row without a source, and a row with the wrong number of fields', () => {
    expect(errorOf(() => parsePoolDomainsCsv(`${DOMAINS_HEADER}a.com,p,c,\n`, 'f.csv')).message).toMatch(/^f\.csv:2: source "" must not be empty/);
    expect(errorOf(() => parsePoolDomainsCsv(`${DOMAINS_HEADER}a.com,p,c\n`, 'f.csv')).message).toMatch(/^f\.csv:2: expected 4 fields/);
  });

  it('names the file and line of an unterminated quote', () => {
    expect(errorOf(() => parsePoolDomainsCsv(`${DOMAINS_HEADER}a.com,p,c,s\nb.com,"p,c,s\n`, 'f.csv')).message).toBe('f.csv:3: unterminated quoted field');
  });

  it('rejects a missing or different header', () => {
    expect(errorOf(() => parsePoolDomainsCsv('domain,pool,coin,source\na.com,p,c,s\n', 'f.csv')).message).toMatch(/^f\.csv:1: the header must be/);
    expect(errorOf(() => parsePoolDomainsCsv('# only a comment\n', 'f.csv')).message).toMatch(/^f\.csv: the header must be/);
  });
});

describe('parsePoolEndpointsCsv', () => {
  it('reads addresses, ranges and optional ports', () => {
    const rows = parsePoolEndpointsCsv(`${ENDPOINTS_HEADER}94.23.36.128,4444,p,ETH,s,2017-12-25\n2001:db8::/32,,p6,BTC,s,2024-02-29\n`);
    expect(rows).toEqual([
      { address: '94.23.36.128', port: 4444, pool: 'p', coin: 'ETH', source: 's', seen: '2017-12-25' },
      { address: '2001:db8::/32', pool: 'p6', coin: 'BTC', source: 's', seen: '2024-02-29' },
    ]);
  });

  it.each([
    ['pool.example.com,,p,c,s,2024-01-01', 'address "pool.example.com"'],
    ['10.0.0.0/33,,p,c,s,2024-01-01', 'address "10.0.0.0/33"'],
    ['10.0.0.0/,,p,c,s,2024-01-01', 'address "10.0.0.0/"'],
    ['10.0.0.0/8/8,,p,c,s,2024-01-01', 'address "10.0.0.0/8/8"'],
    ['10.0.0.1,70000,p,c,s,2024-01-01', 'port "70000"'],
    ['10.0.0.1,x,p,c,s,2024-01-01', 'port "x"'],
    ['10.0.0.1,,p,c,s,2023-02-30', 'seen "2023-02-30"'],
    ['10.0.0.1,,p,c,s,last year', 'seen "last year"'],
  ])('rejects %s, naming file, line and column', (row, detail) => {
    const e = errorOf(() => parsePoolEndpointsCsv(`${ENDPOINTS_HEADER}\n${row}\n`, 'ep.csv'));
    expect(e.message).toContain(`ep.csv:3: ${detail}`);
  });
});

describe('loadIndicators', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rigsweep-indicators-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('concatenates the files in order', () => {
    const a = write('a.csv', `${DOMAINS_HEADER}a.com,A,x,s\n`);
    const b = write('b.csv', `${DOMAINS_HEADER}b.com,B,x,s\n`);
    const e = write('e.csv', ENDPOINTS_HEADER);
    const loaded = loadIndicators({ poolDomains: [a, b], poolEndpoints: [e] });
    expect(loaded.poolDomains.map((d) => d.suffix)).toEqual(['a.com', 'b.com']);
    expect(loaded.poolEndpoints).toEqual([]);
  });

  it('names the file that cannot be read, and the file and line of a bad row', () => {
    expect(errorOf(() => loadIndicators({ poolDomains: [join(dir, 'missing.csv')], poolEndpoints: [] })).message).toMatch(/missing\.csv: cannot read.*ENOENT/);
    const bad = write('bad.csv', `${DOMAINS_HEADER}ok.com,p,c,s\nnot a domain,p,c,s\n`);
    expect(errorOf(() => loadIndicators({ poolDomains: [bad], poolEndpoints: [] })).message).toContain(`${bad}:3: suffix "not a domain"`);
  });
});

describe('the shipped indicator lists', () => {
  const shipped = loadIndicators({
    poolDomains: [resolve(__dirname, '../../config/indicators/pool-domains.csv')],
    poolEndpoints: [resolve(__dirname, '../../config/indicators/pool-endpoints.csv')],
  });

  /** Exchanges and wallets: never listed themselves (a pool host under them is fine). */
  const NOT_POOLS = [
    'binance.com', 'coinbase.com', 'kraken.com', 'okx.com', 'okex.com', 'huobi.com', 'htx.com', 'kucoin.com', 'bybit.com',
    'gate.io', 'bitfinex.com', 'bitstamp.net', 'coinex.com', 'bittrex.com', 'poloniex.com', 'btc.com', 'btcchina.com', 'bw.com',
    'nicehash.com', 'blockchain.com', 'blockchain.info', 'exodus.com', 'trustwallet.com', 'metamask.io', 'myetherwallet.com',
    'electrum.org', 'ledger.com', 'trezor.io', 'getmonero.org', 'mymonero.com', 'electroneum.com', 'bitcoin.org', 'ethereum.org',
  ];
  /** Shared hosting, CDN and cloud domains: neither they nor any name under them belong to a pool. */
  const SHARED_INFRASTRUCTURE = [
    'cloudflare.com', 'cloudflare.net', 'cloudfront.net', 'amazonaws.com', 'akamai.net', 'akamaiedge.net', 'fastly.net',
    'googleusercontent.com', 'googleapis.com', 'azureedge.net', 'azurewebsites.net', 'herokuapp.com', 'now.sh', 'vercel.app',
    'netlify.app', 'github.io', 'githubusercontent.com', 'ipfs.io', 'infura-ipfs.io', 'contaboserver.net', 'pages.dev', 'workers.dev',
  ];
  /** A few well-known shared CDN ranges no pool indicator may fall in. */
  const CDN_RANGES = ['104.16.0.0/13', '172.64.0.0/13', '173.245.48.0/20', '1.1.1.0/24', '13.32.0.0/15', '151.101.0.0/16'].map(parseCidr);

  it('lists at least 150 pool domains, each once, each with a source', () => {
    const suffixes = shipped.poolDomains.map((d) => d.suffix);
    expect(suffixes.length).toBeGreaterThanOrEqual(150);
    expect(new Set(suffixes).size).toBe(suffixes.length);
    for (const d of shipped.poolDomains) expect(d.source).toMatch(/https?:\/\/|NoCoin/);
  });

  it('lists no exchange, wallet or shared-infrastructure domain', () => {
    const offending = shipped.poolDomains
      .map((d) => d.suffix)
      .filter((s) => NOT_POOLS.includes(s) || SHARED_INFRASTRUCTURE.some((apex) => s === apex || s.endsWith(`.${apex}`)));
    expect(offending).toEqual([]);
  });

  it('lists endpoints as dated, sourced facts outside shared CDN ranges', () => {
    expect(shipped.poolEndpoints.map((e) => `${e.address}:${e.port}`)).toEqual(expect.arrayContaining(['94.23.36.128:4444', '91.121.222.33:4444']));
    for (const e of shipped.poolEndpoints) {
      expect(e.source.length).toBeGreaterThan(10);
      expect(Date.parse(e.seen)).toBeLessThanOrEqual(Date.now());
      const address = e.address.split('/')[0];
      expect(CDN_RANGES.filter((r) => inCidr(address, r))).toEqual([]);
    }
  });
});
