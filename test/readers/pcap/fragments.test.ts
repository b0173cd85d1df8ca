/**
 * IP fragment reassembly through the whole capture path (pcap → frame decoder → reassembler →
 * transport decode): the datagram a fragment completes comes out as one decoded packet; the
 * overlap policy (partial overlaps drop the datagram, duplicates are ignored, first copy wins)
 * and the bounds (time, count, bytes, size) each show as an issue and a counted drop.
 */
import { LINKTYPE, PcapWriter } from '../../../fixtures/lib/capture-writer';
import { ipPacket, type SegmentSpec } from '../../../fixtures/lib/frames';
import { ipv4Fragments, ipv6Fragments } from '../../../fixtures/lib/ip-fragments';
import type { FragmentLimits, FragmentStats } from '../../../src/readers/pcap/fragments';
import { codes, readBytes, type Collected } from './capture-kit';

const payload = Buffer.from(`{"id":1,"method":"login","params":{"login":"${'4'.repeat(95)}","pass":"x","agent":"XMRig/6.21.0"}}\n`);
const v4: SegmentSpec = { src: '10.0.0.1', dst: '203.0.113.9', srcPort: 40001, dstPort: 3333, protocol: 'tcp', seq: 1, ack: 1, flags: 0x18, payload };
const v6: SegmentSpec = { src: 'fd00::1', dst: '2001:db8::9', srcPort: 40002, dstPort: 3333, protocol: 'tcp', seq: 1, ack: 1, flags: 0x18, payload };

/** Raw IP packets, `gap` seconds apart unless a time is given. */
function read(packets: Array<Buffer | [number, Buffer]>, limits: Partial<FragmentLimits> = {}, gap = 0.001): Promise<Collected> {
  const w = new PcapWriter({ linkType: LINKTYPE.RAW });
  packets.forEach((p, i) => (Array.isArray(p) ? w.add(p[0], p[1]) : w.add(1000 + i * gap, p)));
  return readBytes(w.toBuffer(), 'pcap', undefined, limits);
}

/** Every fragment is accounted for: in a datagram, a duplicate, or a drop. */
function accounted(stats: FragmentStats): number {
  return stats.duplicates + Object.values(stats.dropped).reduce((a, b) => a + b, 0);
}

/** A copy of an IPv4 fragment with its data bytes set to `fill`. */
function refilled(fragment: Buffer, fill: number): Buffer {
  const copy = Buffer.from(fragment);
  copy.fill(fill, 20);
  return copy;
}

describe('IP fragment reassembly', () => {
  it('reassembles IPv4 fragments in order, even ones that split the TCP header', async () => {
    const fragments = ipv4Fragments(v4, 8, 0x1234);
    expect(fragments.length).toBeGreaterThan(3);
    const { packets, issues, stats } = await read(fragments);
    expect(issues).toEqual([]);
    expect(packets).toHaveLength(1);
    expect(packets[0]).toMatchObject({ src: v4.src, dst: v4.dst, srcPort: 40001, dstPort: 3333, ipLength: 40 + payload.length, tcp: { seq: 1 } });
    expect(packets[0].payload.equals(payload)).toBe(true);
    expect(packets[0].offset).toBe(24 + (fragments.length - 1) * 16 + fragments.slice(0, -1).reduce((n, f) => n + f.length, 0));
    expect(stats.fragments).toMatchObject({ fragments: fragments.length, reassembled: 1, duplicates: 0 });
    expect(stats.skipped.fragment).toBe(fragments.length);
  });

  it('reassembles fragments out of order (last first, then shuffled)', async () => {
    const fragments = ipv4Fragments(v4, 32, 7);
    const order = [fragments.length - 1, 2, 0, ...fragments.keys()].filter((i, at, all) => all.indexOf(i) === at);
    const { packets, issues } = await read(order.map((i) => fragments[i]));
    expect(issues).toEqual([]);
    expect(packets.map((p) => p.payload.toString())).toEqual([payload.toString()]);
  });

  it('reassembles IPv6 fragments (Fragment header), with 32-bit identifications kept apart', async () => {
    const a = ipv6Fragments(v6, 48, 0x10000001);
    const b = ipv6Fragments({ ...v6, srcPort: 40003 }, 48, 0x20000001);
    const interleaved = a.flatMap((f, i) => [f, b[i]]).filter((f) => f !== undefined);
    const { packets, issues, stats } = await read(interleaved);
    expect(issues).toEqual([]);
    expect(packets.map((p) => [p.ipVersion, p.srcPort, p.ipLength, p.payload.equals(payload)])).toEqual([
      [6, 40002, 40 + 20 + payload.length, true],
      [6, 40003, 40 + 20 + payload.length, true],
    ]);
    expect(stats.fragments).toMatchObject({ fragments: a.length + b.length, reassembled: 2 });
  });

  it('keeps IPv4 datagrams with the same identification but another protocol or address apart', async () => {
    const tcp = ipv4Fragments(v4, 64, 99);
    const udp = ipv4Fragments({ ...v4, protocol: 'udp' }, 64, 99);
    const other = ipv4Fragments({ ...v4, src: '10.0.0.2' }, 64, 99);
    const { packets, issues } = await read([tcp[0], udp[0], other[0], ...tcp.slice(1), ...udp.slice(1), ...other.slice(1)]);
    expect(issues).toEqual([]);
    expect(packets.map((p) => `${p.src}/${p.protocol}`)).toEqual(['10.0.0.1/6', '10.0.0.1/17', '10.0.0.2/6']);
  });

  describe('overlap policy', () => {
    it('ignores exact and contained duplicates; the first copy wins', async () => {
      const fragments = ipv4Fragments(v4, 32, 5);
      const changed = refilled(fragments[1], 0x58);
      // A fragment inside fragment 1's bytes: 8 bytes at its offset, other data.
      const inside = Buffer.concat([changed.subarray(0, 20), changed.subarray(20, 28)]);
      inside.writeUInt16BE(28, 2);
      const { packets, issues, stats } = await read([fragments[0], fragments[1], changed, inside, ...fragments.slice(2)]);
      expect(issues).toEqual([]);
      expect(packets[0].payload.equals(payload)).toBe(true);
      expect(stats.fragments).toMatchObject({ fragments: fragments.length + 2, reassembled: 1, duplicates: 2 });
    });

    it('drops a datagram with a partial overlap, and reassembles the same identification sent again afterwards', async () => {
      const fragments = ipv4Fragments(v4, 32, 6);
      // Fragment 1 again, shifted by 8 bytes: it overlaps the held fragment 1 without lying inside it.
      const shifted = Buffer.from(fragments[1]);
      shifted.writeUInt16BE(0x2000 | (40 / 8), 6);
      const { packets, issues, stats } = await read([fragments[0], fragments[1], shifted, ...fragments.slice(2), ...fragments]);
      expect(codes(issues)).toEqual(['ip.fragment-overlap', 'ip.fragment-timeout']);
      expect(issues[0].message).toContain('fragment [40, 72) overlaps held bytes [0, 64)');
      expect(issues[0].message).toContain('3 fragments (64 of ? bytes) dropped');
      // The rest of the first send starts a new datagram that never gets its first fragment...
      expect(issues[1].message).toContain(`${fragments.length - 2} fragments`);
      // ...and the second send is whole.
      expect(packets.map((p) => p.payload.equals(payload))).toEqual([true]);
      expect(stats.fragments.dropped).toMatchObject({ overlap: 3, timeout: fragments.length - 2 });
      expect(accounted(stats.fragments) + fragments.length).toBe(stats.fragments.fragments);
    });

    it('drops a datagram whose fragments disagree about its end', async () => {
      const fragments = ipv4Fragments(v4, 32, 8);
      const last = fragments[fragments.length - 1];
      const earlyEnd = Buffer.from(fragments[1]);
      earlyEnd.writeUInt16BE(32 / 8, 6); // fragment 1 claiming to be the last
      const { packets, issues } = await read([fragments[0], last, earlyEnd, ...fragments.slice(1, -1)]);
      expect(packets).toEqual([]);
      expect(codes(issues)).toEqual(['ip.fragment-overlap', 'ip.fragment-timeout']);
      expect(issues[0].message).toContain(`two last fragments end at bytes ${20 + payload.length} and 64`);
    });
  });

  describe('bounds', () => {
    it('drops a datagram not complete within timeoutSeconds of its first fragment (capture time)', async () => {
      const fragments = ipv4Fragments(v4, 64, 9);
      const slow = await read([[1000, fragments[0]], [1031, fragments[1]], ...fragments.slice(2).map((f): [number, Buffer] => [1031, f])]);
      expect(codes(slow.issues)).toEqual(['ip.fragment-timeout', 'ip.fragment-timeout']);
      expect(slow.issues[0]).toMatchObject({ offset: 24, message: expect.stringContaining('within 30 s (capture.fragments.timeoutSeconds)') });
      expect(slow.packets).toEqual([]);
      const patient = await read([[1000, fragments[0]], [1031, fragments[1]], ...fragments.slice(2).map((f): [number, Buffer] => [1031, f])], { timeoutSeconds: 60 });
      expect(patient.issues).toEqual([]);
      expect(patient.packets).toHaveLength(1);
    });

    it('reports a datagram still incomplete when the capture ends', async () => {
      const fragments = ipv6Fragments(v6, 64, 10);
      const { issues, stats } = await read(fragments.slice(0, -1));
      expect(issues).toEqual([expect.objectContaining({ code: 'ip.fragment-timeout', message: expect.stringContaining('the capture ended before all its fragments arrived') })]);
      expect(stats.fragments.dropped.timeout).toBe(fragments.length - 1);
    });

    it('evicts the oldest pending datagram past maxDatagrams', async () => {
      const [a, b, c] = [11, 12, 13].map((id, i) => ipv4Fragments({ ...v4, srcPort: 50000 + i }, 64, id));
      const { packets, issues, stats } = await read([a[0], b[0], c[0], ...b.slice(1), ...c.slice(1), ...a.slice(1)], { maxDatagrams: 2 });
      expect(codes(issues)).toEqual(['ip.fragment-limit', 'ip.fragment-timeout']);
      expect(issues[0]).toMatchObject({ offset: 24, message: expect.stringContaining('2 datagrams were pending (capture.fragments.maxDatagrams)') });
      expect(packets.map((p) => p.srcPort)).toEqual([50001, 50002]);
      expect(stats.fragments.dropped).toMatchObject({ evicted: 1, timeout: a.length - 1 });
    });

    it('evicts the oldest pending datagram past maxBytes', async () => {
      const big = (srcPort: number, id: number) => ipv4Fragments({ ...v4, protocol: 'udp', srcPort, payload: Buffer.alloc(40_000, srcPort) }, 1480, id);
      const a = big(1, 21);
      const b = big(2, 22);
      const { packets, issues } = await read([...a.slice(0, -1), ...b.slice(0, -1), a[a.length - 1], b[b.length - 1]], { maxBytes: 65_536 });
      expect(codes(issues)).toEqual(['ip.fragment-limit', 'ip.fragment-timeout']);
      expect(issues[0].message).toContain('fragment bytes were held (capture.fragments.maxBytes)');
      expect(packets.map((p) => [p.srcPort, p.payload.length])).toEqual([[2, 40_000]]);
    });

    it('drops a datagram that would be past 65,535 bytes (ping of death)', async () => {
      const fragments = ipv4Fragments(v4, 32, 23);
      const beyond = Buffer.from(fragments[fragments.length - 1]);
      beyond.writeUInt16BE(65_520 / 8, 6);
      const { packets, issues, stats } = await read([fragments[0], beyond]);
      expect(packets).toEqual([]);
      expect(codes(issues)).toEqual(['ip.fragment-oversize']);
      expect(stats.fragments.dropped.oversize).toBe(2);
    });
  });

  it('trims a misaligned IPv4 non-final fragment to whole 8-byte units, as Linux does; skips an empty one', async () => {
    const fragments = ipv4Fragments(v4, 32, 24);
    const padded = Buffer.concat([fragments[1], Buffer.from('JUNK')]);
    padded.writeUInt16BE(padded.length, 2);
    const empty = Buffer.from(fragments[2].subarray(0, 20));
    empty.writeUInt16BE(20, 2);
    const { packets, issues, stats } = await read([fragments[0], padded, empty, ...fragments.slice(2)]);
    expect(codes(issues)).toEqual(['ip.fragment']);
    expect(issues[0].message).toContain('a non-final fragment with no data');
    expect(packets[0].payload.equals(payload)).toBe(true);
    expect(stats.fragments.dropped.unusable).toBe(1);
  });

  it('skips a fragment cut by the snapshot length', async () => {
    const fragments = ipv4Fragments(v4, 64, 25);
    const { packets, issues } = await read([fragments[0].subarray(0, 40), ...fragments.slice(1)]);
    expect(packets).toEqual([]);
    expect(codes(issues)).toEqual(['ip.fragment', 'ip.fragment-timeout']);
    expect(issues[0].message).toContain('cut short by the snapshot length');
  });

  it('leaves ordinary packets alone, and an atomic IPv6 fragment is a whole packet', async () => {
    const { packets, stats } = await read([ipPacket(v4), ipPacket(v6)]);
    expect(packets).toHaveLength(2);
    expect(stats.fragments).toMatchObject({ fragments: 0, reassembled: 0 });
  });
});
