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
  let position = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(chunkBytes);
    let bytesRead: number;
    try {
      ({ bytesRead } = await file.read(chunk, 0, chunkBytes, position));
    } catch (e) {
      return { bytes: position, complete: false, readError: `read failed: ${reason(e)}` };
    }
    if (bytesRead === 0) return { bytes: position, complete: true };
    position += bytesRead;
    if (!consume(bytesRead === chunkBytes ? chunk : chunk.subarray(0, bytesRead), position)) {
      return { bytes: position, complete: false };
    }
  }
}
