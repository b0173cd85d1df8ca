import fc from 'fast-check';
import { SocketAddress } from 'node:net';
import { ipv4Text, ipv6Text } from '../../../src/readers/pcap/address-text';

/** What Node itself prints for these 16 bytes (libuv's inet_ntop), the form flows must share. */
function nodeIpv6(bytes: Buffer): string {
  const full = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16)).join(':');
  return new SocketAddress({ address: full, family: 'ipv6' }).address;
}

function v6(hex: string): Buffer {
  return Buffer.from(hex.replace(/[^0-9a-f]/g, ''), 'hex');
}

describe('ipv4Text', () => {
  it('prints dotted quads at any offset', () => {
    const buf = Buffer.from([9, 10, 0, 0, 1, 255, 255, 255, 255]);
    expect(ipv4Text(buf, 1)).toBe('10.0.0.1');
    expect(ipv4Text(buf, 5)).toBe('255.255.255.255');
  });

  it('stays right for many addresses that share cache slots', () => {
    const buf = Buffer.alloc(4);
    for (let round = 0; round < 2; round++) {
      for (let n = 0; n < 200_000; n += 7) {
        buf.writeUInt32BE((0x0a000000 + n * 4099) >>> 0);
        expect(ipv4Text(buf, 0)).toBe(Array.from(buf).join('.'));
      }
    }
  });

  it('agrees with Node on random addresses', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (bytes) => {
        const text = ipv4Text(Buffer.from(bytes), 0);
        expect(new SocketAddress({ address: text }).address).toBe(text);
        expect(text).toBe(Array.from(bytes).join('.'));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ipv6Text', () => {
  it.each([
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'], // first of two equal runs
    ['2001:0db8:0000:0000:0000:0000:0002:0001', '2001:db8::2:1'],
    ['0001:0000:0000:0002:0000:0000:0000:0003', '1:0:0:2::3'], // the longest run, not the first
    ['2001:0db8:0000:0001:0001:0001:0001:0001', '2001:db8:0:1:1:1:1:1'], // one zero group stays
    ['0000:0000:0000:0000:0000:0000:0000:0001', '::1'],
    ['0000:0000:0000:0000:0000:0000:0000:0000', '::'],
    ['fe80:0000:0000:0000:0000:0000:0000:0000', 'fe80::'],
    ['0000:0000:0000:0000:0000:ffff:c000:0201', '::ffff:192.0.2.1'],
    ['0000:0000:0000:0000:0000:0000:c000:0201', '::192.0.2.1'],
    ['FE80:0000:0000:0000:ABCD:0000:0000:0000', 'fe80::abcd:0:0:0'],
  ])('%s → %s', (hex, text) => {
    const bytes = v6(hex.toLowerCase());
    expect(ipv6Text(bytes, 0)).toBe(text);
    expect(nodeIpv6(bytes)).toBe(text);
  });

  it('reads at an offset inside a larger buffer', () => {
    const buf = Buffer.concat([Buffer.from([1, 2, 3]), v6('20010db8000000000000000000000001'), Buffer.from([9])]);
    expect(ipv6Text(buf, 3)).toBe('2001:db8::1');
  });

  it('agrees with Node on random addresses, zero-heavy ones included', () => {
    const group = fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0xffff), fc.integer({ min: 0, max: 0xffff }));
    fc.assert(
      fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), (groups) => {
        const bytes = Buffer.alloc(16);
        groups.forEach((g, i) => bytes.writeUInt16BE(g, i * 2));
        expect(ipv6Text(bytes, 0)).toBe(nodeIpv6(bytes));
        expect(ipv6Text(bytes, 0)).toBe(nodeIpv6(bytes)); // second call: from the cache
      }),
      { numRuns: 5000 },
    );
  });
});
