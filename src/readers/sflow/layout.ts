/**
 * sFlow version 5 structure numbers and fixed sizes (sflow.org SFLOW-DATAGRAM5.txt and
 * SFLOW-STRUCTS5.txt; checked against host-sflow's sflow.h, goflow2's decoder and tshark).
 * Everything is XDR: big-endian 32-bit words, opaque data padded to a multiple of 4 bytes, and
 * every sample and record carries its own length, so unknown ones can be stepped over.
 */

export const SFLOW_VERSION = 5;

/** The agent address union's tag. */
export const ADDRESS_IPV4 = 1;
export const ADDRESS_IPV6 = 2;

/**
 * Sample and record types are one word: a 20-bit enterprise above a 12-bit format. Enterprise 0
 * is the standard sFlow set; everything this reader uses is there.
 */
export function enterpriseOf(dataFormat: number): number {
  return Math.floor(dataFormat / 4096);
}

export function formatOf(dataFormat: number): number {
  return dataFormat & 0xfff;
}

/** Sample formats (enterprise 0). */
export const SAMPLE = { FLOW: 1, COUNTERS: 2, EXPANDED_FLOW: 3, EXPANDED_COUNTERS: 4 } as const;

/** Flow record formats (enterprise 0) that describe the sampled packet itself. */
export const RECORD = { RAW_HEADER: 1, ETHERNET: 2, IPV4: 3, IPV6: 4 } as const;

/** Raw packet header protocols (SFLHeader_protocol) that rigsweep decodes. */
export const HEADER_PROTOCOL = { ETHERNET: 1, IPV4: 11, IPV6: 12 } as const;

/** version, address type, sub-agent, sequence, uptime, sample count — plus the address. */
export const DATAGRAM_FIXED_BYTES = 6 * 4;

/** Sample and record headers: data format and length. */
export const TAG_BYTES = 8;

/**
 * flow_sample: sequence, source_id, sampling_rate, sample_pool, drops, input, output, record
 * count. flow_sample_expanded splits source_id, input and output into two words each.
 */
export const FLOW_SAMPLE_BYTES = 8 * 4;
export const EXPANDED_FLOW_SAMPLE_BYTES = 11 * 4;

/** sampled_header: protocol, frame_length, stripped, then the header as opaque<> (length first). */
export const RAW_HEADER_FIXED_BYTES = 4 * 4;

/** sampled_ipv4: length, protocol, src, dst, src_port, dst_port, tcp_flags, tos. */
export const SAMPLED_IPV4_BYTES = 32;
/** sampled_ipv6: length, protocol, src (16), dst (16), src_port, dst_port, tcp_flags, priority. */
export const SAMPLED_IPV6_BYTES = 56;

/** A datagram is one UDP payload: nothing longer can be one (the file framer's bound). */
export const MAX_DATAGRAM_BYTES = 65_535;

/** XDR lengths are whole words. */
export function isWordMultiple(n: number): boolean {
  return (n & 3) === 0;
}
