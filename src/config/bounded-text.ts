/**
 * Reads one of the operator's text files (the config, the owner map) with a size bound. A
 * wrong path (`--config /dev/zero`, a capture named by mistake) must end in a clear message,
 * not in a process that reads until memory runs out. Messages name the file and never quote it.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export class TextFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TextFileError';
  }
}

const CHUNK = 64 * 1024;

export function formatByteLimit(bytes: number): string {
  return bytes % (1 << 20) === 0 ? `${bytes / (1 << 20)} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

const reason = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** The file as UTF-8 text, at most `maxBytes`; `what` names it in messages ("config", "owner map"). */
export function readBoundedText(file: string, maxBytes: number, what: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new TextFileError(`cannot read ${what} ${file}: ${reason(e)}`);
  }
  try {
    if (fstatSync(fd).isDirectory()) throw new TextFileError(`cannot read ${what} ${file}: it is a directory`);
    // Read in chunks, not by the size stat gives: devices and FIFOs report 0 and never end.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      let n: number;
      try {
        n = readSync(fd, chunk, 0, CHUNK, null);
      } catch (e) {
        throw new TextFileError(`cannot read ${what} ${file}: ${reason(e)}`);
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new TextFileError(`${what} ${file} is larger than ${formatByteLimit(maxBytes)}: is it the right file?`);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
