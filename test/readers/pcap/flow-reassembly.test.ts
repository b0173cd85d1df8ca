import fc from 'fast-check';
import { DatagramHead, TcpStreamHead } from '../../../src/readers/pcap/reassembly';
import { ACK, PSH, SYN } from './flow-helpers';

const DATA = PSH | ACK;

/** Feeds `parts` of a stream (offset, text) to a head whose SYN had sequence number `isn`. */
function stream(isn: number, parts: Array<[number, string, number?]>, limit = 1000, maxPending = 64, syn = true) {
  const head = new TcpStreamHead(limit, maxPending);
  if (syn) head.add(isn, SYN, Buffer.alloc(0), 0);
  for (const [offset, text, time] of parts) head.add((isn + 1 + offset) >>> 0, DATA, Buffer.from(text), time ?? 1);
  return head.finish();
}

describe('TcpStreamHead', () => {
  it('puts reordered segments back in sequence order', () => {
    const head = stream(5000, [
      [6, 'world\n'],
      [0, 'hello '],
    ]);
    expect(head.bytes.toString()).toBe('hello world\n');
    expect(head).toMatchObject({ gaps: 0, truncated: false, midStream: false });
  });

  it('takes retransmitted and overlapping bytes once', () => {
    const head = stream(7, [
      [0, 'abcdef'],
      [0, 'abcdef'], // full retransmission
      [3, 'defghi'], // overlaps the tail of the first
      [8, 'ijk'], // overlaps by one byte
      [12, 'mno'], // ahead of a hole at 11
      [10, 'klm'], // fills the hole and overlaps what waits
      [12, 'mno'], // retransmission of what already waited
    ]);
    expect(head.bytes.toString()).toBe('abcdefghijklmno');
    expect(head.gaps).toBe(0);
  });

  it('follows the sequence number across 2^32', () => {
    const isn = 0xfffffff0;
    const head = stream(isn, [
      [20, 'after-wrap'],
      [0, 'before-the-wrap-'],
      [16, 'now:'],
    ]);
    expect(head.bytes.toString()).toBe('before-the-wrap-now:after-wrap');
  });

  it('picks a stream up mid-way at the first data segment seen', () => {
    const head = new TcpStreamHead(100, 8);
    head.add(123456, ACK, Buffer.alloc(0), 1); // a bare ACK fixes nothing (it may be a keep-alive)
    head.add(200000, DATA, Buffer.from('{"method":"mining.notify"}\n'), 2);
    head.add(199990, DATA, Buffer.from('0123456789'), 3); // older data: before the pickup point
    head.add(200000 + 27, DATA, Buffer.from('next\n'), 4);
    const result = head.finish();
    expect(result.bytes.toString()).toBe('{"method":"mining.notify"}\nnext\n');
    expect(result.midStream).toBe(true);
  });

  it('skips a hole once more segments wait than allowed, and counts it', () => {
    // Segment at offset 5 never arrives; maxPending 2 lets two wait, the third forces the skip.
    const head = stream(
      0,
      [
        [0, 'line1'],
        [10, '\nline3'],
        [16, '\nline4'],
        [22, '\nline5\n'],
      ],
      1000,
      2,
    );
    expect(head.bytes.toString()).toBe('line1\nline3\nline4\nline5\n');
    expect(head.gaps).toBe(1);
  });

  it('skips holes still open when the head is finished', () => {
    const head = stream(0, [
      [0, 'aa'],
      [4, 'cc'],
      [8, 'ee'],
    ]);
    expect(head.bytes.toString()).toBe('aacc' + 'ee');
    expect(head.gaps).toBe(2);
  });

  it('with maxPending 0 skips a hole at once', () => {
    const head = stream(
      0,
      [
        [3, 'def'],
        [0, 'abc'], // too late: the hole was given up
      ],
      1000,
      0,
    );
    expect(head.bytes.toString()).toBe('def');
    expect(head.gaps).toBe(1);
  });

  it('stops at the limit and says so', () => {
    const exact = stream(0, [[0, 'abcd']], 4);
    expect(exact.bytes.toString()).toBe('abcd');
    expect(exact.truncated).toBe(false);
    const over = stream(0, [[0, 'abcd'], [4, 'ef']], 4);
    expect(over.bytes.toString()).toBe('abcd');
    expect(over.truncated).toBe(true);
    const cutWhileWaiting = stream(0, [[2, 'cdef'], [0, 'ab']], 4);
    expect(cutWhileWaiting.bytes.toString()).toBe('abcd');
    expect(cutWhileWaiting.truncated).toBe(true);
  });

  it('marks when each part arrived, merging equal times', () => {
    const head = stream(0, [
      [0, 'one\n', 10],
      [4, 'two\n', 10],
      [8, 'three\n', 12],
      [14, 'four\n', 15],
    ]);
    expect(head.marks).toEqual([
      { offset: 0, time: 10 },
      { offset: 8, time: 12 },
      { offset: 14, time: 15 },
    ]);
  });

  it('keeps the arrival time of a segment that waited for a hole', () => {
    const head = stream(0, [
      [3, 'def', 20],
      [0, 'abc', 21],
    ]);
    expect(head.marks).toEqual([
      { offset: 0, time: 21 },
      { offset: 3, time: 20 },
    ]);
  });

  it('copies waiting segments, since readers reuse their buffers', () => {
    const head = new TcpStreamHead(100, 8);
    head.add(0, SYN, Buffer.alloc(0), 0);
    const reused = Buffer.from('later');
    head.add(4, DATA, reused, 1);
    reused.write('XXXXX');
    head.add(1, DATA, Buffer.from('abc'), 2);
    expect(head.finish().bytes.toString()).toBe('abclater');
  });

  it('takes data carried on the SYN (TCP Fast Open) after the SYN itself', () => {
    const head = new TcpStreamHead(100, 8);
    head.add(41, SYN, Buffer.from('GET / HTTP/1.1\r\n'), 0);
    head.add(42 + 16, DATA, Buffer.from('Host: x\r\n'), 1);
    expect(head.finish().bytes.toString()).toBe('GET / HTTP/1.1\r\nHost: x\r\n');
  });

  it('reassembles any order and duplication of segments to exactly the stream prefix', () => {
    const arbitrary = fc.record({
      data: fc.uint8Array({ minLength: 1, maxLength: 400 }),
      cuts: fc.array(fc.nat(400), { maxLength: 30 }),
      isn: fc.nat(0xffffffff),
      limit: fc.integer({ min: 1, max: 500 }),
      seed: fc.array(fc.nat(), { minLength: 1, maxLength: 80 }),
    });
    fc.assert(
      fc.property(arbitrary, ({ data, cuts, isn, limit, seed }) => {
        const bounds = [...new Set([0, data.length, ...cuts.filter((c) => c < data.length)])].sort((a, b) => a - b);
        const segments: Array<[number, number]> = [];
        for (let i = 0; i + 1 < bounds.length; i++) segments.push([bounds[i], bounds[i + 1]]);
        // Shuffle, and duplicate some, driven by the seed; allow overlaps by widening some segments.
        const order = segments.map((s, i) => ({ s, key: seed[i % seed.length] + i }));
        order.sort((a, b) => (a.key % 7) - (b.key % 7));
        const sent = order.flatMap(({ s, key }) => {
          const widened: [number, number] = key % 5 === 0 ? [Math.max(0, s[0] - 3), s[1]] : s;
          return key % 3 === 0 ? [widened, s] : [widened];
        });
        const head = new TcpStreamHead(limit, 1000);
        head.add(isn, SYN, Buffer.alloc(0), 0);
        for (const [from, to] of sent) head.add((isn + 1 + from) >>> 0, DATA, Buffer.from(data.subarray(from, to)), 1);
        const result = head.finish();
        const expected = Buffer.from(data.subarray(0, Math.min(limit, data.length)));
        expect(result.bytes.equals(expected)).toBe(true);
        expect(result.gaps).toBe(0);
        expect(result.truncated).toBe(data.length > limit);
      }),
      { numRuns: 300 },
    );
  });

  it('joins what arrived around lost segments and counts each hole once', () => {
    const arbitrary = fc.record({
      lengths: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }),
      lost: fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
      maxPending: fc.integer({ min: 0, max: 3 }),
      isn: fc.nat(0xffffffff),
    });
    fc.assert(
      fc.property(arbitrary, ({ lengths, lost, maxPending, isn }) => {
        const head = new TcpStreamHead(10_000, maxPending);
        head.add(isn, SYN, Buffer.alloc(0), 0);
        let offset = 0;
        let expected = '';
        let holes = 0;
        let inHole = false;
        lengths.forEach((length, i) => {
          const data = String.fromCharCode(97 + (i % 26)).repeat(length);
          if (lost[i]) inHole = true;
          else {
            if (inHole) holes++;
            inHole = false;
            expected += data;
            head.add((isn + 1 + offset) >>> 0, DATA, Buffer.from(data), i);
          }
          offset += length;
        });
        const result = head.finish();
        expect(result.bytes.toString()).toBe(expected);
        expect(result.gaps).toBe(holes);
      }),
      { numRuns: 300 },
    );
  });
});

describe('DatagramHead', () => {
  it('concatenates datagrams in arrival order up to the limit', () => {
    const head = new DatagramHead(10);
    head.add(0, 0, Buffer.from('abcd'), 1);
    head.add(0, 0, Buffer.from('efgh'), 2);
    head.add(0, 0, Buffer.from('ijkl'), 3);
    const result = head.finish();
    expect(result.bytes.toString()).toBe('abcdefghij');
    expect(result.truncated).toBe(true);
    expect(result.marks).toEqual([
      { offset: 0, time: 1 },
      { offset: 4, time: 2 },
      { offset: 8, time: 3 },
    ]);
  });
});
