import { withSource } from '../../../src/readers/source';
import fc from 'fast-check';
import { READ_CHUNK_BYTES, streamLines } from '../../../src/readers/text/line-stream';
import { writeTemp } from './text-kit';

interface Seen {
  lines: Array<[number, string]>;
  overlong: Array<[number, number]>;
  progress: number[];
}

async function seen(content: string | Buffer, maxLineBytes?: number): Promise<Seen & { lines_: number; bytes: number }> {
  const out: Seen = { lines: [], overlong: [], progress: [] };
  const pass = await withSource(
    writeTemp(content),
    (source) =>
      streamLines(
        source,
        {
          line: (buf, start, end, lineNo) => out.lines.push([lineNo, buf.toString('latin1', start, end)]),
          overlong: (lineNo, bytes) => out.overlong.push([lineNo, bytes]),
        },
        { maxLineBytes },
      ),
    { onProgress: (bytes) => out.progress.push(bytes) },
  );
  return { ...out, lines_: pass.lines, bytes: pass.bytes };
}

describe('streamLines', () => {
  it('delivers every line of a multi-chunk file, joining lines split across reads', async () => {
    const lines: string[] = [];
    let length = 0;
    for (let i = 0; length < 2.5 * READ_CHUNK_BYTES; i++) {
      const line = `${i},${'x'.repeat((i * 7919) % 3000)}`;
      lines.push(line);
      length += line.length + 1;
    }
    const text = `${lines.join('\n')}\n`;
    const result = await seen(text);
    expect(result.lines).toEqual(lines.map((l, i) => [i + 1, l]));
    expect(result.lines_).toBe(lines.length);
    expect(result.overlong).toEqual([]);
    expect(result.progress).toEqual([READ_CHUNK_BYTES, 2 * READ_CHUNK_BYTES, text.length]);
  });

  it('strips "\\r" before "\\n", keeps other bytes, and delivers a last line without a newline', async () => {
    const result = await seen('a\r\nb\r\r\n\n\rc\nlast');
    expect(result.lines).toEqual([
      [1, 'a'],
      [2, 'b\r'],
      [3, ''],
      [4, '\rc'],
      [5, 'last'],
    ]);
  });

  it('skips lines over the limit, including one spanning reads, and numbers lines on', async () => {
    const long = 'y'.repeat(READ_CHUNK_BYTES + 100);
    const result = await seen(['ok1', 'z'.repeat(100), long, 'ok4', long].join('\n'), 64);
    expect(result.lines).toEqual([
      [1, 'ok1'],
      [4, 'ok4'],
    ]);
    expect(result.overlong.map(([line]) => line)).toEqual([2, 3, 5]);
    expect(result.overlong[1][1]).toBeGreaterThanOrEqual(long.length - 64);
  });

  it('splits any text exactly like String.split on "\\n" (for lines within the limit)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: fc.constantFrom('a', 'b', '\n', '\r', ',') , maxLength: 400 }), async (text) => {
        const result = await seen(text, 1 << 16);
        const expected = text.split('\n').map((l) => l.replace(/\r$/, ''));
        if (text.endsWith('\n') || text === '') expected.pop();
        expect(result.lines.map(([, l]) => l)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('reads an empty file as no lines', async () => {
    const result = await seen('');
    expect(result).toMatchObject({ lines: [], lines_: 0, bytes: 0 });
  });
});
