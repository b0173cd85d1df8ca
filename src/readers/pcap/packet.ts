import type { InputIssue } from '../issues';

/**
 * One decoded IP packet carrying TCP or UDP, as the capture readers hand it to flow assembly.
 * `payload` may be a view into a reader buffer: copy what you keep.
 */
export interface DecodedPacket {
  /** Capture time, seconds since the epoch (fractional). */
  time: number;
  /** Byte offset of the packet record in the capture file, for issue reports. */
  offset: number;
  ipVersion: 4 | 6;
  src: string;
  dst: string;
  /** IANA protocol number: 6 TCP, 17 UDP. */
  protocol: number;
  /** Length of the IP packet (header + data) as on the wire, for byte counters. */
  ipLength: number;
  srcPort: number;
  dstPort: number;
  /** Present for TCP only. `seq` is the raw 32-bit sequence number. */
  tcp?: { seq: number; ack: number; flags: number };
  payload: Buffer;
  /**
   * How many packets on the wire this one stands for: a packet sampled 1 in N (sFlow) counts N
   * packets and N times its bytes. Absent (1) for captured packets.
   */
  weight?: number;
}

/** What a capture reader calls as it goes. Synchronous so a reader cannot outrun its consumer. */
export interface PacketSink {
  packet(packet: DecodedPacket): void;
  issue(issue: InputIssue): void;
}

/** Totals a capture reader returns when the file is done. */
export interface CaptureStats {
  format: 'pcap' | 'pcap-ns' | 'pcapng';
  /** Every packet record read, decodable or not. */
  packets: number;
  /** Records that reached the sink as TCP/UDP packets. */
  decoded: number;
  /** Bytes of the file read. */
  bytes: number;
}
