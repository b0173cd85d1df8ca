/**
 * The two nfcapd file layouts (all little-endian, see host-order.ts):
 *
 * LAYOUT_VERSION_1, nfdump 1.6 (v1.6.25 bin/nffile.h): fileHeaderV1_t {u16 magic 0xA50C,
 * u16 version 1, u32 flags (compression bits LZO 0x1, BZ2 0x8, LZ4 0x10), u32 NumBlocks,
 * char ident[128]} = 140 bytes, then stat_recordV1_t (136 bytes), then the data blocks.
 *
 * LAYOUT_VERSION_2, nfdump 1.7 (v1.7.1 src/lib/nffileV2.h, HEAD src/libnffile/nffileV2.h):
 * fileHeaderV2_t {u16 magic, u16 version 2, u32 nfdversion, time_t created (8), u8 compression,
 * u8 encryption, u16 appendixBlocks, u32 unused/creator, off_t offAppendix (8), u32 BlockSize,
 * u32 NumBlocks} = 40 bytes, then the data blocks, then (at offAppendix) appendix blocks holding
 * the ident and stat records.
 *
 * NumBlocks is not trusted: nfcapd.current is still being written, so blocks are read to the end.
 */
import { Compression, type CompressionId } from './block-codecs';

export const MAGIC = 0xa50c;
export const LAYOUT_VERSION_1 = 1;
export const LAYOUT_VERSION_2 = 2;

const V1_HEADER_BYTES = 140;
const V1_STAT_BYTES = 136;
const V2_HEADER_BYTES = 40;
/** v1.6.25 nffile.h flag bits; nfdump checks LZO first, then BZ2, then LZ4 (FILEV1_COMPRESSION). */
const FLAG_LZO = 0x1;
const FLAG_BZ2 = 0x8;
const FLAG_LZ4 = 0x10;

export interface NfcapdHeader {
  layout: 1 | 2;
  compression: CompressionId;
  /** File offset of the first data block. */
  dataOffset: number;
  /** File offset of the appendix (V2 only; 0 when there is none). */
  appendixOffset: number;
  /** Blocks the header announces (may be short of the truth for a file still being written). */
  numBlocks: number;
}

/** Magic and a layout version nfdump knows: enough to sniff a file as nfcapd. */
export function looksLikeNfcapd(head: Buffer): boolean {
  if (head.length < 4 || head.readUInt16LE(0) !== MAGIC) return false;
  const version = head.readUInt16LE(2);
  return version === LAYOUT_VERSION_1 || version === LAYOUT_VERSION_2;
}

/** The file header from the first bytes, or a one-line reason the file cannot be read. */
export function parseHeader(head: Buffer): NfcapdHeader | string {
  if (!looksLikeNfcapd(head)) return 'not an nfcapd file (bad magic or layout version)';
  if (head.readUInt16LE(2) === LAYOUT_VERSION_1) {
    if (head.length < V1_HEADER_BYTES + V1_STAT_BYTES) return 'nfcapd file header (layout 1) is truncated';
    const flags = head.readUInt32LE(4);
    const compression =
      flags & FLAG_LZO ? Compression.lzo : flags & FLAG_BZ2 ? Compression.bz2 : flags & FLAG_LZ4 ? Compression.lz4 : Compression.none;
    return { layout: 1, compression, dataOffset: V1_HEADER_BYTES + V1_STAT_BYTES, appendixOffset: 0, numBlocks: head.readUInt32LE(8) };
  }
  if (head.length < V2_HEADER_BYTES) return 'nfcapd file header (layout 2) is truncated';
  const compression = head[16];
  if (compression > Compression.zstd) return `nfcapd file uses unknown compression ${compression}`;
  if (head[17] !== 0) return `nfcapd file is encrypted (method ${head[17]}), which nfdump itself cannot read`;
  const appendixBlocks = head.readUInt16LE(18);
  const appendixOffset = appendixBlocks > 0 ? Number(head.readBigUInt64LE(24)) : 0;
  return {
    layout: 2,
    compression: compression as CompressionId,
    dataOffset: V2_HEADER_BYTES,
    appendixOffset: appendixOffset >= V2_HEADER_BYTES ? appendixOffset : 0,
    numBlocks: head.readUInt32LE(36),
  };
}
