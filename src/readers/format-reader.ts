/** What every input format's reader looks like to `readInput`. */
import type { Config } from '../config/schema';
import type { FlowRecord } from '../flow/flow-record';
import type { InputIssue } from './issues';
import type { ByteSource } from './source/byte-source';

export interface FlowSink {
  flow(record: FlowRecord): void;
  issue(issue: InputIssue): void;
}

export interface ReaderTotals {
  /** Packets for captures, export messages for NetFlow/IPFIX, lines for text exports. */
  packets: number;
  /** FlowRecords produced. */
  flows: number;
  /** Every issue by code, including those past the per-code reporting cap. */
  issueCounts: Record<string, number>;
}

/**
 * Reads one input of its format, calling `sink.flow` for every record. Bad records are issues and
 * the read goes on; it rejects (one line, no path) only when the input cannot be read at all.
 * Progress is the source's business (it counts the bytes read from disk).
 */
export type FormatReader = (source: ByteSource, config: Config, sink: FlowSink) => Promise<ReaderTotals>;

/** Adds issue counts of several sources (reader layers) into one table. */
export function addCounts(...tables: Array<Partial<Record<string, number>>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const table of tables) for (const [code, n] of Object.entries(table)) out[code] = (out[code] ?? 0) + (n ?? 0);
  return out;
}
