/**
 * What every format reader reads from: the decoded bytes of one input, whatever it came from —
 * a regular file, a FIFO, standard input ("-"), or any of those gzip/bzip2/xz/zstd-compressed.
 * Readers never open paths themselves, so every format works on pipes and compressed inputs,
 * and progress is counted by the source in the bytes it read from disk (compressed bytes).
 */
export interface ChunkPass {
  /** Decoded bytes handed to the consumer. */
  bytes: number;
  /** The consumer saw the end of the stream (it did not stop early and no read failed). */
  complete: boolean;
  /** One-line reason when a read (or decompression) failed part-way. */
  readError?: string;
}

/** `chunk` is freshly allocated (the consumer may keep views into it); `bytesSoFar` is the decoded offset of its end. Return false to stop. */
export type ChunkConsumer = (chunk: Buffer, bytesSoFar: number) => boolean;

export interface ByteSource {
  /** The input's name in issues and exporter names: its path, or "-" for standard input. */
  readonly name: string;
  /** The first bytes of the decoded stream (up to HEAD_BYTES; fewer only when the stream is shorter). */
  readonly head: Buffer;
  /** The compression the bytes arrived in (sniffed from magic bytes), or "none". */
  readonly compression: Compression;
  /**
   * Hands the decoded stream to `consume` from its first byte, in order, until it returns false
   * or the stream ends; the first chunk holds at least the whole head. Call at most once. A failed read ends the pass
   * (`readError`); errors thrown by the consumer propagate.
   */
  consume(consume: ChunkConsumer): Promise<ChunkPass>;
}

export type Compression = 'none' | 'gzip' | 'bzip2' | 'xz' | 'zstd';

/** How many leading decoded bytes every source holds for sniffing and file headers. */
export const HEAD_BYTES = 64 * 1024;
