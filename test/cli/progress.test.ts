import { PassThrough } from 'node:stream';
import { createProgress, PROGRESS_MIN_BYTES } from '../../src/cli/progress';

function fakeStream(isTTY: boolean) {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & { written: string };
  stream.written = '';
  Object.assign(stream, { isTTY, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  (stream as unknown as PassThrough).on('data', (d) => (stream.written += d));
  return stream;
}

describe('progress bar', () => {
  it('draws on a terminal for large inputs', () => {
    const stream = fakeStream(true);
    const bar = createProgress(PROGRESS_MIN_BYTES * 2, stream);
    bar.update(PROGRESS_MIN_BYTES);
    bar.stop();
    expect(stream.written).toMatch(/scanning .*50%/);
  });

  it('stays silent when stderr is not a terminal, or the input is small', () => {
    for (const [tty, size] of [
      [false, PROGRESS_MIN_BYTES * 2],
      [true, PROGRESS_MIN_BYTES - 1],
    ] as const) {
      const stream = fakeStream(tty);
      const bar = createProgress(size, stream);
      bar.update(size / 2);
      bar.stop();
      expect(stream.written).toBe('');
    }
  });
});
