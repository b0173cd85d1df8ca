import fc from 'fast-check';
import { cidrMatcher, inCidr, ipKey, ipv4Number, parseCidr, parseIp } from '../../src/flow/ip';

describe('flow/ip', () => {
  it.each([
    ['192.0.2.1', 4, 0xc0000201n],
    ['::', 6, 0n],
    ['::1', 6, 1n],
    ['2001:db8::1', 6, 0x20010db8000000000000000000000001n],
    ['2001:DB8:0:0:0:0:0:1', 6, 0x20010db8000000000000000000000001n],
    ['::ffff:192.0.2.1', 4, 0xc0000201n],
    ['64:ff9b::192.0.2.1', 6, 0x0064ff9b0000000000000000c0000201n],
    ['fe80::1%eth0', 6, 0xfe800000000000000000000000000001n],
  ])('parses %s', (text, version, value) => {
    expect(parseIp(text)).toEqual({ version, value });
  });

  it.each(['', '256.0.0.1', '1.2.3', '1.2.3.4.5', '1::2::3', '12345::', 'g::1', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7::8', 'example.com'])(
    'rejects %s',
    (text) => {
      expect(parseIp(text)).toBeUndefined();
    },
  );

  it('gives every spelling of an address one key', () => {
    expect(ipKey('2001:db8::7')).toBe(ipKey('2001:0DB8:0000::0007'));
    expect(ipKey('::ffff:10.0.0.1')).toBe(ipKey('10.0.0.1'));
    expect(ipKey('10.0.0.1')).not.toBe(ipKey('10.0.0.2'));
  });

  it('agrees with fast-check generated addresses and never throws on junk', () => {
    fc.assert(fc.property(fc.ipV4(), (ip) => parseIp(ip)?.version === 4));
    fc.assert(fc.property(fc.ipV6(), (ip) => parseIp(ip) !== undefined));
    fc.assert(fc.property(fc.string(), (s) => parseIp(s) === undefined || parseIp(s)!.value >= 0n));
  });
});

describe('CIDR ranges', () => {
  it('matches addresses inside a range, in any spelling', () => {
    const home = cidrMatcher(['192.168.0.0/16', 'fc00::/7']);
    expect(home('192.168.44.1')).toBe(true);
    expect(home('::ffff:192.168.44.1')).toBe(true);
    expect(home('FD00::1')).toBe(true);
    expect(home('10.0.0.1')).toBe(false);
    expect(home('not an ip')).toBe(false);
  });

  it.each(['10.0.0.0/', '10.0.0.0/8/8', '10.0.0.0/33', '10.0.0/8', 'fc00::/129', 'x/8'])('rejects %s', (text) => {
    expect(() => parseCidr(text)).toThrow();
  });

  it('treats a bare address as a single-host range', () => {
    expect(inCidr('203.0.113.5', parseCidr('203.0.113.5'))).toBe(true);
    expect(inCidr('203.0.113.6', parseCidr('203.0.113.5'))).toBe(false);
  });
});

describe('ipv4Number', () => {
  it('reads dotted quads and rejects everything else', () => {
    expect(ipv4Number('192.168.1.10')).toBe(0xc0a8010a);
    expect(ipv4Number('255.255.255.255')).toBe(0xffffffff);
    expect(ipv4Number('0.0.0.0')).toBe(0);
    for (const bad of ['01.2.3.4', '256.1.1.1', '1.2.3', '1.2.3.4.5', '1..2.3', '1.2.3.4 ', '01234.1.1.1', '', '::1', 'a.b.c.d']) {
      expect(ipv4Number(bad)).toBeUndefined();
    }
  });

  it('agrees with the CIDR matcher on range edges', () => {
    const home = cidrMatcher(['10.0.0.0/8', '192.168.0.0/16']);
    expect([home('10.0.0.0'), home('10.255.255.255'), home('11.0.0.0'), home('9.255.255.255'), home('192.168.255.1')]).toEqual([true, true, false, false, true]);
  });
});
