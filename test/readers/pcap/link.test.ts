import { PcapWriter } from '../../../fixtures/lib/capture-writer';
import { ethernetFrame, ipPacket, type SegmentSpec } from '../../../fixtures/lib/frames';
import { codes, readBytes, type Collected } from './capture-kit';

const v4: SegmentSpec = { src: '10.1.2.3', dst: '198.51.100.7', srcPort: 40000, dstPort: 4444, protocol: 'tcp', payload: Buffer.from('hello') };
const v6: SegmentSpec = { src: '2001:db8::5', dst: 'fd00::1', srcPort: 40001, dstPort: 3333, protocol: 'udp', payload: Buffer.from('v6!') };

function readFrames(linkType: number, ...frames: Buffer[]): Promise<Collected> {
  const w = new PcapWriter({ linkType });
  frames.forEach((f, i) => w.add(100 + i, f));
  return readBytes(w.toBuffer(), 'pcap');
}

function u16(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v);
  return b;
}

function expectBoth(result: Collected): void {
  expect(result.issues).toEqual([]);
  expect(result.packets.map((p) => [p.src, p.dst, p.srcPort, p.dstPort, p.payload.toString()])).toEqual([
    [v4.src, v4.dst, 40000, 4444, 'hello'],
    [v6.src, v6.dst, 40001, 3333, 'v6!'],
  ]);
}

/** Linux cooked v1: packet type, ARPHRD, address length, 8 address bytes, protocol. */
function sll(protocol: number, ip: Buffer): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt16BE(0, 0);
  h.writeUInt16BE(1, 2);
  h.writeUInt16BE(6, 4);
  h.writeUInt16BE(protocol, 14);
  return Buffer.concat([h, ip]);
}

/** Linux cooked v2: protocol, reserved, interface index, ARPHRD, packet type, address length, 8 address bytes. */
function sll2(protocol: number, ip: Buffer): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(protocol, 0);
  h.writeUInt32BE(3, 4);
  h.writeUInt16BE(1, 8);
  h[11] = 6;
  return Buffer.concat([h, ip]);
}

function family(value: number, littleEndian: boolean): Buffer {
  const b = Buffer.alloc(4);
  if (littleEndian) b.writeUInt32LE(value);
  else b.writeUInt32BE(value);
  return b;
}

describe('link layers', () => {
  it('Ethernet II, IPv4 and IPv6', async () => {
    expectBoth(await readFrames(1, ethernetFrame(v4), ethernetFrame(v6)));
  });

  it('802.1Q, QinQ (0x88a8 and the old 0x9100) and deeper tag stacks', async () => {
    const qinqOld = ethernetFrame({ ...v6, vlans: [7, 8] });
    qinqOld.writeUInt16BE(0x9100, 12);
    const result = await readFrames(
      1,
      ethernetFrame({ ...v4, vlans: [100] }),
      ethernetFrame({ ...v6, vlans: [200, 300] }),
      qinqOld,
      ethernetFrame({ ...v4, vlans: [1, 2, 3] }),
    );
    expect(result.issues).toEqual([]);
    expect(result.packets.map((p) => p.dst)).toEqual([v4.dst, v6.dst, v6.dst, v4.dst]);
  });

  it('PPPoE sessions and MPLS label stacks inside Ethernet', async () => {
    const macs = Buffer.alloc(12, 2);
    const pppoe = (ppp: number, ip: Buffer) => Buffer.concat([macs, u16(0x8864), Buffer.from([0x11, 0, 0, 1]), u16(ip.length + 2), u16(ppp), ip]);
    const labels = Buffer.from([0, 0x10, 0x00, 64, 0, 0x20, 0x01, 64]); // two labels, bottom-of-stack on the second
    const mpls = Buffer.concat([macs, u16(0x8847), labels, ipPacket(v6)]);
    const result = await readFrames(1, pppoe(0x0021, ipPacket(v4)), mpls, pppoe(0xc021, Buffer.alloc(20)));
    expect(result.issues).toEqual([]);
    expect(result.packets.map((p) => p.src)).toEqual([v4.src, v6.src]);
    expect(result.stats.skipped.notIp).toBe(1); // the LCP frame
  });

  it('Linux cooked capture v1 (113) and v2 (276)', async () => {
    expectBoth(await readFrames(113, sll(0x0800, ipPacket(v4)), sll(0x86dd, ipPacket(v6))));
    expectBoth(await readFrames(276, sll2(0x0800, ipPacket(v4)), sll2(0x86dd, ipPacket(v6))));
  });

  it.each([101, 228, 229, 12, 14])('raw IP, link type %i', async (linkType) => {
    expectBoth(await readFrames(linkType, ipPacket(v4), ipPacket(v6)));
  });

  it('BSD NULL in either host byte order, with every AF_INET6 value', async () => {
    for (const little of [true, false]) {
      for (const inet6 of [24, 28, 30]) {
        expectBoth(await readFrames(0, Buffer.concat([family(2, little), ipPacket(v4)]), Buffer.concat([family(inet6, little), ipPacket(v6)])));
      }
    }
  });

  it('OpenBSD LOOP, family in network byte order', async () => {
    expectBoth(await readFrames(108, Buffer.concat([family(2, false), ipPacket(v4)]), Buffer.concat([family(24, false), ipPacket(v6)])));
  });

  it('skips non-IP frames silently and counts them', async () => {
    const arp = Buffer.concat([Buffer.alloc(12, 1), u16(0x0806), Buffer.alloc(28)]);
    const llc = Buffer.concat([Buffer.alloc(12, 1), u16(46), Buffer.alloc(46)]);
    const osi = Buffer.concat([family(7, true), Buffer.alloc(20)]);
    const ethernet = await readFrames(1, arp, llc, ethernetFrame(v4));
    expect(ethernet.issues).toEqual([]);
    expect(ethernet.stats).toMatchObject({ packets: 3, decoded: 1 });
    expect(ethernet.stats.skipped.notIp).toBe(2);
    const loopback = await readFrames(0, osi);
    expect(loopback.issues).toEqual([]);
    expect(loopback.stats.skipped.notIp).toBe(1);
  });

  it('reports frames shorter than their link header as link.truncated at the record', async () => {
    const cutVlan = ethernetFrame({ ...v4, vlans: [5] }).subarray(0, 16);
    const result = await readFrames(1, Buffer.alloc(10), cutVlan);
    expect(codes(result.issues)).toEqual(['link.truncated', 'link.truncated']);
    expect(result.issues.map((i) => i.offset)).toEqual([24, 24 + 16 + 10]);
    expect((await readFrames(113, Buffer.alloc(15))).issues[0].code).toBe('link.truncated');
    expect((await readFrames(276, Buffer.alloc(19))).issues[0].code).toBe('link.truncated');
    expect((await readFrames(0, Buffer.alloc(3))).issues[0].code).toBe('link.truncated');
  });

  it('reports an unsupported link type once however many packets use it', async () => {
    const result = await readFrames(105, ...Array.from({ length: 20 }, () => Buffer.alloc(60)));
    expect(codes(result.issues)).toEqual(['link.unsupported']);
    expect(result.issues[0].message).toContain('105');
    expect(result.stats).toMatchObject({ packets: 20, decoded: 0 });
  });
});
