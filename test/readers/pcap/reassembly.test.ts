/**
 * What a TCP direction keeps past its head (the tail window) and of bytes it got twice (the
 * overlap policy): a junk prefix cannot push every message out of view, and an insertion copy
 * that never reached the peer cannot hide the copy that did.
 */
import fc from 'fast-check';
import { TcpStreamHead } from '../../../src/readers/pcap/reassembly';
import { TailWindow } from '../../../src/readers/pcap/tail-window';
import { ACK, PSH, SYN } from './flow-helpers';

const DATA = PSH | ACK;
const ISN = 1000;

function headWith(limit: number, tail: number, parts: Array<[offset: number, data: string | Buffer, time?: number]>, maxPending = 8) {
  const head = new TcpStreamHead(limit, maxPending, false, false, tail);
  head.add(ISN, SYN, Buffer.alloc(0), 0);
  for (const [offset, data, time] of parts) head.add((ISN + 1 + offset) >>> 0, DATA, Buffer.from(data), time ?? 1);
  return head.finish();
}

describe('the tail window past the head', () => {
  it('keeps the latest bytes after a prefix longer than the head', () => {
    const junk = 'j'.repeat(5000);
    const login = '{"method":"login"}\n';
    const parts: Array<[number, string, number]> = [];
    for (let at = 0; at < junk.length; at += 1000) parts.push([at, junk.slice(at, at + 1000), 1]);
    parts.push([junk.length, login, 2]);
    const head = headWith(1024, 256, parts);
    expect(head.bytes.toString()).toBe('j'.repeat(1024));
    expect(head.truncated).toBe(true);
    expect(head.tail!.bytes.toString()).toBe(`${'j'.repeat(256 - login.length)}${login}`);
    expect(head.tail).toMatchObject({ midStream: true, truncated: false, gaps: 0 });
    expect(head.tail!.marks).toEqual([{ offset: 0, time: 1 }, { offset: 256 - login.length, time: 2 }]);
  });

  it('starts with what the head had no room for, and is absent when the stream fit', () => {
    const split = headWith(8, 64, [[0, 'abcdefghijkl']]);
    expect([split.bytes.toString(), split.tail!.bytes.toString()]).toEqual(['abcdefgh', 'ijkl']);
    expect(headWith(64, 64, [[0, 'short']]).tail).toBeUndefined();
    expect(headWith(8, 0, [[0, 'abcdefghijkl']]).tail).toBeUndefined();
  });

  it('takes retransmissions once and counts a hole it jumps', () => {
    const head = headWith(4, 64, [[0, 'abcd'], [4, 'efgh'], [4, 'efgh'], [6, 'ghij'], [20, 'after-a-hole']]);
    expect(head.tail!.bytes.toString()).toBe('efghijafter-a-hole');
    expect(head.tail!.gaps).toBe(1);
  });

  it('stays within its bytes and marks whatever the segments', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 300 }), fc.boolean()), { maxLength: 400 }), (sizes) => {
        let offset = 0;
        const parts: Array<[number, Buffer, number]> = sizes.map(([size, skip], i) => {
          if (skip) offset += 7;
          const part: [number, Buffer, number] = [offset, Buffer.alloc(size, i & 0xff), i];
          offset += size;
          return part;
        });
        const head = headWith(100, 512, parts, 0);
        if (!head.tail) return;
        expect(head.tail.bytes.length).toBeLessThanOrEqual(512);
        expect(head.tail.marks.length).toBeLessThanOrEqual(256);
        expect(head.tail.gaps).toBeLessThanOrEqual(256);
        for (let i = 1; i < head.tail.marks.length; i++) expect(head.tail.marks[i].offset).toBeGreaterThan(head.tail.marks[i - 1].offset);
      }),
      { numRuns: 200 },
    );
  });
});

describe('overlapping copies that differ (insertion)', () => {
  const real = '{"id":1,"method":"login"}\n';
  const garbage = 'x'.repeat(real.length);

  it('keeps the first copy in the head and the later one in laterCopies', () => {
    const head = headWith(1000, 0, [[0, garbage], [0, real], [real.length, '{"id":2}\n']]);
    expect(head.bytes.toString()).toBe(`${garbage}{"id":2}\n`);
    expect(head.laterCopies!.bytes.toString()).toBe(`${real}{"id":2}\n`);
    expect(head.laterCopies!.marks).toEqual(head.marks);
  });

  it('makes no second reading for plain retransmissions', () => {
    expect(headWith(1000, 0, [[0, real], [0, real], [3, real.slice(3)]]).laterCopies).toBeUndefined();
  });

  it('compares the overlapped part of a copy that also carries new bytes; the new bytes go to both', () => {
    const head = headWith(20, 0, [[0, 'abcdefghij'], [5, 'FGHIJKLMNO']]);
    expect(head.bytes.toString()).toBe('abcdefghijKLMNO');
    expect(head.laterCopies!.bytes.toString()).toBe('abcdeFGHIJKLMNO');
  });

  it('compares nothing before a hole it skipped, where head offsets and sequence numbers part', () => {
    // 'cd' never arrives: after the hole is skipped, a copy of 'ab' must not land on 'ef'.
    const head = headWith(100, 0, [[0, 'ab'], [4, 'ef'], [0, 'XY']], 0);
    expect(head.bytes.toString()).toBe('abef');
    expect(head.gaps).toBe(1);
    expect(head.laterCopies).toBeUndefined();
  });
});

describe('TailWindow', () => {
  it('wraps around its ring and gives the bytes back in stream order', () => {
    const window = new TailWindow(8);
    for (const [i, piece] of ['abc', 'defg', 'hij', 'k'].entries()) window.append(Buffer.from(piece), 0, piece.length, i);
    const tail = window.finish();
    expect(tail.bytes.toString()).toBe('defghijk');
    // The mark before the window ("defg" at time 1) times its first bytes.
    expect(tail.marks).toEqual([{ offset: 0, time: 1 }, { offset: 4, time: 2 }, { offset: 7, time: 3 }]);
  });

  it('copies only the last bytes of a piece longer than itself', () => {
    const window = new TailWindow(4);
    window.append(Buffer.from('0123456789'), 2, 10, 5);
    expect(window.finish()).toMatchObject({ bytes: Buffer.from('6789'), marks: [{ offset: 0, time: 5 }], midStream: true });
  });

  it('counts only the holes that lie inside the window', () => {
    const window = new TailWindow(4);
    window.append(Buffer.from('ab'), 0, 2, 1);
    window.hole();
    window.append(Buffer.from('cdefgh'), 0, 6, 2);
    window.hole();
    window.append(Buffer.from('ij'), 0, 2, 3);
    expect(window.finish()).toMatchObject({ bytes: Buffer.from('ghij'), gaps: 1 });
  });
});
