/**
 * The sFlow v5 datagram header: who sent it (agent address and sub-agent), its sequence number,
 * the agent's uptime and how many samples follow. Read without allocating beyond the address text.
 */
import { ipv4Text, ipv6Text } from '../pcap/address-text';
import { u32be } from '../pcap/bytes';
import { ADDRESS_IPV4, ADDRESS_IPV6, DATAGRAM_FIXED_BYTES, SFLOW_VERSION } from './layout';

export interface DatagramHeader {
  /** Agent address as text; "" when the agent sent the "unknown" address type (0). */
  agent: string;
  subAgent: number;
  sequence: number;
  /** Milliseconds since the agent booted. */
  uptimeMs: number;
  sampleCount: number;
  /** Where the first sample starts, from the datagram's first byte. */
  samplesAt: number;
}

/** Why a header could not be read: the text of a `sflow.bad-header` issue. */
export type HeaderProblem = string;

/** Bytes of the agent address for an address type, or -1 for a type the spec does not define. */
export function addressBytes(type: number): number {
  if (type === ADDRESS_IPV4) return 4;
  if (type === ADDRESS_IPV6) return 16;
  return type === 0 ? 0 : -1;
}

/** Reads the header of the datagram at `buf[at, end)`. */
export function readDatagramHeader(buf: Buffer, at: number, end: number): DatagramHeader | HeaderProblem {
  if (end - at < 8) return `datagram of ${end - at} bytes is shorter than an sFlow header`;
  const version = u32be(buf, at);
  if (version !== SFLOW_VERSION) return `datagram version ${version} is not sFlow 5`;
  const type = u32be(buf, at + 4);
  const size = addressBytes(type);
  if (size < 0) return `agent address type ${type} is neither IPv4 (1) nor IPv6 (2)`;
  const samplesAt = DATAGRAM_FIXED_BYTES + size;
  if (end - at < samplesAt) return `datagram of ${end - at} bytes ends inside its ${samplesAt}-byte header`;
  const addressAt = at + 8;
  const agent = size === 4 ? ipv4Text(buf, addressAt) : size === 16 ? ipv6Text(buf, addressAt) : '';
  const after = addressAt + size;
  return {
    agent,
    subAgent: u32be(buf, after),
    sequence: u32be(buf, after + 4),
    uptimeMs: u32be(buf, after + 8),
    sampleCount: u32be(buf, after + 12),
    samplesAt,
  };
}
