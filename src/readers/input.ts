/**
 * Opens any supported input by its magic bytes (never its name) and streams FlowRecords out of
 * it through that format's reader.
 */
import type { Config } from '../config/schema';
import type { IssueCode } from '../errors/codes';
import type { FlowSink } from './format-reader';
import { FORMAT_READERS } from './formats';
import { sniffHead } from './sniff';
import { openSource, type Compression, type SourceOptions } from './source';

export type { FlowSink } from './format-reader';

export interface InputStats {
  format: string;
  /** The compression the input arrived in ("none" when it was not compressed). */
  compression: Compression;
  /** Raw bytes read (compressed bytes for a compressed input). */
  bytes: number;
  /** Decoded bytes the reader saw, for a compressed input. */
  decodedBytes?: number;
  packets: number;
  flows: number;
  /** Every issue by code, including those past the per-code reporting cap. */
  issueCounts: Record<string, number>;
}

/** The input cannot be read at all: the CLI exits 3 with this one-line message. */
export class InputError extends Error {
  constructor(
    readonly path: string,
    reason: string,
    /** Which of the whole-input issue codes this is. */
    readonly code: Extract<IssueCode, 'input.unreadable' | 'input.unknown-format'> = 'input.unreadable',
    /** The sniffed format, when the failure came after sniffing. */
    readonly format = 'unknown',
  ) {
    super(`${path}: ${reason}`);
    this.name = 'InputError';
  }
}

const KNOWN = 'pcap, pcapng, nfcapd, NetFlow/IPFIX, sFlow, nfdump CSV, goflow2 JSON or a configured CSV, optionally gzip/bzip2/xz/zstd-compressed';

/** Reads one input (a path, a FIFO, or "-" for standard input) through the reader of its sniffed format. */
export async function readInput(path: string, config: Config, sink: FlowSink, options: SourceOptions = {}): Promise<InputStats> {
  const source = await openSource(path, options).catch((e: Error) => {
    throw new InputError(path, e.message);
  });
  try {
    const format = sniffHead(source.head, config);
    if (format === 'unknown') {
      const what = source.compression === 'none' ? '' : ` (after ${source.compression} decompression)`;
      throw new InputError(path, `unknown format${what}: not ${KNOWN}`, 'input.unknown-format');
    }
    try {
      const totals = await FORMAT_READERS[format](source, config, sink);
      const decoded = source.compression === 'none' ? {} : { decodedBytes: source.counts.decoded };
      return { format, compression: source.compression, bytes: source.counts.raw, ...decoded, ...totals };
    } catch (e) {
      throw new InputError(path, (e as Error).message, 'input.unreadable', format);
    }
  } finally {
    await source.close();
  }
}
