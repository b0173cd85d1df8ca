/** Test kit for the NetFlow/IPFIX decoder: a decoder that collects, and records as exported. */
import type { ExportRecord } from '../../../src/flow/export-record';
import { parseConfig } from '../../../src/config/load';
import type { Config } from '../../../src/config/schema';
import type { FlowRecord } from '../../../src/flow/flow-record';
import type { InputIssue } from '../../../src/readers/issues';
import { ExportDecoder } from '../../../src/readers/netflow/export-decoder';

export interface Decoded {
  decoder: ExportDecoder;
  flows: FlowRecord[];
  issues: InputIssue[];
  /** Decodes one message from `exporter` (default 192.0.2.9) at input offset `offset`. */
  decode(message: Buffer, exporter?: string, offset?: number): void;
}

export function flowExportSettings(overrides: Partial<Config['flowExport']> = {}): Config['flowExport'] {
  return parseConfig({ flowExport: overrides }).flowExport;
}

export function newDecoder(overrides: Partial<Config['flowExport']> = {}): Decoded {
  const flows: FlowRecord[] = [];
  const issues: InputIssue[] = [];
  const decoder = new ExportDecoder(flowExportSettings(overrides), (f) => flows.push(f), (i) => issues.push(i));
  return {
    decoder,
    flows,
    issues,
    decode: (message, exporter = '192.0.2.9', offset = 0) => decoder.decode(message, { exporter, offset }),
  };
}

/** A record as the exporter sent it (source → destination), undoing the client/server orientation. */
export type Exported = Pick<ExportRecord, 'src' | 'dst' | 'srcPort' | 'dstPort' | 'protocol' | 'packets' | 'bytes'>;

/**
 * Which endpoint was the record's source: the side whose direction carries the counters (a
 * unidirectional record fills one direction only).
 */
export function asExported(f: FlowRecord): Exported {
  const sourceIsClient = f.toServer.packets > 0 || f.toServer.bytes > 0 || (f.toClient.packets === 0 && f.toClient.bytes === 0);
  const [from, to, stats] = sourceIsClient ? [f.client, f.server, f.toServer] : [f.server, f.client, f.toClient];
  return { src: from.ip, dst: to.ip, srcPort: from.port, dstPort: to.port, protocol: f.protocol, packets: stats.packets, bytes: stats.bytes };
}

export function codes(issues: readonly InputIssue[]): string[] {
  return issues.map((i) => i.code);
}
