import type { Config } from '../config/schema';
import { openSource } from './source';
import { looksLikeExportFile } from './netflow/export-file';
import { looksLikeNfcapd } from './nfdump';
import { looksLikeSflowFile } from './sflow/sflow-file';
import { looksLikeNfdumpCsv } from './text/nfdump-csv';
import { looksLikeGoflow2Json } from './text/goflow2-json';
import { looksLikeMappedCsv } from './text/mapped-csv';

export type InputFormat = 'pcap' | 'pcapng' | 'nfcapd' | 'netflow' | 'sflow' | 'nfdump-csv' | 'goflow2-json' | 'mapped-csv' | 'unknown';

interface Signature {
  format: Exclude<InputFormat, 'unknown'>;
  /** `config` is there for formats the operator describes (a CSV column mapping). */
  matches(head: Buffer, config?: Config): boolean;
}

function startsWith(...bytes: number[]): (head: Buffer) => boolean {
  return (head) => head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

/** pcapng: the Section Header Block type, then (bytes 8-11) the byte-order magic in either order. */
function pcapngSectionHeader(head: Buffer): boolean {
  if (!startsWith(0x0a, 0x0d, 0x0d, 0x0a)(head) || head.length < 12) return false;
  const magic = head.readUInt32LE(8);
  return magic === 0x1a2b3c4d || magic === 0x4d3c2b1a;
}

/** One row per format; the first match wins. A new input format adds a row here. */
const SIGNATURES: readonly Signature[] = [
  { format: 'pcap', matches: startsWith(0xd4, 0xc3, 0xb2, 0xa1) }, // microseconds, little-endian
  { format: 'pcap', matches: startsWith(0xa1, 0xb2, 0xc3, 0xd4) }, // microseconds, big-endian
  { format: 'pcap', matches: startsWith(0x4d, 0x3c, 0xb2, 0xa1) }, // nanoseconds, little-endian
  { format: 'pcap', matches: startsWith(0xa1, 0xb2, 0x3c, 0x4d) }, // nanoseconds, big-endian
  { format: 'pcapng', matches: pcapngSectionHeader },
  { format: 'nfcapd', matches: looksLikeNfcapd }, // 0xA50C little-endian + layout 1/2: no NetFlow version is 0x0CA5
  { format: 'netflow', matches: looksLikeExportFile },
  { format: 'sflow', matches: looksLikeSflowFile }, // 32-bit version 5; NetFlow v5 is a 16-bit 5
  { format: 'nfdump-csv', matches: looksLikeNfdumpCsv },
  { format: 'goflow2-json', matches: looksLikeGoflow2Json },
  { format: 'mapped-csv', matches: looksLikeMappedCsv },
];

export function sniffHead(head: Buffer, config?: Config): InputFormat {
  return SIGNATURES.find((s) => s.matches(head, config))?.format ?? 'unknown';
}

/** The input format from the first decoded bytes (never the name). Rejects if it cannot be read. */
export async function sniffFormat(path: string, config?: Config): Promise<InputFormat> {
  const source = await openSource(path);
  try {
    return sniffHead(source.head, config);
  } finally {
    await source.close();
  }
}
