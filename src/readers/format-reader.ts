/** What every input format's reader looks like to `readInput`. */
import type { Config } from '../config/schema';
import type { FlowRecord } from '../flow/flow-record';
import type { InputIssue } from './issues';

export interface FlowSink {
  flow(record: FlowRecord): void;
  issue(issue: InputIssue): void;
  /** Bytes of the file consumed so far (for progress bars). */
  progress?(bytesRead: number): void;
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
 * Reads one file of its format, calling `sink.flow` for every record. Bad records are issues and
 * the read goes on; it rejects (one line, no path) only when the file cannot be read at all.
 */
export type FormatReader = (path: string, config: Config, sink: FlowSink) => Promise<ReaderTotals>;

/** Adds issue counts of several sources (reader layers) into one table. */
export function addCounts(...tables: Array<Partial<Record<string, number>>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const table of tables) for (const [code, n] of Object.entries(table)) out[code] = (out[code] ?? 0) + (n ?? 0);
  return out;
}
