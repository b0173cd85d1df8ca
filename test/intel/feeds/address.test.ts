import fc from 'fast-check';
import { parseIp } from '../../../src/flow/ip';
import { canonicalRange, expandRange, readAddress } from '../../../src/intel/feeds/address';
import { readName } from '../../../src/intel/feeds/domain';

describe('intel/feeds addresses', () => {
  it.each([
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['::', '::'],
    ['1::', '1::'],
    ['FE80::1%eth0', undefined],
    ['::ffff:198.51.100.1', '198.51.100.1'],
    ['::ffff:198.51.100.0/120', '198.51.100.0/24'],
    ['198.51.100.77/24', '198.51.100.0/24'],
    ['198.51.100.7/32', '198.51.100.7'],
    ['2001:db8::/128', '2001:db8::'],
    ['198.51.100.0/', undefined],
    ['198.51.100.0/33', undefined],
    ['01.2.3.4', undefined],
  ])('spells %s as %s', (text, canonical) => {
    expect(canonicalRange(text)?.text).toBe(canonical);
  });

  it('canonical IPv6 text is the same address, and canonical again', () => {
    fc.assert(
      fc.property(fc.ipV6(), (text) => {
        const range = canonicalRange(text);
        expect(range).toBeDefined();
        expect(parseIp(range!.text)).toEqual(parseIp(text));
        expect(canonicalRange(range!.text)!.text).toBe(range!.text);
      }),
      { numRuns: 300 },
    );
  });

  it('skips ranges that overlap private space, and wide ones are problems', () => {
    expect(readAddress('8.0.0.0/8').kind).toBe('address');
    expect(readAddress('10.0.0.0/7').kind).toBe('problem');
    expect(readAddress('172.0.0.0/8').kind).toBe('skip'); // holds 172.16.0.0/12
    expect(readAddress('172.32.0.1').kind).toBe('address');
    expect(readAddress('2001:db8::/32').kind).toBe('address');
  });

  it('expands small ranges only', () => {
    expect(expandRange(canonicalRange('2001:db8::/126')!, 256)).toEqual(['2001:db8::', '2001:db8::1', '2001:db8::2', '2001:db8::3']);
    expect(expandRange(canonicalRange('2001:db8::/64')!, 256)).toBeUndefined();
  });

  it.each([
    ['Pool.Example.COM.', 'pool.example.com'],
    ['*.example.com', 'example.com'],
    ['.example.com', 'example.com'],
    ['münchen.example', 'xn--mnchen-3ya.example'],
    ['_dmarc.example.com', '_dmarc.example.com'],
  ])('reads the name %s as %s', (text, expected) => {
    expect(readName(text)).toEqual({ kind: 'name', name: expected });
  });

  it.each(['com', '1.2.3.4', 'a..b', '*.*.example.com', 'exa mple.com', '-a.com', `${'a'.repeat(64)}.com`, '\u0000.com'])('refuses the name %j', (text) => {
    expect(readName(text).kind).toBe('problem');
  });
});
