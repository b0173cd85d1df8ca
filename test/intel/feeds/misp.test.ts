import { importFeed } from '../../../src/intel/feeds';
import { checkImport, endpoint, fixture, name, objectLine, OPTIONS } from './kit';

const INFO = 'Monero mining pools seen in incident 2024-17';

describe('intel/feeds misp', () => {
  it('reads an event: event and object attributes, the event info as pool, bad values by the line their attribute opens', () => {
    const text = fixture('misp-event.json');
    const result = importFeed(text, 'misp', OPTIONS);
    const pool = { pool: INFO };
    expect(result.endpoints).toEqual([
      endpoint('198.51.100.7', pool),
      endpoint('198.51.100.8', { port: 3333, ...pool }),
      endpoint('2001:db8::10', pool),
      endpoint('203.0.113.77', pool),
    ]);
    expect(result.names).toEqual([name('pool.supportxmr.com', pool), name('xmr-eu1.nanopool.org', pool), name('gulf.moneroocean.stream', pool)]);
    expect(result.problems).toEqual([
      { line: objectLine(text, '"not-an-ip"'), reason: expect.stringContaining('not-an-ip') },
      { line: objectLine(text, '198.51.100.9|70000'), reason: expect.stringContaining('port') },
    ]);
    expect(result.problems.map((p) => p.line)).toEqual([61, 104]);
    // md5, ip-src, the deleted hostname.
    expect(result.skipped).toBe(3);
    expect(result.rows).toBe(11);
    checkImport(result, text);
  });

  it('the import pool wins over the event info', () => {
    const result = importFeed(fixture('misp-event.json'), 'misp', { ...OPTIONS, pool: 'mine' });
    expect(new Set(result.endpoints.map((e) => e.pool))).toEqual(new Set(['mine']));
  });

  const attribute = (type: string, value: string, extra = '') => `{"type": "${type}", "value": "${value}"${extra}}`;

  it('reads an array of events and a restSearch response of events', () => {
    const event = (info: string, ip: string) => `{"Event": {"info": "${info}", "Attribute": [${attribute('ip-dst', ip)}]}}`;
    const list = importFeed(`[${event('a', '198.51.100.1')}, ${event('b', '198.51.100.2')}]`, 'misp', OPTIONS);
    expect(list.endpoints.map((e) => [e.address, e.pool])).toEqual([
      ['198.51.100.1', 'a'],
      ['198.51.100.2', 'b'],
    ]);
    const response = importFeed(`{"response": [${event('c', '198.51.100.3')}]}`, 'misp', OPTIONS);
    expect(response.endpoints.map((e) => [e.address, e.pool])).toEqual([['198.51.100.3', 'c']]);
  });

  it('reads a restSearch response of attributes, with their events\' info', () => {
    const text = `{"response": {"Attribute": [
  ${attribute('ip-dst', '198.51.100.4', ', "Event": {"info": "from event"}')},
  ${attribute('hostname|port', 'pool.example.com|3333')},
  ${attribute('domain|ip', 'bad..name|198.51.100.5')},
  ${attribute('url', 'http://x.example/miner.js')},
  ${attribute('ip-dst', '198.51.100.6', ', "deleted": "1"')},
  42
]}}`;
    const result = importFeed(text, 'misp', OPTIONS);
    expect(result.endpoints).toEqual([endpoint('198.51.100.4', { pool: 'from event' }), endpoint('198.51.100.5')]);
    expect(result.names).toEqual([name('pool.example.com')]);
    // The bad half of domain|ip is a problem on the attribute's line, the good half is kept.
    expect(result.problems).toEqual([
      { line: 4, reason: expect.stringContaining('bad..name') },
      { line: 1, reason: 'an Attribute entry is not an object' },
    ]);
    expect(result.skipped).toBe(2);
    expect(result.rows).toBe(6);
  });

  it('skips the attributes of a deleted object', () => {
    const text = '{"Event": {"Object": [{"deleted": true, "Attribute": [{"type": "ip-dst", "value": "198.51.100.1"}]}]}}';
    expect(importFeed(text, 'misp', OPTIONS)).toMatchObject({ endpoints: [], rows: 1, skipped: 1, problems: [] });
  });

  it('reports invalid JSON once, at the line and column of the syntax error, with no facts', () => {
    const text = '{"Event": {\n  "info": "x",\n  "Attribute": [\n    {"type": "ip-dst", "value": "198.51.100.1"},\n    {"type": "ip-dst" "value": "198.51.100.2"}\n  ]\n}}';
    const result = importFeed(text, 'misp', OPTIONS);
    expect(result.endpoints).toEqual([]);
    expect(result.problems).toEqual([{ line: 5, reason: expect.stringContaining('line 5, column 23') }]);
  });

  it.each([
    ['{"foo": 1}', 1],
    ['"just a string"', 0],
    ['{"Event": 3}', 1],
    ['{"Event": {"Attribute": {"type": "ip-dst"}}}', 1],
    ['{"Event": {"Attribute": [{"value": "198.51.100.1"}]}}', 1],
    ['{"Event": {"Attribute": [{"type": "ip-dst", "value": 7}]}}', 1],
  ])('reports %s as a problem', (text, line) => {
    const result = importFeed(text, 'misp', OPTIONS);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].line).toBe(line);
    expect(result.endpoints).toEqual([]);
  });
});
