import { Buffer } from 'node:buffer';
import { parseIp } from '../../../src/flow/ip';
import type { IntelFact, NameFact } from '../../../src/intel/fact';
import { EXPORT_FORMATS, exportFacts, suricataCategories } from '../../../src/intel/feeds';
import { parseCsvRecords } from '../../../src/detect/indicators';
import { NOW } from './kit';

const fact = (address: string, extra: Partial<IntelFact> = {}): IntelFact => ({
  address,
  verdict: 'pool',
  source: 'feed:coinblocker',
  confidence: 0.7,
  firstSeen: NOW,
  lastSeen: NOW,
  expiresAt: NOW + 86_400,
  ...extra,
});
const nameFact = (name: string, extra: Partial<NameFact> = {}): NameFact => ({
  name,
  source: 'feed:coinblocker',
  confidence: 0.7,
  firstSeen: NOW,
  lastSeen: NOW,
  expiresAt: NOW + 86_400,
  ...extra,
});

const ENDPOINTS = [
  fact('198.51.100.1', { port: 3333 }),
  fact('198.51.100.1', { port: 4444, confidence: 0.9 }),
  fact('2001:DB8::1'),
  fact('203.0.113.0/30'),
  fact('203.0.112.0/23'),
  fact('198.51.100.2', { verdict: 'not-pool', source: 'probe' }),
];
const NAMES = [nameFact('pool.supportxmr.com'), nameFact('gulf.moneroocean.stream')];

describe('intel/feeds suricata exports', () => {
  it('an IP dataset: one canonical address per line, small ranges expanded, wide ones and not-pool left out', () => {
    const text = exportFacts(ENDPOINTS, NAMES, 'suricata-dataset');
    const lines = text.trimEnd().split('\n');
    expect(lines).toEqual(['198.51.100.1', '2001:db8::1', '203.0.113.0', '203.0.113.1', '203.0.113.2', '203.0.113.3']);
    for (const line of lines) expect(parseIp(line)).toBeDefined();
    expect(text.endsWith('\n')).toBe(true);
  });

  it('expands a /24 (256 addresses) but not a /23', () => {
    expect(exportFacts([fact('203.0.113.0/24')], [], 'suricata-dataset').trimEnd().split('\n')).toHaveLength(256);
    expect(exportFacts([fact('203.0.112.0/23')], [], 'suricata-dataset')).toBe('');
  });

  it('a names dataset: base64 lines that decode to the names', () => {
    const lines = exportFacts(ENDPOINTS, [...NAMES, NAMES[0]], 'suricata-dataset-names').trimEnd().split('\n');
    expect(lines.map((l) => Buffer.from(l, 'base64').toString('utf8'))).toEqual(['pool.supportxmr.com', 'gulf.moneroocean.stream']);
    for (const line of lines) expect(line).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('an iprep file: address,category,score with ranges, one line per address at its best score', () => {
    expect(exportFacts(ENDPOINTS, NAMES, 'suricata-iprep')).toBe('198.51.100.1,1,114\n2001:db8::1,1,89\n203.0.113.0/30,1,89\n203.0.112.0/23,1,89\n');
    const lines = exportFacts(ENDPOINTS, [], 'suricata-iprep', { iprepCategory: 7 }).trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^[0-9a-f.:/]+,7,(12[0-7]|1[01]\d|[1-9]\d|[1-9])$/);
  });

  it('iprep scores stay within 1..127', () => {
    expect(exportFacts([fact('198.51.100.1', { confidence: 0 }), fact('198.51.100.2', { confidence: 1 })], [], 'suricata-iprep')).toBe(
      '198.51.100.1,1,1\n198.51.100.2,1,127\n',
    );
  });

  it('the categories line, and category ids Suricata accepts only', () => {
    expect(suricataCategories()).toBe('1,CryptoMining,Cryptocurrency mining pool endpoints (rigsweep)\n');
    expect(suricataCategories(12)).toMatch(/^12,CryptoMining,/);
    expect(() => suricataCategories(61)).toThrow(RangeError);
    expect(() => exportFacts(ENDPOINTS, [], 'suricata-iprep', { iprepCategory: 0 })).toThrow(RangeError);
  });
});

describe('intel/feeds csv export', () => {
  it('one table of endpoints and names with ISO dates', () => {
    const text = exportFacts([fact('198.51.100.1', { port: 3333, pool: 'SupportXMR', coin: 'XMR' })], [nameFact('pool.example.com')], 'csv');
    const iso = new Date(NOW * 1000).toISOString();
    const end = new Date((NOW + 86_400) * 1000).toISOString();
    expect(text).toBe(
      [
        'kind,address,port,verdict,source,confidence,pool,coin,name,first_seen,last_seen,expires',
        `endpoint,198.51.100.1,3333,pool,feed:coinblocker,0.7,SupportXMR,XMR,,${iso},${iso},${end}`,
        `name,,,,feed:coinblocker,0.7,,,pool.example.com,${iso},${iso},${end}`,
        '',
      ].join('\n'),
    );
  });

  it('quotes commas and quotes, drops line breaks, defuses formulas: each row reads back as 12 fields', () => {
    const text = exportFacts(
      [fact('198.51.100.1', { pool: 'a, "b"\nc', coin: '=HYPERLINK("http://x")', reason: 'x' }), fact('198.51.100.2', { pool: ' padded ' })],
      [],
      'csv',
    );
    const records = parseCsvRecords(text);
    expect(records).toHaveLength(3);
    for (const r of records) expect(r.fields).toHaveLength(12);
    expect(records[1].fields[6]).toBe('a, "b" c');
    expect(records[1].fields[7]).toBe(`'=HYPERLINK("http://x")`);
    expect(text.split('\n')).toHaveLength(4);
  });
});

describe('intel/feeds exports, all formats', () => {
  it('no output line carries a control character, whatever the facts hold', () => {
    const evil = 'x\u0000\u001b[31m\t\r\n\u2028\u202e';
    const endpoints = [fact('198.51.100.1', { pool: evil, coin: evil, name: evil, banner: evil })];
    const names = [nameFact('pool.example.com', { pool: evil, coin: evil })];
    for (const format of EXPORT_FORMATS) {
      const text = exportFacts(endpoints, names, format);
      for (const line of text.split('\n')) {
        const allowed = format === 'zeek' ? /^[^\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]*$/ : /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]*$/;
        if (format === 'jsonl') expect(line).not.toMatch(/[\u0000-\u001f]/);
        else expect(line).toMatch(allowed);
      }
    }
  });
});
