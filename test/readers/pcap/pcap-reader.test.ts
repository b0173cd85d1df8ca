import { withSource } from '../../../src/readers/source';
import { tmpdir } from 'node:os';
import { PcapWriter, type PcapOptions } from '../../../fixtures/lib/capture-writer';
import { ethernetFrame, type SegmentSpec } from '../../../fixtures/lib/frames';
import { readCapture } from '../../../src/readers/pcap/capture';
import { captureOptions, codes, readBytes, readPath, writeTemp } from './capture-kit';

const tcp: SegmentSpec = {
  src: '192.168.1.10',
  dst: '203.0.113.5',
  srcPort: 50123,
  dstPort: 3333,
  protocol: 'tcp',
  seq: 0xfffffff0,
  ack: 77,
  flags: 0x18,
  payload: Buffer.from('{"id":1,"method":"mining.subscribe","params":[]}\n'),
};
const udp: SegmentSpec = { src: '10.0.0.2', dst: '8.8.8.8', srcPort: 5353, dstPort: 53, protocol: 'udp', payload: Buffer.from('dns?') };

function capture(options: PcapOptions, count = 3): Buffer {
  const w = new PcapWriter(options);
  for (let i = 0; i < count; i++) w.add(1_700_000_000 + i + 0.25, ethernetFrame(i % 2 ? udp : tcp));
  return w.toBuffer();
}

/** Record offsets computed independently: 24-byte file header, 16-byte record headers. */
function recordOffsets(file: Buffer, bigEndian = false): number[] {
  const offsets: number[] = [];
  for (let at = 24; at + 16 <= file.length; ) {
    offsets.push(at);
    at += 16 + (bigEndian ? file.readUInt32BE(at + 8) : file.readUInt32LE(at + 8));
  }
  return offsets;
}

describe('classic pcap', () => {
  it.each([
    ['µs little-endian', { nanosecond: false, bigEndian: false }, 'pcap'],
    ['µs big-endian', { nanosecond: false, bigEndian: true }, 'pcap'],
    ['ns little-endian', { nanosecond: true, bigEndian: false }, 'pcap-ns'],
    ['ns big-endian', { nanosecond: true, bigEndian: true }, 'pcap-ns'],
  ] as const)('reads %s', async (_name, options, format) => {
    const file = capture(options, 4);
    const { packets, issues, stats } = await readBytes(file, 'pcap');
    expect(issues).toEqual([]);
    expect(stats).toMatchObject({ format, packets: 4, decoded: 4, bytes: file.length });
    expect(packets.map((p) => p.offset)).toEqual(recordOffsets(file, options.bigEndian));
    packets.forEach((p, i) => expect(p.time).toBeCloseTo(1_700_000_000 + i + 0.25, 6));

    const [first, second] = packets;
    expect(first).toMatchObject({
      ipVersion: 4,
      src: tcp.src,
      dst: tcp.dst,
      protocol: 6,
      srcPort: 50123,
      dstPort: 3333,
      tcp: { seq: 0xfffffff0, ack: 77, flags: 0x18 },
      ipLength: 20 + 20 + tcp.payload!.length,
    });
    expect(first.payload.toString()).toBe(tcp.payload!.toString());
    expect(second).toMatchObject({ protocol: 17, src: '10.0.0.2', dst: '8.8.8.8', srcPort: 5353, dstPort: 53, tcp: undefined });
    expect(second.payload.toString()).toBe('dns?');
  });

  it('keeps nanosecond precision apart from microseconds', async () => {
    const w = new PcapWriter({ nanosecond: true });
    // A small epoch value: near 1.7e9 a double itself only resolves ~0.2 µs.
    w.add(1000.123456789, ethernetFrame(tcp));
    const { packets } = await readBytes(w.toBuffer(), 'pcap');
    expect(packets[0].time).toBeCloseTo(1000.123456789, 9);
  });

  it('reports progress up to the file size', async () => {
    const file = capture({}, 5);
    const { progress } = await readBytes(file, 'pcap');
    expect(progress[progress.length - 1]).toBe(file.length);
  });

  it('reads an empty capture (header only)', async () => {
    const { stats, issues } = await readBytes(new PcapWriter().toBuffer(), 'pcap');
    expect(stats).toMatchObject({ packets: 0, decoded: 0 });
    expect(issues).toEqual([]);
  });

  it('reports a file cut inside a packet body, at that record', async () => {
    const file = capture({}, 3);
    const offsets = recordOffsets(file);
    const { stats, issues } = await readBytes(file.subarray(0, file.length - 5), 'pcap');
    expect(stats.packets).toBe(2);
    expect(issues).toEqual([expect.objectContaining({ code: 'pcap.truncated-packet', offset: offsets[2] })]);
  });

  it('reports a file cut inside a record header, at that header', async () => {
    const file = capture({}, 3);
    const cut = Buffer.concat([file, Buffer.alloc(9)]);
    const { stats, issues } = await readBytes(cut, 'pcap');
    expect(stats.packets).toBe(3);
    expect(issues).toEqual([expect.objectContaining({ code: 'pcap.truncated-header', offset: file.length })]);
  });

  it('skips a record with an absurd length and resynchronises on the next one, without buffering the rest', async () => {
    const file = capture({}, 4);
    const offsets = recordOffsets(file);
    file.writeUInt32LE(0x7fffffff, offsets[2] + 8);
    const { stats, issues, packets } = await readBytes(file, 'pcap');
    expect(stats.packets).toBe(3);
    expect(packets.map((p) => p.offset)).toEqual([offsets[0], offsets[1], offsets[3]]);
    expect(issues).toEqual([
      expect.objectContaining({ code: 'pcap.resync', offset: offsets[2], message: expect.stringContaining(`${offsets[3] - offsets[2]} bytes skipped to the next plausible record at offset ${offsets[3]}`) }),
    ]);
    expect(issues[0].message).toContain('captured length 2147483647 is past the limit');
    expect(stats.resync).toEqual({ regions: 1, bytes: offsets[3] - offsets[2] });
  });

  it('holds records to the configured maximum and to the snapshot length', async () => {
    const big = ethernetFrame({ ...tcp, payload: Buffer.alloc(1400, 0x61) });
    const w = new PcapWriter().add(1, ethernetFrame(tcp)).add(2, big).add(3, ethernetFrame(udp));
    const limited = await readBytes(w.toBuffer(), 'pcap', 1000);
    expect(limited.stats.packets).toBe(2);
    expect(codes(limited.issues)).toEqual(['pcap.resync']);

    // Far past a small snapshot length: corrupt. Just past it: libpcap reads it, and so do we.
    const huge = Buffer.alloc(96 + 65_536 + 1, 0x5a);
    const small = new PcapWriter({ snapLength: 96 }).add(1, big).add(2, huge).add(3, big).toBuffer();
    const snapped = await readBytes(small, 'pcap');
    expect(snapped.stats.packets).toBe(2);
    expect(snapped.issues).toEqual([expect.objectContaining({ code: 'pcap.resync', offset: recordOffsets(small)[1] })]);
  });

  it('treats a snapshot length of 0 as "no limit" below the configured maximum', async () => {
    const frame = ethernetFrame({ ...tcp, payload: Buffer.alloc(1400, 0x61) });
    const file = new PcapWriter({ snapLength: 0 }).add(1, frame).add(2, Buffer.alloc(5000)).add(3, frame).toBuffer();
    const { stats, issues } = await readBytes(file, 'pcap', 4000);
    expect(stats.packets).toBe(2);
    expect(issues).toEqual([expect.objectContaining({ code: 'pcap.resync', offset: recordOffsets(file)[1] })]);
  });

  it('rejects a pcap version it cannot parse', async () => {
    const file = capture({}, 1);
    file.writeUInt16LE(3, 4);
    file.writeUInt16LE(0, 6);
    await expect(readBytes(file, 'pcap')).rejects.toThrow(/not a readable pcap file: unsupported version 3\.0/);
  });

  it('reports an unsupported link type once, and counts its packets', async () => {
    const file = capture({ linkType: 147 }, 5);
    const { stats, issues } = await readBytes(file, 'pcap');
    expect(codes(issues)).toEqual(['link.unsupported']);
    expect(issues[0].offset).toBe(24);
    expect(stats).toMatchObject({ packets: 5, decoded: 0 });
    expect(stats.skipped.unsupportedLink).toBe(5);
  });

  it('ignores the FCS bits above the link type', async () => {
    const file = capture({ linkType: 1 | (0x1 << 28) | (0x4 << 26) }, 2);
    const { stats, issues } = await readBytes(file, 'pcap');
    expect(issues).toEqual([]);
    expect(stats.decoded).toBe(2);
  });

  it('rejects a file whose header is not pcap, with a one-line message', async () => {
    const file = capture({}, 1);
    file.writeUInt32BE(0xdeadbeef, 0);
    const error = await readBytes(file, 'pcap').then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/not a readable pcap file: unknown magic number: deadbeef/);
    expect(error?.message).not.toContain('\n');
  });

  it('rejects a file too short for the header, and a file that does not exist', async () => {
    await expect(readBytes(Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0]), 'pcap')).rejects.toThrow(/too short for a pcap file header/);
    const sink = { packet: () => undefined, issue: () => undefined };
    await expect(withSource('/nonexistent/x.pcap', (s) => readCapture(s, 'pcap', sink, captureOptions(1000)))).rejects.toThrow('cannot read: ENOENT');
    await expect(withSource(tmpdir(), (s) => readCapture(s, 'pcapng', sink, captureOptions(1000)))).rejects.toThrow('is a directory');
  });

  it('reads a file several read chunks long, records straddling the chunk boundaries', async () => {
    const w = new PcapWriter({ nanosecond: true });
    const count = 25_000;
    for (let i = 0; i < count; i++) w.add(i, ethernetFrame({ ...tcp, srcPort: i % 65536, payload: Buffer.alloc(i % 150, i) }));
    const file = w.toBuffer();
    expect(file.length).toBeGreaterThan(3 << 20);
    const { packets, issues } = await readBytes(file, 'pcap');
    expect(issues).toEqual([]);
    expect(packets).toHaveLength(count);
    packets.forEach((p, i) => {
      expect(p.srcPort).toBe(i % 65536);
      expect(p.payload.length).toBe(i % 150);
      expect(p.time).toBe(i);
    });
  });

  it('reads a path that was written by a streaming writer (header, then records)', async () => {
    const w = new PcapWriter({ bigEndian: true, nanosecond: true });
    const parts = [w.header(), w.record(5.5, ethernetFrame(tcp)), w.record(6.5, ethernetFrame(udp))];
    const { stats, packets } = await readPath(writeTemp(Buffer.concat(parts)), 'pcap');
    expect(stats.decoded).toBe(2);
    expect(packets.map((p) => p.time)).toEqual([5.5, 6.5]);
  });
});
