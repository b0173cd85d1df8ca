/**
 * Sampled IPv4 / IPv6 records (formats 3 and 4): what an agent sends when it decoded the packet
 * itself instead of copying its header. They carry the 5-tuple, TCP flags and the IP length, but
 * no payload, so they feed counters and ports, never payload detectors.
 */
import { ipv4Text, ipv6Text } from '../pcap/address-text';
import { u32be } from '../pcap/bytes';
import type { DecodedPacket } from '../pcap/packet';
import { IPPROTO } from '../../flow/flow-record';
import { SAMPLED_IPV4_BYTES, SAMPLED_IPV6_BYTES } from './layout';

const EMPTY = Buffer.alloc(0);

/** Bytes a sampled IP record needs; -1 for other formats. */
export function sampledIpBytes(ipv6: boolean): number {
  return ipv6 ? SAMPLED_IPV6_BYTES : SAMPLED_IPV4_BYTES;
}

/**
 * The record at `buf[at, at + sampledIpBytes)` as a packet, or undefined when it is neither TCP
 * nor UDP (flows are TCP/UDP only, as for captures).
 */
export function sampledIpPacket(buf: Buffer, at: number, ipv6: boolean, time: number, offset: number): DecodedPacket | undefined {
  const protocol = u32be(buf, at + 4);
  if (protocol !== IPPROTO.TCP && protocol !== IPPROTO.UDP) return undefined;
  const size = ipv6 ? 16 : 4;
  const srcAt = at + 8;
  const dstAt = srcAt + size;
  const portsAt = dstAt + size;
  const text = ipv6 ? ipv6Text : ipv4Text;
  const flags = u32be(buf, portsAt + 8) & 0x1ff;
  return {
    time,
    offset,
    ipVersion: ipv6 ? 6 : 4,
    src: text(buf, srcAt),
    dst: text(buf, dstAt),
    protocol,
    ipLength: u32be(buf, at),
    srcPort: u32be(buf, portsAt) & 0xffff,
    dstPort: u32be(buf, portsAt + 4) & 0xffff,
    // No sequence numbers: the payload head ignores empty segments, flags still count.
    tcp: protocol === IPPROTO.TCP ? { seq: 0, ack: 0, flags } : undefined,
    payload: EMPTY,
  };
}
