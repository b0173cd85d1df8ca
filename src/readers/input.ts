/**
 * Opens any supported input by its magic bytes (never its name) and streams FlowRecords out of
 * it. Packet captures go through flow assembly; flow exports (later) produce records directly.
 */
import { stat } from 'node:fs/promises';
import type { Config } from '../config/schema';
import type { FlowRecord } from '../flow/flow-record';
import type { InputIssue } from './issues';
import { sniffFormat } from './sniff';
import { readCapture } from './pcap/capture';
import { FlowAssembler } from './pcap/flow-table';
import { IssueLimiter } from './issue-limiter';

export interface FlowSink {
  flow(record: FlowRecord): void;
  issue(issue: InputIssue): void;
  progress?(bytesRead: number): void;
}

export interface InputStats {
  format: string;
  bytes: number;
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
  ) {
    super(`${path}: ${reason}`);
    this.name = 'InputError';
  }
}

export async function readInput(path: string, config: Config, sink: FlowSink): Promise<InputStats> {
  let bytes: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a regular file');
    bytes = info.size;
  } catch (e) {
    throw new InputError(path, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const format = await sniffFormat(path).catch((e: Error) => {
    throw new InputError(path, `cannot read: ${e.message}`);
  });
  if (format === 'unknown') throw new InputError(path, 'unknown format (not pcap, pcapng or a supported flow export)');
  let flows = 0;
  const flowIssues = new IssueLimiter(sink.issue);
  const assembler = new FlowAssembler(
    config.capture,
    (record) => {
      flows++;
      sink.flow(record);
    },
    (issue) => flowIssues.issue(issue.code, issue.offset, issue.message),
  );
  try {
    const stats = await readCapture(
      path,
      format,
      { packet: (p) => assembler.add(p), issue: (i) => sink.issue(i), progress: sink.progress },
      { maxPacketBytes: config.capture.maxPacketBytes },
    );
    assembler.flush();
    flowIssues.finish();
    const issueCounts: Record<string, number> = { ...stats.issues };
    for (const [code, n] of Object.entries(flowIssues.totals())) issueCounts[code] = (issueCounts[code] ?? 0) + n;
    return { format: stats.format, bytes, packets: stats.packets, flows, issueCounts };
  } catch (e) {
    throw new InputError(path, (e as Error).message);
  }
}
