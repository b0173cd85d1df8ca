/**
 * A ByteSource over a Node stream: standard input, a FIFO, or a compressed file through its
 * decoder. The compression is sniffed from the first raw bytes; the head is the first decoded
 * bytes, read before the consumer starts and handed to it as part of the first chunk.
 */
import { pipeline, Readable } from 'node:stream';
import { CaptureOpenError } from '../file-chunks';
import { HEAD_BYTES, type ChunkConsumer, type ChunkPass } from './byte-source';
import { decompressor, MAGIC_BYTES, sniffCompression } from './compression';
import type { OpenedSource, SourceOptions } from './index';

/** Small stream chunks (64 KiB pipes, zstd blocks) are joined up to this before a reader sees them. */
const COALESCE_BYTES = 1 << 20;

function oneLine(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code && !err.message ? err.code : String(err.message ?? e).split('\n')[0];
}

/** Pulls chunks until `want` bytes are held, the stream ends, or a read fails (kept in `error`). */
async function gather(chunks: AsyncIterator<Buffer>, want: number): Promise<{ chunks: Buffer[]; bytes: number; ended: boolean; error?: unknown }> {
  const held: Buffer[] = [];
  let bytes = 0;
  try {
    while (bytes < want) {
      const next = await chunks.next();
      if (next.done) return { chunks: held, bytes, ended: true };
      held.push(next.value);
      bytes += next.value.length;
    }
  } catch (error) {
    return { chunks: held, bytes, ended: false, error: error ?? 'failed' };
  }
  return { chunks: held, bytes, ended: false };
}

export async function streamSource(name: string, raw: Readable, options: SourceOptions): Promise<OpenedSource> {
  const rawChunks = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  // Enough raw bytes to tell the compression, then the rest as it comes; progress counts raw bytes.
  const { chunks: peeked, ended: rawEnded, error: rawError } = await gather(rawChunks, MAGIC_BYTES);
  if (rawError !== undefined) {
    raw.destroy();
    throw new CaptureOpenError(`cannot read: ${oneLine(rawError)}`);
  }
  const compression = sniffCompression(Buffer.concat(peeked));
  const counts = { raw: 0, decoded: 0 };
  const read = (chunk: Buffer) => {
    counts.raw += chunk.length;
    options.onProgress?.(counts.raw);
    return chunk;
  };
  async function* counted(): AsyncGenerator<Buffer> {
    for (const chunk of peeked.splice(0)) yield read(chunk);
    if (rawEnded) return;
    for (;;) {
      const next = await rawChunks.next();
      if (next.done) return;
      yield read(next.value);
    }
  }
  let decoded: AsyncIterator<Buffer>;
  let decoder: NodeJS.ReadWriteStream | undefined;
  if (compression === 'none') {
    decoded = counted();
  } else {
    const d = decompressor(compression);
    decoder = d;
    // Errors reach the iteration of `d` below (pipeline destroys it with the error).
    pipeline(Readable.from(counted(), { objectMode: false }), d, () => undefined);
    decoded = d[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  // The head: decoded bytes read ahead of the consumer (every byte of them is delivered later).
  const what = compression === 'none' ? 'read failed' : `${compression} stream broken`;
  const { chunks: held, bytes: heldBytes, ended, error } = await gather(decoded, HEAD_BYTES);
  if (error !== undefined && heldBytes === 0) {
    raw.destroy();
    throw new CaptureOpenError(`${what}: ${oneLine(error)}`);
  }
  const failure = error === undefined ? undefined : `${what}: ${oneLine(error)}`;
  const first = Buffer.concat(held);
  let used = false;
  return {
    name,
    head: first.subarray(0, HEAD_BYTES),
    compression,
    counts,
    async consume(consume: ChunkConsumer): Promise<ChunkPass> {
      if (used) throw new Error('a ByteSource is consumed once');
      used = true;
      let bytes = first.length;
      counts.decoded = bytes;
      if (first.length > 0 && !consume(first, bytes)) return { bytes, complete: false };
      if (failure !== undefined) return { bytes, complete: false, readError: failure };
      if (ended) return { bytes, complete: true };
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const deliver = (): boolean => {
        const chunk = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        bytes += chunk.length;
        counts.decoded = bytes;
        return consume(chunk, bytes);
      };
      try {
        for (;;) {
          const next = await decoded.next();
          if (next.done) break;
          pending.push(next.value);
          pendingBytes += next.value.length;
          if (pendingBytes >= COALESCE_BYTES && !deliver()) return { bytes, complete: false };
        }
      } catch (e) {
        if (pendingBytes > 0) deliver();
        return { bytes, complete: false, readError: `${what}: ${oneLine(e)}` };
      }
      if (pendingBytes > 0 && !deliver()) return { bytes, complete: false };
      return { bytes, complete: true };
    },
    async close() {
      raw.destroy();
      (decoder as unknown as Readable | undefined)?.destroy();
    },
  };
}
