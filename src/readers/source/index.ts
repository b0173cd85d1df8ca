/**
 * Opens an input as a ByteSource: the one place that touches files, FIFOs, standard input and
 * decompression, so every reader works on all of them. An uncompressed regular file is read with
 * positional reads and read-ahead (the fast path); anything else is streamed.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { CaptureOpenError, consumeChunks, CHUNK_BYTES, openInputFile, readHead } from '../file-chunks';
import { HEAD_BYTES, type ChunkConsumer, type ByteSource } from './byte-source';
import { sniffCompression } from './compression';
import { streamSource } from './stream-source';

export type { ByteSource, ChunkConsumer, ChunkPass, Compression } from './byte-source';
export { HEAD_BYTES } from './byte-source';

/** The name that means standard input. */
export const STDIN = '-';

export interface SourceOptions {
  /** Raw (on-disk, compressed) bytes read so far, for progress bars. */
  onProgress?(rawBytes: number): void;
  /** Standard input's stream (tests pass their own). */
  stdin?: NodeJS.ReadableStream;
}

export interface OpenedSource extends ByteSource {
  /** Bytes read from disk (compressed bytes when compressed) and bytes handed to the consumer, so far. */
  readonly counts: { raw: number; decoded: number };
  close(): Promise<void>;
}

/**
 * Opens `path`: a regular file, a FIFO or character device, or "-" for standard input, any of them
 * gzip/bzip2/xz/zstd-compressed. Rejects with a one-line reason (no path) when it cannot be read.
 */
export async function openSource(path: string, options: SourceOptions = {}): Promise<OpenedSource> {
  if (path === STDIN) {
    const stdin = (options.stdin ?? process.stdin) as NodeJS.ReadableStream & { isTTY?: boolean };
    if (stdin.isTTY) throw new CaptureOpenError('standard input is a terminal: pipe an input into it');
    return streamSource(STDIN, stdin as never, options);
  }
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => {
    throw new CaptureOpenError(`cannot read: ${e.code ?? e.message}`);
  });
  if (info.isDirectory()) throw new CaptureOpenError('is a directory');
  if (!info.isFile()) {
    if (!info.isFIFO() && !info.isCharacterDevice() && !info.isSocket()) throw new CaptureOpenError('not a regular file or FIFO');
    return streamSource(path, createReadStream(path, { highWaterMark: CHUNK_BYTES }), options);
  }
  const file = await openInputFile(path);
  let head: Buffer;
  try {
    head = await readHead(file, HEAD_BYTES);
  } catch (e) {
    await file.close();
    throw e;
  }
  if (sniffCompression(head) !== 'none') {
    await file.close();
    return streamSource(path, createReadStream(path, { highWaterMark: CHUNK_BYTES }), options);
  }
  let used = false;
  const counts = { raw: 0, decoded: 0 };
  return {
    name: path,
    head,
    compression: 'none',
    counts,
    consume(consume: ChunkConsumer) {
      if (used) throw new Error('a ByteSource is consumed once');
      used = true;
      return consumeChunks(file, (chunk, bytesSoFar) => {
        const more = consume(chunk, bytesSoFar);
        counts.raw = counts.decoded = bytesSoFar;
        options.onProgress?.(bytesSoFar);
        return more;
      });
    },
    close: () => file.close(),
  };
}

/** Opens `path`, runs `use` on it and closes it whatever happens. */
export async function withSource<T>(path: string, use: (source: ByteSource) => Promise<T>, options: SourceOptions = {}): Promise<T> {
  const source = await openSource(path, options);
  try {
    return await use(source);
  } finally {
    await source.close();
  }
}
