import { parseRpc } from '../../../detectors/stratum/wire/rpc-message';
import { splitLines } from '../../../detectors/stratum/wire/json-lines';
import { arrivalTime } from '../../../detectors/stratum/wire/arrival';
import { headOf } from './helpers';

describe('splitLines', () => {
  it('splits on LF and CRLF, drops blank lines and surrounding spaces', () => {
    const head = headOf([[10, 'a\r\n\r\n  b  \n\n\nc\n']]);
    expect(splitLines(head, 0).map((l) => l.text)).toEqual(['a', 'b', 'c']);
  });

  it('ends lines at a lone CR too, as CR-only senders write them, mixed with LF and CRLF', () => {
    const head = headOf([[10, '{"id":1}\r{"id":2}\r\n{"id":3}\n\r{"id":4}\r']]);
    expect(splitLines(head, 0).map((l) => l.text)).toEqual(['{"id":1}', '{"id":2}', '{"id":3}', '{"id":4}']);
  });

  it('keeps a login padded past 32 KiB as one line', () => {
    const login = JSON.stringify({ id: 1, method: 'login', params: { pad: 'A'.repeat(40_000), login: 'x', agent: 'XMRig/6.21.0' } });
    expect(splitLines(headOf([[1, `${login}\n`]]), 0).flatMap((l) => parseRpc(l.text, l.time)).map((m) => m.method)).toEqual(['login']);
  });

  it('starts where it is told to, after a prefix', () => {
    expect(splitLines(headOf([[1, '\0junk{"id":1}\n{"id":2}\n']]), 0, { from: 5 }).map((l) => l.text)).toEqual(['{"id":1}', '{"id":2}']);
  });

  it('gives each line the arrival time of its last byte', () => {
    // "first" arrives whole at 10; "second" is split over segments arriving at 20 and 30.
    const head = headOf([
      [10, 'first\n'],
      [20, 'sec'],
      [30, 'ond\n'],
    ]);
    expect(splitLines(head, 0)).toEqual([
      { text: 'first', time: 10 },
      { text: 'second', time: 30 },
    ]);
  });

  it('keeps the first line of a head picked up mid-stream: a whole message survives, a fragment fails to parse', () => {
    const head = headOf([[5, 'ams":[]}\n{"id":2}\n']], { midStream: true });
    expect(splitLines(head, 0).map((l) => l.text)).toEqual(['ams":[]}', '{"id":2}']);
    expect(parseRpc('ams":[]}', 0)).toEqual([]);
    const next = headOf([[5, '{"id":16,"method":"mining.submit","params":["w","j","e","t","n"]}\n']], { midStream: true });
    expect(splitLines(next, 0).flatMap((l) => parseRpc(l.text, l.time)).map((m) => m.method)).toEqual(['mining.submit']);
  });

  it('drops an unterminated last line only when the head was cut at its limit', () => {
    expect(splitLines(headOf([[1, 'a\nb']], { truncated: true }), 0).map((l) => l.text)).toEqual(['a']);
    expect(splitLines(headOf([[1, 'a\nb']]), 0).map((l) => l.text)).toEqual(['a', 'b']);
  });

  it('stops at a bounded number of lines', () => {
    const head = headOf([[1, 'x\n'.repeat(10_000)]]);
    expect(splitLines(head, 0).length).toBe(2048);
  });

  it('skips over-long lines but keeps the ones after them', () => {
    const head = headOf([[1, `${'y'.repeat(300_000)}\nafter\n`]]);
    expect(splitLines(head, 0).map((l) => l.text)).toEqual(['after']);
  });
});

describe('arrivalTime', () => {
  const marks = [
    { offset: 0, time: 1 },
    { offset: 10, time: 2 },
    { offset: 20, time: 3 },
  ];
  it('finds the mark covering an offset', () => {
    expect([0, 9, 10, 19, 25].map((o) => arrivalTime(marks, o, -1))).toEqual([1, 1, 2, 2, 3]);
  });
  it('falls back when there are no marks', () => {
    expect(arrivalTime([], 5, 42)).toBe(42);
  });
});

describe('splitLines with objectsOnly', () => {
  it('decodes only lines that start with "{", keeping the others as counted placeholders', () => {
    const head = headOf([[1, 'GET / HTTP/1.1\r\n  {"id":1}\r\n\r\nplain\n']]);
    expect(splitLines(head, 0, { objectsOnly: true }).map((l) => l.text)).toEqual(['', '{"id":1}', '']);
  });
});
