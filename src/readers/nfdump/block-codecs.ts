/**
 * Block decompression. nfdump compresses each data block on its own with the file's method
 * (nffile.c Compress_Block_*: the block header stays plain, its `size` becomes the compressed
 * size) and nothing records the plain size, so every decoder works into a buffer of nfdump's
 * largest block (BUFFSIZE, 5 MiB) or reports what it produced.
 *
 * Decoders, measured on nfdump's own blocks (README.md): LZ4 raw blocks with lz4-napi (lz4_flex,
 * prebuilt, safe decoding, 1.2-1.4 GB/s; lz4js was 0.7 GB/s and does not detect corrupt input),
 * BZ2 with seek-bzip (pure JS, synchronous, 17 MB/s like compressjs), ZSTD frames with fzstd (the
 * lead's stream decompressor too), LZO with our own lzo1x.ts (see there why).
 */
import { decode as bunzip } from 'seek-bzip';
import { decompress as unzstd } from 'fzstd';
import { uncompressSync as unlz4 } from 'lz4-napi';
import { lzo1xDecompress } from './lzo1x';

/** nfdump's compression ids (nffileV2.h: NOT_COMPRESSED .. ZSTD_COMPRESSED). */
export const Compression = { none: 0, lzo: 1, bz2: 2, lz4: 3, zstd: 4 } as const;
export type CompressionId = (typeof Compression)[keyof typeof Compression];

export const COMPRESSION_NAMES: Record<CompressionId, string> = { 0: 'none', 1: 'lzo', 2: 'bz2', 3: 'lz4', 4: 'zstd' };

/** nffile.h BUFFSIZE: no block, compressed or not, is larger (nfread rejects bigger ones). */
export const MAX_BLOCK_BYTES = 5 * 1048576;

/** Turns one compressed block body into its records; throws when it does not decompress. */
export type BlockDecoder = (body: Buffer) => Buffer;

/** lz4_flex's size-prepended form: a little-endian upper bound of the output, then the raw block. */
function lz4Decoder(): BlockDecoder {
  return (body) => {
    const framed = Buffer.allocUnsafe(body.length + 4);
    framed.writeUInt32LE(MAX_BLOCK_BYTES, 0);
    body.copy(framed, 4);
    return unlz4(framed);
  };
}

function lzoDecoder(): BlockDecoder {
  const out = Buffer.allocUnsafe(MAX_BLOCK_BYTES);
  return (body) => {
    if (body.length === 0) throw new Error('empty LZO block');
    // The output buffer is reused: records are decoded before the next block comes.
    return out.subarray(0, lzo1xDecompress(body, out));
  };
}

function zstdDecoder(): BlockDecoder {
  return (body) => {
    const plain = unzstd(body);
    if (plain.length > MAX_BLOCK_BYTES) throw new Error('ZSTD block larger than nfdump writes');
    return Buffer.from(plain.buffer, plain.byteOffset, plain.length);
  };
}

/** The decoder for a file's compression id; undefined for ids nfdump does not know. */
export function blockDecoder(compression: number): BlockDecoder | undefined {
  switch (compression) {
    case Compression.none:
      return (body) => body;
    case Compression.lzo:
      return lzoDecoder();
    case Compression.bz2:
      return (body) => bunzip(body);
    case Compression.lz4:
      return lz4Decoder();
    case Compression.zstd:
      return zstdDecoder();
    default:
      return undefined;
  }
}
