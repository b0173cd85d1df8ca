import { joinedHead, sliceHead } from '../../../detectors/stratum/wire/head-slice';
import { headOf, T0 } from './helpers';

describe('sliceHead', () => {
  const head = headOf([
    [T0, 'GET / HTTP/1.1\r\n\r\n'],
    [T0 + 1, '{"id":1}\n'],
    [T0 + 2, '{"id":2}\n'],
  ], { truncated: true });

  it('re-bases marks: the mark in force at the cut times the first bytes', () => {
    const rest = sliceHead(head, 20);
    expect(rest.bytes.toString()).toBe('{"id":1}\n{"id":2}\n'.slice(2));
    expect(rest.marks).toEqual([{ offset: 0, time: T0 + 1 }, { offset: 7, time: T0 + 2 }]);
    expect(rest).toMatchObject({ midStream: true, truncated: true, gaps: 0 });
  });

  it('is cut at the end only when it reaches the end of a cut head', () => {
    const prefix = sliceHead(head, 0, 18);
    expect(prefix.bytes.toString()).toBe('GET / HTTP/1.1\r\n\r\n');
    expect(prefix).toMatchObject({ midStream: false, truncated: false, marks: [{ offset: 0, time: T0 }] });
  });

  it('is the head itself when it spans all of it', () => {
    expect(sliceHead(head, 0)).toBe(head);
  });
});

describe('joinedHead', () => {
  it('puts each piece on a line of its own, timed by its piece', () => {
    const joined = joinedHead([
      { bytes: Buffer.from('{"id":1}'), time: T0 },
      { bytes: Buffer.from('{"id":2}'), time: T0 + 3 },
    ]);
    expect(joined.bytes.toString()).toBe('{"id":1}\n{"id":2}\n');
    expect(joined.marks).toEqual([{ offset: 0, time: T0 }, { offset: 9, time: T0 + 3 }]);
    expect(joined).toMatchObject({ midStream: false, truncated: false, gaps: 0 });
  });
});
