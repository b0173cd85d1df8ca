import { PcapWriter } from '../../../fixtures/lib/capture-writer';
import { ethernetFrame, ipPacket, ipv6Bytes, transportBytes, type SegmentSpec } from '../../../fixtures/lib/frames';
import { codes, readBytes, type Collected } from './capture-kit';

const RAW = 101;
const v4: SegmentSpec = { src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1111, dstPort: 2222, protocol: 'tcp', payload: Buffer.from('abcdef') };
const v6: SegmentSpec = { src: '2001:db8::1', dst: '2001:db8::2', srcPort: 3333, dstPort: 4444, protocol: 'udp', payload: Buffer.from('xyz') };

function read(linkType: number, ...frames: Buffer[]): Promise<Collected> {
  const w = new PcapWriter({ linkType });
  frames.forEach((f, i) => w.add(i, f));
  return readBytes(w.toBuffer(), 'pcap');
}

/** IPv4 with its header fields overridden after building. */
function ipv4(edit: (packet: Buffer) => void, spec = v4): Buffer {
  const packet = ipPacket(spec);
  edit(packet);
  return packet;
}

/** IPv6 whose payload is `chain` (extension headers) then the transport bytes. */
function ipv6WithExtensions(firstNext: number, chain: Buffer, spec = v6): Buffer {
  const l4 = transportBytes(spec);
  const h = Buffer.alloc(40);
  h.writeUInt32BE(0x60000000, 0);
  h.writeUInt16BE(chain.length + l4.length, 4);
  h[6] = firstNext;
  h[7] = 64;
  ipv6Bytes(spec.src).copy(h, 8);
  ipv6Bytes(spec.dst).copy(h, 24);
  return Buffer.concat([h, chain, l4]);
}

/** A generic extension header (hop-by-hop, routing, destination options): 8 * (len + 1) bytes. */
function extension(next: number, units = 0): Buffer {
  const b = Buffer.alloc(8 * (units + 1));
  b[0] = next;
  b[1] = units;
  return b;
}

function fragmentHeader(next: number, offsetBytes: number, more: boolean): Buffer {
  const b = Buffer.alloc(8);
  b[0] = next;
  b.writeUInt16BE(offsetBytes | (more ? 1 : 0), 2);
  b.writeUInt32BE(0x1234, 4);
  return b;
}

/** Authentication header: length field in 4-byte units minus 2. */
function authHeader(next: number): Buffer {
  const b = Buffer.alloc(24);
  b[0] = next;
  b[1] = 24 / 4 - 2;
  return b;
}

describe('IPv4', () => {
  it('skips header options by IHL', async () => {
    const base = ipPacket(v4);
    const withOptions = Buffer.concat([base.subarray(0, 20), Buffer.from([1, 1, 1, 0]), base.subarray(20)]);
    withOptions[0] = 0x46;
    withOptions.writeUInt16BE(base.length + 4, 2);
    const { packets, issues } = await read(RAW, withOptions);
    expect(issues).toEqual([]);
    expect(packets[0]).toMatchObject({ srcPort: 1111, dstPort: 2222, ipLength: base.length + 4 });
    expect(packets[0].payload.toString()).toBe('abcdef');
  });

  it('leaves Ethernet padding out of the payload', async () => {
    const tiny = ethernetFrame({ ...v4, payload: Buffer.from('a') });
    const padded = Buffer.concat([tiny, Buffer.alloc(60 - tiny.length, 0xee), Buffer.from([1, 2, 3, 4])]); // + an FCS
    const { packets } = await read(1, padded);
    expect(packets[0].payload.toString()).toBe('a');
    expect(packets[0].ipLength).toBe(41);
  });

  it('delivers what was captured of a packet cut by the snapshot length, with its wire length', async () => {
    const full = ipPacket({ ...v4, payload: Buffer.alloc(1000, 0x41) });
    const w = new PcapWriter({ linkType: RAW, snapLength: 100 });
    const { packets, issues } = await readBytes(Buffer.concat([w.header(), w.record(1, full.subarray(0, 100), full.length)]), 'pcap');
    expect(issues).toEqual([]);
    expect(packets[0].ipLength).toBe(1040);
    expect(packets[0].payload.length).toBe(60);
  });

  it('trusts the captured bytes when total length is 0 (segmentation offload)', async () => {
    const { packets, issues } = await read(RAW, ipv4((p) => p.writeUInt16BE(0, 2)));
    expect(issues).toEqual([]);
    expect(packets[0].payload.toString()).toBe('abcdef');
  });

  it.each([
    ['a header length below 20', (p: Buffer) => (p[0] = 0x44), 'ip.bad-header'],
    ['a total length below the header length', (p: Buffer) => p.writeUInt16BE(12, 2), 'ip.bad-header'],
    ['a version that is neither 4 nor 6', (p: Buffer) => (p[0] = 0x55), 'ip.bad-header'],
    ['a header length past the captured bytes', (p: Buffer) => (p[0] = 0x4f), 'ip.truncated'],
  ])('reports %s', async (_name, edit, code) => {
    const { packets, issues, stats } = await read(RAW, ipv4(edit));
    expect(packets).toEqual([]);
    expect(issues).toEqual([expect.objectContaining({ code, offset: 24 })]);
    expect(stats.skipped.malformed).toBe(1);
  });

  it('reports a header cut short', async () => {
    const { issues } = await read(RAW, ipPacket(v4).subarray(0, 12), Buffer.alloc(0));
    expect(codes(issues)).toEqual(['ip.truncated', 'ip.truncated']);
  });

  it('hands fragments (more-fragments set, or a non-zero offset) to reassembly, and decodes don\'t-fragment packets', async () => {
    const first = ipv4((p) => p.writeUInt16BE(0x2000, 6));
    const later = ipv4((p) => p.writeUInt16BE(185, 6)); // offset 185 * 8 = 1480
    const dontFragment = ipv4((p) => p.writeUInt16BE(0x4000, 6));
    const { packets, issues, stats } = await read(RAW, first, later, dontFragment);
    expect(packets).toHaveLength(1);
    // The first one's 26 bytes are cut to 24 (as Linux does), the second waits for bytes 24-1480 that never come.
    expect(codes(issues)).toEqual(['ip.fragment-timeout']);
    expect(issues[0].message).toContain('IPv4 datagram 10.0.0.1 > 10.0.0.2 id 0: 2 fragments (50 of 1506 bytes) dropped');
    expect(stats.skipped.fragment).toBe(2);
    expect(stats.fragments).toMatchObject({ fragments: 2, reassembled: 0, dropped: { timeout: 2 } });
  });

  it('skips other protocols silently (ICMP, GRE, ...)', async () => {
    const { packets, issues, stats } = await read(RAW, ipv4((p) => (p[9] = 1)), ipv4((p) => (p[9] = 47)));
    expect(packets).toEqual([]);
    expect(issues).toEqual([]);
    expect(stats.skipped.otherProtocol).toBe(2);
  });
});

describe('IPv6', () => {
  it('walks hop-by-hop, routing, destination options and AH headers', async () => {
    const chain = Buffer.concat([extension(43), extension(60, 1), extension(51), authHeader(17)]);
    const { packets, issues } = await read(RAW, ipv6WithExtensions(0, chain));
    expect(issues).toEqual([]);
    expect(packets[0]).toMatchObject({ ipVersion: 6, protocol: 17, srcPort: 3333, dstPort: 4444, ipLength: 40 + chain.length + 11 });
    expect(packets[0].payload.toString()).toBe('xyz');
  });

  it('decodes an atomic fragment and hands real ones (behind other extension headers too) to reassembly', async () => {
    const atomic = ipv6WithExtensions(44, fragmentHeader(17, 0, false));
    const first = ipv6WithExtensions(44, fragmentHeader(17, 0, true));
    const later = ipv6WithExtensions(0, Buffer.concat([extension(44), fragmentHeader(17, 1448, false)]));
    const { packets, issues, stats } = await read(RAW, atomic, first, later);
    expect(packets).toHaveLength(1);
    // The first carries 11 bytes with more-fragments set: not a multiple of 8, so IPv6 discards it.
    expect(codes(issues)).toEqual(['ip.fragment', 'ip.fragment-timeout']);
    expect(issues[0].message).toContain('not a multiple of 8');
    expect(issues[1].message).toContain('of 1459 bytes');
    expect(stats.skipped.fragment).toBe(2);
  });

  it('stops quietly at ESP and at "no next header"', async () => {
    const esp = ipv6WithExtensions(50, Buffer.alloc(16));
    const none = ipv6WithExtensions(0, extension(59));
    const { packets, issues, stats } = await read(RAW, esp, none);
    expect(packets).toEqual([]);
    expect(issues).toEqual([]);
    expect(stats.skipped.otherProtocol).toBe(2);
  });

  it('reports a chain that runs past the packet', async () => {
    const longer = ipv6WithExtensions(0, extension(60, 200)); // claims 1608 bytes
    const endless = ipv6WithExtensions(0, Buffer.concat([extension(0), extension(0), extension(0)]));
    const { packets, issues } = await read(RAW, longer, endless);
    expect(packets).toEqual([]);
    expect(codes(issues)).toEqual(['ip.extension-loop', 'ip.extension-loop']);
  });

  it('reports a header shorter than 40 bytes', async () => {
    const { issues } = await read(RAW, ipPacket(v6).subarray(0, 39));
    expect(codes(issues)).toEqual(['ip.truncated']);
  });
});
