/**
 * Compressed inputs, told by their magic bytes (never the file name), and a streaming decoder for
 * each, so a `.pcap.gz` or an `nfcapd` CSV in `.zst` is read without a temporary file.
 *
 * Decoders (see README "Compressed inputs" for the measured speeds): gzip is Node's zlib; xz is
 * `lzma-native` (liblzma, prebuilt binaries inside the npm package); zstd is `fzstd` (pure
 * JavaScript: Node 20's zlib has no zstd, and the native bindings fetch their binaries from
 * outside the npm registry at install time); bzip2 is `unbzip2-stream` (pure JavaScript,
 * streaming; seek-bzip is no faster and wants the whole input). The two pure-JavaScript ones run
 * on a worker thread (thread-decoder.ts).
 */
import type { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Compression } from './byte-source';
import { ThreadDecoder } from './thread-decoder';

// Ships without TypeScript declarations; this is the only call made.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lzma = require('lzma-native') as { createDecompressor(options?: object): Transform };

interface Magic {
  compression: Exclude<Compression, 'none'>;
  bytes: readonly number[];
}

const MAGICS: readonly Magic[] = [
  { compression: 'gzip', bytes: [0x1f, 0x8b] },
  { compression: 'xz', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { compression: 'zstd', bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  // "BZh" and a block size digit: the digit keeps text starting with "BZh" from matching.
  { compression: 'bzip2', bytes: [0x42, 0x5a, 0x68] },
];

/** The longest magic: how many raw bytes must be seen before the compression is known. */
export const MAGIC_BYTES = 6;

export function sniffCompression(raw: Buffer): Compression {
  for (const magic of MAGICS) {
    if (raw.length < magic.bytes.length || !magic.bytes.every((b, i) => raw[i] === b)) continue;
    if (magic.compression === 'bzip2' && !(raw.length > 3 && raw[3] >= 0x31 && raw[3] <= 0x39)) continue;
    return magic.compression;
  }
  return 'none';
}

/** Output chunks this large keep the readers' per-chunk costs low (zlib's default is 16 KiB). */
const OUTPUT_CHUNK_BYTES = 1 << 20;

export function decompressor(compression: Exclude<Compression, 'none'>): Transform {
  switch (compression) {
    case 'gzip':
      // Several gzip members back to back (`cat a.gz b.gz`) are one stream, as gunzip reads them.
      return createGunzip({ chunkSize: OUTPUT_CHUNK_BYTES });
    case 'xz':
      return lzma.createDecompressor();
    case 'zstd':
    case 'bzip2':
      return new ThreadDecoder(compression);
  }
}
