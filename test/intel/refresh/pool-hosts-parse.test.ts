/** parsePoolHostsCsv / loadPoolHosts: strict, and every error names the file and line. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IndicatorFileError } from '../../../src/detect/indicators';
import { loadPoolHosts, parsePoolHostsCsv } from '../../../src/intel/refresh';

const HEADER = 'host,pool,coin,source\n';

function errorOf(run: () => unknown): IndicatorFileError {
  try {
    run();
  } catch (e) {
    if (e instanceof IndicatorFileError) return e;
    throw e;
  }
  throw new Error('expected an IndicatorFileError');
}

it('reads rows, lower-cases hosts, skips comments and blank lines, unquotes fields', () => {
  const csv = `# comment\n${HEADER}\nEU1.Example.org,Pool A,ETH,https://example.org/a\n# another\n"xmr.example.net","Pool, B",XMR,"src ""quoted"""\n`;
  expect(parsePoolHostsCsv(csv, 'h.csv')).toEqual([
    { host: 'eu1.example.org', pool: 'Pool A', coin: 'ETH', source: 'https://example.org/a' },
    { host: 'xmr.example.net', pool: 'Pool, B', coin: 'XMR', source: 'src "quoted"' },
  ]);
});

it.each([
  ['a wildcard host', `${HEADER}ok.example.org,P,X,s\n*.bad.org,P,X,s\n`, 3, /^hosts\.csv:3: host "\*\.bad\.org" is not a host name/],
  ['a one-label host', `${HEADER}localhost,P,X,s\n`, 2, /host "localhost"/],
  ['a trailing dot', `${HEADER}eu.example.org.,P,X,s\n`, 2, /host "eu\.example\.org\."/],
  ['an empty source', `${HEADER}eu.example.org,P,X,\n`, 2, /^hosts\.csv:2: source "" must not be empty/],
  ['an empty pool', `${HEADER}eu.example.org,,X,s\n`, 2, /pool "" must not be empty/],
  ['a missing column', `${HEADER}eu.example.org,P,X\n`, 2, /expected 4 fields \(host,pool,coin,source\), found 3/],
  ['a wrong header', `suffix,pool,coin,source\neu.example.org,P,X,s\n`, 1, /^hosts\.csv:1: the header must be "host,pool,coin,source"/],
  ['an unterminated quote', `${HEADER}eu.example.org,"P,X,s\n`, 2, /^hosts\.csv:2: unterminated quoted field/],
])('rejects %s with file:line', (_what, csv, line, message) => {
  const error = errorOf(() => parsePoolHostsCsv(csv, 'hosts.csv'));
  expect(error.file).toBe('hosts.csv');
  expect(error.line).toBe(line);
  expect(error.message).toMatch(message);
});

it('an empty file is a header error, not an empty list', () => {
  expect(errorOf(() => parsePoolHostsCsv('# only a comment\n', 'empty.csv')).message).toMatch(/^empty\.csv: the header must be/);
});

describe('loadPoolHosts', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'rigsweep-pool-hosts-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every file in order and names a missing one', () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    writeFileSync(a, `${HEADER}one.example.org,A,X,s\n`);
    writeFileSync(b, `${HEADER}two.example.org,B,Y,s\n`);
    expect(loadPoolHosts([a, b]).map((h) => h.host)).toEqual(['one.example.org', 'two.example.org']);
    const missing = errorOf(() => loadPoolHosts([a, join(dir, 'missing.csv')]));
    expect(missing.message).toMatch(/missing\.csv: cannot read the pool host list \(ENOENT\)/);
  });

  it('names the file and line of a bad row among several files', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `# c\n${HEADER}good.example.org,A,X,s\nbad_host!,A,X,s\n`);
    expect(errorOf(() => loadPoolHosts([bad])).message).toBe(`${bad}:4: host "bad_host!" is not a host name of two or more labels (no wildcards, no leading or trailing dot)`);
  });
});
