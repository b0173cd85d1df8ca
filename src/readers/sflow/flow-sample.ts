/**
 * Flow sample headers (enterprise 0, formats 1 and 3): how the packet was sampled. The compact
 * form packs the data source and the interfaces into single words (type or format in the top
 * bits); the expanded form, for agents with ifIndex values past 24 / 30 bits, gives each part a
 * word of its own. Both end in the count of flow records that follow.
 */
import { u32be } from '../pcap/bytes';
import { EXPANDED_FLOW_SAMPLE_BYTES, FLOW_SAMPLE_BYTES } from './layout';

export interface FlowSampleHeader {
  sequence: number;
  sourceIdType: number;
  sourceIdIndex: number;
  /** One packet in `samplingRate` was sampled: each sample stands for that many. */
  samplingRate: number;
  /** Packets that could have been sampled (all packets seen by the data source). */
  samplePool: number;
  /** Samples lost for lack of resources at the agent. */
  drops: number;
  inputFormat: number;
  input: number;
  outputFormat: number;
  output: number;
  recordCount: number;
  /** Offset of the first record from the sample body's start. */
  recordsAt: number;
}

/** Reads the header at `buf[at, end)` (the sample body); undefined when the body is too short. */
export function readFlowSampleHeader(buf: Buffer, at: number, end: number, expanded: boolean): FlowSampleHeader | undefined {
  if (expanded) {
    if (end - at < EXPANDED_FLOW_SAMPLE_BYTES) return undefined;
    return {
      sequence: u32be(buf, at),
      sourceIdType: u32be(buf, at + 4),
      sourceIdIndex: u32be(buf, at + 8),
      samplingRate: u32be(buf, at + 12),
      samplePool: u32be(buf, at + 16),
      drops: u32be(buf, at + 20),
      inputFormat: u32be(buf, at + 24),
      input: u32be(buf, at + 28),
      outputFormat: u32be(buf, at + 32),
      output: u32be(buf, at + 36),
      recordCount: u32be(buf, at + 40),
      recordsAt: EXPANDED_FLOW_SAMPLE_BYTES,
    };
  }
  if (end - at < FLOW_SAMPLE_BYTES) return undefined;
  const source = u32be(buf, at + 4);
  const input = u32be(buf, at + 20);
  const output = u32be(buf, at + 24);
  return {
    sequence: u32be(buf, at),
    sourceIdType: source >>> 24,
    sourceIdIndex: source & 0xffffff,
    samplingRate: u32be(buf, at + 8),
    samplePool: u32be(buf, at + 12),
    drops: u32be(buf, at + 16),
    // interface: the top 2 bits are the format (0 ifIndex, 1 discard reason, 2 several outputs).
    inputFormat: input >>> 30,
    input: input & 0x3fffffff,
    outputFormat: output >>> 30,
    output: output & 0x3fffffff,
    recordCount: u32be(buf, at + 28),
    recordsAt: FLOW_SAMPLE_BYTES,
  };
}
