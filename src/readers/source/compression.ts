/**
 * Compressed inputs, told by their magic bytes (never the file name), and a streaming decoder for
 * each, so a `.pcap.gz` or an `nfcapd` CSV in `.zst` is read without a temporary file.
 *
 * Decoders (see README "Compressed inputs" for the measured speeds): gzip is Node's zlib; xz is
 * `lzma-native` (liblzma, prebuilt binaries inside the npm package); zstd is `fzstd` (pure
 * JavaScript: Node 20's zlib has no zstd, and the native bindings fetch their binaries from
 * outside the npm registry at install time); bzip2 is `unbzip2-stream` (pure JavaScript).
 */
import { Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import * as fzstd from 'fzstd';
import type { Compression } from './byte-source';

// Both ship without TypeScript declarations; these are the only calls made.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lzma = require('lzma-native') as { createDecompressor(options?: object): Transform };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const unbzip2 = require('unbzip2-stream') as () => Transform;

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

/** fzstd's streaming decoder as a Transform. Concatenated frames (as `zstd` and `cat` make) are all read. */
class ZstdDecoder extends Transform {
  private readonly decoder = new fzstd.Decompress((chunk) => {
    // fzstd may reuse its window buffer between calls: hand on a copy.
    this.push(Buffer.from(chunk));
  });

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.decoder.push(chunk);
      done();
    } catch (e) {
      done(new Error(`zstd: ${(e as Error).message}`));
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      this.decoder.push(new Uint8Array(0), true);
      done();
    } catch (e) {
      done(new Error(`zstd: ${(e as Error).message}`));
    }
  }
}

/** unbzip2-stream is an old-style `through` stream: this makes it a Transform that pipelines and async iteration accept. */
class Bzip2Decoder extends Transform {
  private readonly inner = unbzip2();
  private failed = false;

  constructor() {
    super();
    this.inner.on('data', (chunk: Buffer) => this.push(chunk));
    this.inner.on('error', (e: Error) => {
      this.failed = true;
      this.destroy(new Error(`bzip2: ${e.message}`));
    });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.inner.write(chunk);
      done();
    } catch (e) {
      done(new Error(`bzip2: ${(e as Error).message}`));
    }
  }

  override _flush(done: TransformCallback): void {
    if (this.failed) return;
    this.inner.once('end', () => done());
    try {
      this.inner.end();
    } catch (e) {
      done(new Error(`bzip2: ${(e as Error).message}`));
    }
  }
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
      return new ZstdDecoder();
    case 'bzip2':
      return new Bzip2Decoder();
  }
}
