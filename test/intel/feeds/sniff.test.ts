import { importFeed, sniffFormat } from '../../../src/intel/feeds';
import { fixture, OPTIONS } from './kit';

describe('intel/feeds auto', () => {
  it.each([
    ['coinblocker-hosts.txt', 'list'],
    ['firehol-coinminers.netset', 'list'],
    ['nocoin-adblock.txt', 'list'],
    ['pools.intel', 'zeek'],
    ['misp-event.json', 'misp'],
    ['stix-bundle.json', 'stix'],
  ])('recognises %s as %s, and auto imports it as that format does', (file, format) => {
    const text = fixture(file);
    expect(sniffFormat(text).format).toBe(format);
    expect(importFeed(text, 'auto', OPTIONS)).toEqual(importFeed(text, format as 'list', OPTIONS));
  });

  it.each([
    ['{"response": {"Attribute": []}}', 'misp'],
    ['[{"Event": {"info": "x"}}]', 'misp'],
    ['\uFEFF  {"type": "bundle", "objects": []}', 'stix'],
    ['{"objects": [], "type": "bundle"}', 'stix'],
    ['{"type": "bundle", "objects": [}', 'stix'], // broken JSON still meant as a bundle
    ['{"Event": {"info": ', 'misp'],
    ['{"neither": true}', 'misp'], // valid JSON is never a list
    ['[2001:db8::1]:3333\n198.51.100.1', 'list'],
    ['[Adblock Plus 2.0]\n||coinhive.com^', 'list'],
    ['#separator \\x09\n#fields\tindicator\tindicator_type\n', 'zeek'],
    ['# a list\n198.51.100.1\n', 'list'],
    ['', 'list'],
  ])('sniffs %j as %s', (text, format) => {
    expect(sniffFormat(text).format).toBe(format);
  });

  it('reports broken JSON through the format it meant to be', () => {
    const result = importFeed('{"type": "bundle",\n "objects": [}', 'auto', OPTIONS);
    expect(result.problems).toEqual([{ line: 2, reason: expect.stringContaining('not JSON') }]);
  });
});
