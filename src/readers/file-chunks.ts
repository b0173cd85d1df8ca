/** Chunked reading of input files, shared by the capture, NetFlow and text readers. */
import { open, type FileHandle } from 'node:fs/promises';

/** Large reads keep per-chunk costs (syscalls, buffer bookkeeping) far below per-packet ones. */
export const CHUNK_BYTES = 1 << 20;

/** Why a capture cannot be read at all; its message is one line, without the path. */
export class CaptureOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaptureOpenError';
  }
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ?? String(err.message ?? e).split('\n')[0];
}

export async function openInputFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (e) {
    throw new CaptureOpenError(`cannot open: ${reason(e)}`);
  }
}

/** Up to `length` bytes from the start of the file (fewer if the file is shorter). */
export async function readHead(file: FileHandle, length: number): Promise<Buffer> {
  try {
    const head = Buffer.alloc(length);
    const { bytesRead } = await file.read(head, 0, length, 0);
    return head.subarray(0, bytesRead);
  } catch (e) {
    throw new CaptureOpenError(`cannot read: ${reason(e)}`);
  }
}

/** How a pass over the file ended. */
export interface ChunkPass {
  bytes: number;
  /** The consumer saw the end of the file (it did not stop early and no read failed). */
  complete: boolean;
  /** One-line reason when a read failed part-way. */
  readError?: string;
}

/**
 * Hands the file to `consume` in order, as freshly allocated chunks it may keep views into, until
 * it returns false. A failed read ends the pass (reported in the result); errors thrown by the
 * consumer propagate.
 */
export async function consumeChunks(
  file: FileHandle,
  consume: (chunk: Buffer, bytesSoFar: number) => boolean,
  chunkBytes = CHUNK_BYTES,
): Promise<ChunkPass> {
  type Read = { chunk: Buffer; bytesRead: number } | { error: string };
  const readAt = (at: number): Promise<Read> => {
    const chunk = Buffer.allocUnsafe(chunkBytes);
    return file.read(chunk, 0, chunkBytes, at).then(
      ({ bytesRead }) => ({ chunk, bytesRead }),
      (e: unknown) => ({ error: `read failed: ${reason(e)}` }),
    );
  };
  let position = 0;
  // The next chunk is read while this one is consumed: without read-ahead the thread idled a
  // fifth of a scan waiting for the disk.
  let next = readAt(0);
  for (;;) {
    const read = await next;
    if ('error' in read) return { bytes: position, complete: false, readError: read.error };
    if (read.bytesRead === 0) return { bytes: position, complete: true };
    position += read.bytesRead;
    next = readAt(position);
    const chunk = read.bytesRead === chunkBytes ? read.chunk : read.chunk.subarray(0, read.bytesRead);
    let more: boolean;
    try {
      more = consume(chunk, position);
    } catch (e) {
      await next; // the file may be closed once we return: let the read-ahead finish first
      throw e;
    }
    if (!more) {
      await next;
      return { bytes: position, complete: false };
    }
  }
}
