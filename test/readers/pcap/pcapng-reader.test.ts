import { PcapngWriter } from '../../../fixtures/lib/capture-writer';
import { ethernetFrame, ipPacket, type SegmentSpec } from '../../../fixtures/lib/frames';
import { codes, PcapngBuilder, readBytes } from './capture-kit';

const a: SegmentSpec = { src: '192.0.2.1', dst: '198.51.100.1', srcPort: 1000, dstPort: 3333, protocol: 'tcp', payload: Buffer.from('one') };
const b: SegmentSpec = { src: '2001:db8::a', dst: '2001:db8::b', srcPort: 2000, dstPort: 4444, protocol: 'udp', payload: Buffer.from('two') };
const SECONDS = 1_600_000_000n;

function sll2(ip: Buffer, protocol: number): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(protocol, 0);
  return Buffer.concat([h, ip]);
}

describe('pcapng', () => {
  it('reads the fixture writer: EPBs on µs and ns interfaces, and an SPB', async () => {
    const w = new PcapngWriter();
    const eth = w.addInterface(1);
    const raw = w.addInterface(101, 9);
    w.add(eth, 1000.5, ethernetFrame(a)).add(raw, 1001.25, ipPacket(b)).addSimple(ethernetFrame(b));
    const { packets, issues, stats } = await readBytes(w.toBuffer(), 'pcapng');
    expect(issues).toEqual([]);
    expect(stats).toMatchObject({ format: 'pcapng', packets: 3, decoded: 3 });
    expect(packets.map((p) => [p.src, p.time])).toEqual([
      [a.src, 1000.5],
      [b.src, 1001.25],
      [b.src, 1001.25], // the SPB has no time: the last one seen
    ]);
  });

  it('handles interfaces with different link types and resolutions, incl. powers of two and an offset', async () => {
    const ng = new PcapngBuilder()
      .iface(1) // default µs
      .iface(276, { tsresol: 3 }) // ms
      .iface(101, { tsresol: 0x80 | 10 }) // 1/1024 s
      .iface(101, { tsresol: 9, tsoffset: 1_000_000n }); // ns, plus 10^6 s
    ng.epb(0, SECONDS * 1_000_000n + 250_000n, ethernetFrame(a))
      .epb(1, SECONDS * 1000n + 500n, sll2(ipPacket(b), 0x86dd))
      .epb(2, SECONDS * 1024n + 256n, ipPacket(a))
      .epb(3, 5n * 1_000_000_000n + 1n, ipPacket(b));
    const { packets, issues } = await readBytes(ng.build(), 'pcapng');
    expect(issues).toEqual([]);
    const start = Number(SECONDS);
    expect(packets.map((p) => p.time)).toEqual([start + 0.25, start + 0.5, start + 0.25, 1_000_005.000000001]);
    expect(packets.map((p) => p.src)).toEqual([a.src, b.src, a.src, b.src]);
  });

  it('reads big-endian sections, several sections per file, and resets interfaces per section', async () => {
    const ng = new PcapngBuilder(false).iface(101).epb(0, 7_000_000n, ipPacket(a));
    ng.section(true).iface(1).epb(0, 8_000_000n, ethernetFrame(b));
    ng.section(false).iface(1, { tsresol: 0 }).epb(0, 9n, ethernetFrame(a));
    const { packets, issues } = await readBytes(ng.build(), 'pcapng');
    expect(issues).toEqual([]);
    expect(packets.map((p) => [p.src, p.time])).toEqual([
      [a.src, 7],
      [b.src, 8],
      [a.src, 9],
    ]);
  });

  it('reads the obsolete Packet Block', async () => {
    const ng = new PcapngBuilder().iface(1).iface(101).pb(1, 3_000_000n, ipPacket(b));
    const { packets, issues } = await readBytes(ng.build(), 'pcapng');
    expect(issues).toEqual([]);
    expect(packets).toMatchObject([{ src: b.src, time: 3 }]);
  });

  it('cuts an SPB to the snapshot length and the original length', async () => {
    const frame = ethernetFrame({ ...a, payload: Buffer.alloc(200, 0x42) });
    const ng = new PcapngBuilder().iface(1, { snapLength: 64 }).spb(frame, frame.length);
    const { packets } = await readBytes(ng.build(), 'pcapng');
    expect(packets[0].payload.length).toBe(64 - 14 - 40);
    const padded = new PcapngBuilder().iface(1).spb(ethernetFrame(a), ethernetFrame(a).length);
    expect((await readBytes(padded.build(), 'pcapng')).packets[0].payload.toString()).toBe('one');
  });

  it('skips name resolution, statistics, custom and unknown blocks by their length', async () => {
    const ng = new PcapngBuilder()
      .block(4, Buffer.concat([Buffer.from([1, 0, 10, 0, 127, 0, 0, 1]), Buffer.from('localhost\0'), Buffer.alloc(4)]))
      .iface(1)
      .block(0xbad, Buffer.alloc(40, 7))
      .epb(0, 1_000_000n, ethernetFrame(a))
      .block(5, Buffer.alloc(12))
      .block(0x80000001, Buffer.alloc(2_000_000, 1)) // larger than a read chunk: buffered, so its trailer is checked first
      .epb(0, 2_000_000n, ethernetFrame(b));
    const { packets, issues, stats } = await readBytes(ng.build(), 'pcapng');
    expect(issues).toEqual([]);
    expect(packets).toHaveLength(2);
    expect(stats.packets).toBe(2);
  });

  it('reports packets on an undeclared interface, counts them, and goes on', async () => {
    const ng = new PcapngBuilder().iface(1);
    const at = ng.length;
    ng.epb(3, 0n, ethernetFrame(a)).epb(0, 0n, ethernetFrame(b));
    const spbOnly = new PcapngBuilder().spb(ethernetFrame(a));
    const result = await readBytes(ng.build(), 'pcapng');
    expect(result.issues).toEqual([expect.objectContaining({ code: 'pcapng.unknown-interface', offset: at })]);
    expect(result.stats).toMatchObject({ packets: 2, decoded: 1 });
    expect(codes((await readBytes(spbOnly.build(), 'pcapng')).issues)).toEqual(['pcapng.unknown-interface']);
  });

  it('reports an unsupported link type once per interface', async () => {
    const ng = new PcapngBuilder().iface(147).iface(1).iface(148);
    for (let i = 0; i < 5; i++) ng.epb(0, 0n, Buffer.alloc(40)).epb(1, 0n, ethernetFrame(a)).epb(2, 0n, Buffer.alloc(40));
    const { issues, stats } = await readBytes(ng.build(), 'pcapng');
    expect(codes(issues)).toEqual(['link.unsupported', 'link.unsupported']);
    expect(issues.map((i) => i.message)).toEqual([expect.stringContaining('147'), expect.stringContaining('148')]);
    expect(stats).toMatchObject({ packets: 15, decoded: 5 });
    expect(stats.skipped.unsupportedLink).toBe(10);
  });

  describe('bad blocks are skipped and reading goes on after them', () => {
    /** An EPB of a, the block to damage (an EPB of b), an EPB of a again; and where each starts. */
    function withBadBlock(edit: (block: Buffer) => void): { file: Buffer; first: number; at: number; next: number } {
      const ng = new PcapngBuilder().iface(1);
      const first = ng.length;
      ng.epb(0, 0n, ethernetFrame(a));
      const at = ng.length;
      const bad = new PcapngBuilder().epb(0, 0n, ethernetFrame(b)).build().subarray(28); // drop its SHB
      const block = Buffer.from(bad);
      edit(block);
      ng.bytes(block).epb(0, 0n, ethernetFrame(a));
      return { file: ng.build(), first, at, next: at + block.length };
    }

    it.each([
      ['a length that is not a multiple of 4', (blk: Buffer) => blk.writeUInt32LE(blk.length + 2, 4), /not a multiple of 4/],
      ['a length below 12', (blk: Buffer) => blk.writeUInt32LE(8, 4), /below/],
      ['a length below what an EPB needs', (blk: Buffer) => blk.writeUInt32LE(28, 4), /below the 32 bytes/],
      ['an absurd length', (blk: Buffer) => blk.writeUInt32LE(0xfffffff0, 4), /past the limit/],
      ['a trailer that differs', (blk: Buffer) => blk.writeUInt32LE(blk.length + 4, blk.length - 4), /trailing length/],
      ['a block type no writer uses', (blk: Buffer) => blk.writeUInt32LE(0x4242, 0), /no pcapng block type/],
    ])('%s: resynchronised on the next block, the bytes skipped counted', async (_name, edit, message) => {
      const { file, first, at, next } = withBadBlock(edit);
      const { issues, stats, packets } = await readBytes(file, 'pcapng');
      expect(issues).toEqual([expect.objectContaining({ code: 'pcapng.resync', offset: at, message: expect.stringMatching(message) })]);
      expect(issues[0].message).toContain(`${next - at} bytes skipped to the next plausible block at offset ${next}`);
      expect(stats.resync).toEqual({ regions: 1, bytes: next - at });
      expect(packets.map((p) => p.offset)).toEqual([first, next]);
    });

    it('a captured length past its block: that block alone is skipped (it frames, so no bytes are lost)', async () => {
      const { file, at, next } = withBadBlock((blk) => blk.writeUInt32LE(blk.length, 20));
      const { issues, stats } = await readBytes(file, 'pcapng');
      expect(issues).toEqual([expect.objectContaining({ code: 'pcapng.bad-block', offset: at, message: expect.stringMatching(/does not fit/) })]);
      expect(stats.packets).toBe(2);
      expect(stats.resync).toEqual({ regions: 0, bytes: 0 });
      expect(next).toBeGreaterThan(at);
    });

    it('a later section header with a bad byte-order magic is skipped; one of an unknown version skips its section', async () => {
      const ng = new PcapngBuilder().iface(1).epb(0, 0n, ethernetFrame(a));
      const at = ng.length;
      const shb = new PcapngBuilder().build();
      shb.writeUInt32LE(0x12345678, 8);
      const after = new PcapngBuilder().iface(1).epb(0, 0n, ethernetFrame(b)).build();
      const badMagic = await readBytes(Buffer.concat([ng.build(), shb, after]), 'pcapng');
      expect(badMagic.issues).toEqual([expect.objectContaining({ code: 'pcapng.resync', offset: at, message: expect.stringContaining('byte-order magic') })]);
      expect(badMagic.packets.map((p) => p.src)).toEqual([a.src, b.src]);

      const v2 = new PcapngBuilder().iface(1).epb(0, 0n, ethernetFrame(a)).section(true, 2).iface(1).epb(0, 0n, ethernetFrame(a));
      const badVersion = await readBytes(Buffer.concat([v2.build(), after]), 'pcapng');
      expect(badVersion.issues).toEqual([expect.objectContaining({ code: 'pcapng.bad-block', offset: at, message: expect.stringContaining('version 2') })]);
      expect(badVersion.packets.map((p) => p.src)).toEqual([a.src, b.src]);
    });
  });

  it('reports a file cut inside a block, at that block, and inside a block header', async () => {
    const ng = new PcapngBuilder().iface(1).epb(0, 0n, ethernetFrame(a));
    const at = ng.length;
    const file = ng.epb(0, 0n, ethernetFrame(b)).build();
    const cut = await readBytes(file.subarray(0, file.length - 6), 'pcapng');
    expect(cut.issues).toEqual([expect.objectContaining({ code: 'pcapng.truncated', offset: at })]);
    expect(cut.stats.packets).toBe(1);
    const headerCut = await readBytes(Buffer.concat([file, Buffer.alloc(7)]), 'pcapng');
    expect(headerCut.issues).toEqual([expect.objectContaining({ code: 'pcapng.truncated', offset: file.length })]);
    const skippedCut = await readBytes(new PcapngBuilder().block(0xbad, Buffer.alloc(100)).build().subarray(0, 80), 'pcapng');
    expect(codes(skippedCut.issues)).toEqual(['pcapng.truncated']);
  });

  it('rejects files that do not start with a readable section header', async () => {
    const good = new PcapngBuilder().iface(1).build();
    await expect(readBytes(Buffer.from('not a capture at all, just text'), 'pcapng')).rejects.toThrow(/not a pcapng file/);
    const badMagic = Buffer.from(good);
    badMagic.writeUInt32LE(1, 8);
    await expect(readBytes(badMagic, 'pcapng')).rejects.toThrow(/byte-order magic/);
    const badLength = Buffer.from(good);
    badLength.writeUInt32LE(30, 4);
    await expect(readBytes(badLength, 'pcapng')).rejects.toThrow(/bad length 30/);
    await expect(readBytes(new PcapngBuilder().section(true, 2).build().subarray(28), 'pcapng')).rejects.toThrow(/version 2/);
  });

  it('reads a file several read chunks long, blocks straddling the chunk boundaries', async () => {
    const ng = new PcapngBuilder().iface(1);
    const count = 25_000;
    for (let i = 0; i < count; i++) ng.epb(0, BigInt(i), ethernetFrame({ ...a, srcPort: i % 65536, payload: Buffer.alloc(i % 150, i) }));
    const file = ng.build();
    expect(file.length).toBeGreaterThan(3 << 20);
    const { packets, issues, progress } = await readBytes(file, 'pcapng');
    expect(issues).toEqual([]);
    expect(packets).toHaveLength(count);
    packets.forEach((p, i) => {
      expect(p.srcPort).toBe(i % 65536);
      expect(p.payload.length).toBe(i % 150);
    });
    expect(progress.length).toBeGreaterThan(3);
  });

  it('does not let a block larger than the packet limit through', async () => {
    const big = ethernetFrame({ ...a, payload: Buffer.alloc(3000, 1) });
    const ng = new PcapngBuilder().iface(1).epb(0, 0n, big);
    const { issues, stats } = await readBytes(ng.build(), 'pcapng', 1000);
    expect(issues).toEqual([expect.objectContaining({ code: 'pcapng.bad-block', message: expect.stringContaining('past the limit of 1000') })]);
    expect(stats.packets).toBe(0);
  });
});
