/**
 * Opens any supported input by its magic bytes (never its name) and streams FlowRecords out of
 * it through that format's reader.
 */
import { stat } from 'node:fs/promises';
import type { Config } from '../config/schema';
import type { FlowSink } from './format-reader';
import { FORMAT_READERS } from './formats';
import { sniffFormat } from './sniff';

export type { FlowSink } from './format-reader';

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
  const format = await sniffFormat(path, config).catch((e: Error) => {
    throw new InputError(path, `cannot read: ${e.message}`);
  });
  if (format === 'unknown') {
    throw new InputError(path, 'unknown format (not pcap, pcapng, NetFlow/IPFIX, nfdump CSV, goflow2 JSON or a configured CSV)');
  }
  try {
    const totals = await FORMAT_READERS[format](path, config, sink);
    return { format, bytes, ...totals };
  } catch (e) {
    throw new InputError(path, (e as Error).message);
  }
}
