import fc from 'fast-check';
import { ethernetFrame } from '../../../fixtures/lib/frames';
import { ByteQueue } from '../../../src/readers/pcap/byte-queue';
import { PcapngFramer } from '../../../src/readers/pcap/pcapng-framer';
import { PcapngBuilder } from './capture-kit';

interface Seen {
  blocks: string[];
  faults: string[];
}

/** Frames `file` pushed in the given pieces; records every block handed over and every fault. */
function frame(file: Buffer, cuts: number[]): Seen {
  const seen: Seen = { blocks: [], faults: [] };
  const framer = new PcapngFramer(
    {
      block: (type, buf, start, length, offset, le) => {
        seen.blocks.push(`${type}@${offset}/${le}:${buf.toString('hex', start, start + length)}`);
      },
      resync: (from, to, _reason, found) => seen.faults.push(`pcapng.resync@${from}-${found ? to : 'end'}`),
      truncated: (offset) => seen.faults.push(`pcapng.truncated@${offset}`),
    },
    262_144,
  );
  let from = 0;
  for (const cut of [...cuts].sort((x, y) => x - y)) {
    framer.push(file.subarray(from, cut));
    from = cut;
  }
  framer.push(file.subarray(from));
  framer.end();
  return seen;
}

/** Block start offsets, found by walking lengths independently of the framer. */
function blockStarts(file: Buffer): number[] {
  const starts: number[] = [];
  let le = true;
  for (let at = 0; at < file.length; ) {
    starts.push(at);
    if (file.readUInt32LE(at) === 0x0a0d0d0a) le = file.readUInt32LE(at + 8) === 0x1a2b3c4d;
    at += le ? file.readUInt32LE(at + 4) : file.readUInt32BE(at + 4);
  }
  return starts;
}

function sampleFile(): Buffer {
  const ng = new PcapngBuilder().iface(1).block(4, Buffer.alloc(20, 3));
  for (let i = 0; i < 6; i++) ng.epb(0, BigInt(i), ethernetFrame({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: i, dstPort: 80, protocol: 'tcp', payload: Buffer.alloc(i * 13, i) }));
  ng.section(false).iface(101).spb(Buffer.alloc(30, 9)).block(0xbad, Buffer.alloc(64, 5));
  return ng.build();
}

describe('PcapngFramer', () => {
  it('hands over the same blocks however the stream is cut', () => {
    const file = sampleFile();
    const whole = frame(file, []);
    expect(whole.faults).toEqual([]);
    expect(whole.blocks).toHaveLength(2 + 6 + 3); // SHB, IDB, 6 EPB | SHB, IDB, SPB (NRB and custom skipped)
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: file.length }), { maxLength: 40 }), (cuts) => {
        expect(frame(file, cuts)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('one byte at a time works too', () => {
    const file = sampleFile();
    expect(frame(file, Array.from({ length: file.length }, (_, i) => i))).toEqual(frame(file, []));
  });

  it('reports a truncation at the start of the block it cut, however it is cut', () => {
    const file = sampleFile();
    const whole = frame(file, []).blocks;
    const boundaries = blockStarts(file).map((s) => fc.constant(s));
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 1, max: file.length - 1 }), ...boundaries), fc.array(fc.integer({ min: 0, max: file.length }), { maxLength: 5 }), (end, cuts) => {
        const seen = frame(file.subarray(0, end), cuts.filter((c) => c <= end));
        const starts = blockStarts(file);
        const complete = seen.blocks.length;
        expect(seen.blocks).toEqual(whole.slice(0, complete));
        if (starts.includes(end)) expect(seen.faults).toEqual([]); // cut on a block boundary
        else expect(seen.faults).toEqual([`pcapng.truncated@${starts.filter((s) => s < end).pop()}`]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('PcapngFramer resynchronisation', () => {
  /** Bytes no block starts in: an odd length, and words that are no block type. */
  const garbage = (length: number) => Buffer.alloc(length, 0xee);

  it('skips garbage spliced between blocks to the next block, however the stream is cut', () => {
    const file = sampleFile();
    const whole = frame(file, []);
    const starts = blockStarts(file);
    fc.assert(
      fc.property(fc.constantFrom(...starts.slice(1)), fc.integer({ min: 1, max: 200 }), fc.array(fc.integer({ min: 0, max: file.length + 200 }), { maxLength: 20 }), (at, length, cuts) => {
        const damaged = Buffer.concat([file.subarray(0, at), garbage(length), file.subarray(at)]);
        const seen = frame(damaged, cuts.filter((c) => c <= damaged.length));
        expect(seen.faults).toEqual([`pcapng.resync@${at}-${at + length}`]);
        // The same blocks, at offsets moved by the garbage.
        expect(seen.blocks.map((b) => b.replace(/@\d+/, ''))).toEqual(whole.blocks.map((b) => b.replace(/@\d+/, '')));
      }),
      { numRuns: 200 },
    );
  });

  it('reports garbage that runs to the end of the file, and a cut block with blocks hidden inside its claimed length', () => {
    const file = sampleFile();
    expect(frame(Buffer.concat([file, garbage(37)]), []).faults).toEqual([`pcapng.resync@${file.length}-end`]);

    // The first EPB claims 64 KiB: past the end of the file, but the blocks after it are whole.
    const starts = blockStarts(file);
    const claimed = Buffer.from(file);
    claimed.writeUInt32LE(65_536, starts[3] + 4);
    const seen = frame(claimed, []);
    expect(seen.faults).toEqual([`pcapng.resync@${starts[3]}-${starts[4]}`]);
    expect(seen.blocks).toHaveLength(frame(file, []).blocks.length - 1);
  });

  it('costs linear time on damage made to resynchronise as often as possible', () => {
    // A minimal local-use block (12 bytes, trailer agrees), then 4 bytes that are no block: a resync every 16 bytes.
    const unit = Buffer.alloc(16);
    unit.writeUInt32LE(0x80000001, 0);
    unit.writeUInt32LE(12, 4);
    unit.writeUInt32LE(12, 8);
    unit.writeUInt32LE(0xeeeeeeee, 12);
    const groups = 100_000;
    const file = Buffer.concat([new PcapngBuilder().build(), ...Array.from({ length: groups }, () => unit)]);
    const started = Date.now();
    const seen = frame(file, Array.from({ length: 100 }, (_, i) => Math.floor((i * file.length) / 100)));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(seen.faults).toHaveLength(groups);
  });
});

describe('ByteQueue', () => {
  it('reads integers across chunk boundaries in both byte orders', () => {
    const q = new ByteQueue();
    q.push(Buffer.from([0x01, 0x02]));
    q.push(Buffer.from([0x03]));
    q.push(Buffer.from([0x04, 0x05, 0x06]));
    expect(q.length).toBe(6);
    expect(q.uint32(0, false)).toBe(0x01020304);
    expect(q.uint32(0, true)).toBe(0x04030201);
    expect(q.uint32(2, false)).toBe(0x03040506);
  });

  it('gives a view in place when it can and a copy across chunks', () => {
    const first = Buffer.from('abcdef');
    const q = new ByteQueue();
    q.push(first);
    q.push(Buffer.from('ghij'));
    q.contiguous(4);
    expect(q.viewBuffer).toBe(first);
    expect(q.viewStart).toBe(0);
    q.skip(4);
    q.contiguous(5);
    expect(q.viewBuffer).not.toBe(first);
    expect(q.viewBuffer.toString('latin1', q.viewStart, q.viewStart + 5)).toBe('efghi');
    expect(q.consumed).toBe(4);
  });

  it('skips no more than it has, and counts what it consumed', () => {
    const q = new ByteQueue();
    q.push(Buffer.alloc(3));
    q.push(Buffer.alloc(2));
    expect(q.skip(3)).toBe(3);
    expect(q.skip(10)).toBe(2);
    expect(q.length).toBe(0);
    expect(q.consumed).toBe(5);
  });
});
