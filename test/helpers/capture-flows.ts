/** Reads a capture through the real readers and flow assembly, collecting its FlowRecords. */
import { parseConfig } from '../../src/config/load';
import type { FlowRecord } from '../../src/flow/flow-record';
import { readInput } from '../../src/readers/input';

export async function captureFlows(path: string, raw: Record<string, unknown> = {}): Promise<FlowRecord[]> {
  const flows: FlowRecord[] = [];
  await readInput(path, parseConfig(raw), { flow: (f) => flows.push(f), issue: () => undefined });
  return flows;
}
