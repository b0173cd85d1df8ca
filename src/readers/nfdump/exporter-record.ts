/**
 * Exporter records (type 7, ExporterInfoRecordType) name the device behind an `exporter_sysid`,
 * the small number flow records carry (V3 header `exporterID`, 1.6 common record
 * `exporter_sysid`). Layout (v1.7.1 src/include/exporter.h exporter_info_record_t, same in
 * v1.6.25 bin/exporter.h): record header (4), u32 version @4, ip_addr_t ip (16) @8, u16 sa_family
 * @24, u16 sysid @26, u32 id @28. Up to 1.7.1 ip_addr_t is a union of two host-order uint64
 * (IPv6) and, on little-endian hosts, a uint32 IPv4 at byte 8 of it; newer nfdump (HEAD) stores
 * the 16 address bytes in network order with `fill` (0) where sa_family was, IPv4 mapped.
 */
import { ipv4Text, ipv6Text } from '../pcap/address-text';
import { hostIpv4, hostIpv6 } from './host-order';

export const EXPORTER_RECORD_BYTES = 32;
const AF_INET = 2;
const AF_INET6 = 10;

export interface ExporterInfo {
  sysid: number;
  ip: string;
}

/** The exporter a type-7 record describes, or undefined when it is too short to hold one. */
export function parseExporterRecord(buf: Buffer, at: number, size: number): ExporterInfo | undefined {
  if (size < EXPORTER_RECORD_BYTES) return undefined;
  const family = buf.readUInt16LE(at + 24);
  const sysid = buf.readUInt16LE(at + 26);
  const ip = at + 8;
  if (family === AF_INET) return { sysid, ip: hostIpv4(buf, ip + 8) };
  if (family === AF_INET6) return { sysid, ip: hostIpv6(buf, ip) };
  let mapped = buf[ip + 10] === 0xff && buf[ip + 11] === 0xff;
  for (let i = 0; i < 10 && mapped; i++) mapped = buf[ip + i] === 0;
  return { sysid, ip: mapped ? ipv4Text(buf, ip + 12) : ipv6Text(buf, ip) };
}
