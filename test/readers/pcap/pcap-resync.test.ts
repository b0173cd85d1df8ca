/**
 * Classic pcap resynchronisation: damage in the middle of a file costs the bytes of the damage,
 * not the rest of the file. Each skipped run is one pcap.resync issue at the offset where reading
 * lost its footing, saying why and how many bytes were skipped; stats.resync adds them up.
 */
import { PcapWriter } from '../../../fixtures/lib/capture-writer';
import { insertAt, pcapRecordOffsets } from '../../../fixtures/lib/corrupt';
import { ethernetFrame, type SegmentSpec } from '../../../fixtures/lib/frames';
import { Prng } from '../../../fixtures/lib/prng';
import { codes, readBytes } from './capture-kit';

const spec = (i: number): SegmentSpec => ({ src: '192.168.1.10', dst: '203.0.113.5', srcPort: 40000 + (i % 25_000), dstPort: 3333, protocol: 'tcp', payload: Buffer.alloc(20 + (i % 7) * 11, i) });

/** `count` records a second apart from `start`, each a TCP segment from port 40000 + i (mod 25000). */
function capture(count: number, start = 1_700_000_000, step = 1): Buffer {
  const w = new PcapWriter();
  for (let i = 0; i < count; i++) w.add(start + i * step, ethernetFrame(spec(i)));
  return w.toBuffer();
}

const ports = (packets: Array<{ srcPort: number }>) => packets.map((p) => p.srcPort - 40000);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('classic pcap resynchronisation', () => {
  it('skips garbage spliced between records, reads every record after it, and counts the bytes skipped', async () => {
    const whole = capture(10);
    const at = pcapRecordOffsets(whole)[4];
    const garbage = new Prng(1).bytes(3001);
    const { packets, issues, stats } = await readBytes(insertAt(whole, at, garbage), 'pcap');
    expect(ports(packets)).toEqual(range(0, 10));
    expect(issues).toEqual([
      expect.objectContaining({ code: 'pcap.resync', offset: at, message: expect.stringContaining(`3001 bytes skipped to the next plausible record at offset ${at + 3001}`) }),
    ]);
    expect(stats.resync).toEqual({ regions: 1, bytes: 3001 });
  });

  it('skips a record whose header was overwritten, and one whose original length is below its captured length', async () => {
    const file = capture(8);
    const offsets = pcapRecordOffsets(file);
    new Prng(2).bytes(16).copy(file, offsets[2]);
    file.writeUInt32LE(0xfff00000, offsets[2] + 8);
    file.writeUInt32LE(10, offsets[5] + 12);
    const { packets, issues, stats } = await readBytes(file, 'pcap');
    expect(ports(packets)).toEqual([0, 1, 3, 4, 6, 7]);
    expect(issues.map((i) => [i.code, i.offset])).toEqual([
      ['pcap.resync', offsets[2]],
      ['pcap.resync', offsets[5]],
    ]);
    expect(issues[1].message).toContain('original length 10 is below the captured length');
    expect(stats.resync).toEqual({ regions: 2, bytes: offsets[3] - offsets[2] + offsets[6] - offsets[5] });
  });

  it('takes a real clock jump the records after it confirm, but skips a lone header with a far timestamp', async () => {
    const jump = Buffer.concat([capture(3), capture(3, 1_800_000_000).subarray(24)]);
    const jumped = await readBytes(jump, 'pcap');
    expect(jumped.issues).toEqual([]);
    expect(jumped.packets).toHaveLength(6);

    const file = capture(6);
    const offsets = pcapRecordOffsets(file);
    file.writeUInt32LE(1_900_000_000, offsets[3]);
    const lone = await readBytes(file, 'pcap');
    expect(ports(lone.packets)).toEqual([0, 1, 2, 4, 5]);
    expect(lone.issues).toEqual([expect.objectContaining({ code: 'pcap.resync', offset: offsets[3], message: expect.stringContaining('more than a day from the previous record') })]);
  });

  it('reports garbage that runs to the end of the file', async () => {
    const whole = capture(4);
    const { packets, issues, stats } = await readBytes(Buffer.concat([whole, new Prng(3).bytes(500)]), 'pcap');
    expect(packets).toHaveLength(4);
    expect(issues).toEqual([
      expect.objectContaining({ code: 'pcap.resync', offset: whole.length, message: expect.stringContaining('the 500 bytes to the end of the file hold no plausible record; skipped') }),
    ]);
    expect(stats.resync).toEqual({ regions: 1, bytes: 500 });
  });

  it('finds the records hidden behind a plausible length that runs past the end of the file', async () => {
    const file = capture(6);
    const offsets = pcapRecordOffsets(file);
    file.writeUInt32LE(60_000, offsets[2] + 8);
    file.writeUInt32LE(60_000, offsets[2] + 12);
    const { packets, issues } = await readBytes(file, 'pcap');
    expect(ports(packets)).toEqual([0, 1, 3, 4, 5]);
    expect(issues).toEqual([
      expect.objectContaining({ code: 'pcap.resync', offset: offsets[2], message: expect.stringContaining('record header claims 60000 bytes, past the end of the file') }),
    ]);
    // A plain cut is still a cut: nothing inside the last record looks like records.
    const cut = await readBytes(file.subarray(0, offsets[5] + 30), 'pcap');
    expect(codes(cut.issues)).toEqual(['pcap.resync', 'pcap.truncated-packet']);
  });

  it('resynchronises the same way when the damage straddles read chunks', async () => {
    const whole = capture(40_000);
    expect(whole.length).toBeGreaterThan(2 << 20);
    const offsets = pcapRecordOffsets(whole);
    const at = offsets.find((o) => o > (1 << 20) - 900)!;
    const garbage = new Prng(4).bytes(1800);
    const { packets, issues, stats } = await readBytes(insertAt(whole, at, garbage), 'pcap');
    expect(packets).toHaveLength(40_000);
    expect(issues.map((i) => [i.code, i.offset])).toEqual([['pcap.resync', at]]);
    expect(stats.resync.bytes).toBe(1800);
  });

  it('costs linear time on damage made to resynchronise as often as possible', async () => {
    // Two tiny plausible records (the scan's confirmation), then a bad header: a resync every 64 bytes.
    const unit = new PcapWriter().add(1000, Buffer.alloc(8)).add(1000, Buffer.alloc(8)).toBuffer().subarray(24);
    const bad = Buffer.alloc(16);
    bad.writeUInt32LE(1000, 0);
    bad.writeUInt32LE(0x7fffffff, 8);
    const groups = 20_000;
    const file = Buffer.concat([new PcapWriter().toBuffer(), ...Array.from({ length: groups }, () => Buffer.concat([unit, bad]))]);
    const started = Date.now();
    const { stats } = await readBytes(file, 'pcap');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(stats.packets).toBe(2 * groups);
    expect(stats.resync).toEqual({ regions: groups, bytes: 16 * groups });
  });
});
