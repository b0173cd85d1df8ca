/** Reads one capture file into a PacketSink: the entry point of the packet readers. */
import type { DetailedCaptureStats } from './capture-session';
import type { FragmentLimits } from './fragments';
import type { PacketSink } from './packet';
import type { ByteSource } from '../source/byte-source';
import { readPcap } from './pcap-reader';
import { readPcapng } from './pcapng-reader';

export type { DetailedCaptureStats } from './capture-session';
export { CaptureOpenError } from '../file-chunks';

export interface CaptureOptions {
  /** A packet record longer than this is corrupt: the reader resynchronises past it. */
  maxPacketBytes: number;
  /** Bounds of IP fragment reassembly. */
  fragments: FragmentLimits;
}

/**
 * Calls `sink.packet` synchronously for each TCP/UDP packet and `sink.issue` for each problem,
 * and resolves with the totals when the file is done. Bad records never reject: they are issues.
 * Rejects (with a one-line message, no path) only when the file cannot be opened or its header
 * is unreadable.
 */
export function readCapture(
  source: ByteSource,
  format: 'pcap' | 'pcapng',
  sink: PacketSink,
  options: CaptureOptions,
): Promise<DetailedCaptureStats> {
  return format === 'pcap' ? readPcap(source, sink, options) : readPcapng(source, sink, options);
}
