/**
 * nfdump 1.6 common records (type 10, CommonRecordType; v1.6.25 bin/nfx.h common_record_t, read
 * as nfdump 1.7.1's nffile_compat.c ExpandRecord_v2 does): {u16 type, u16 size, u16 flags,
 * u16 ext_map, u16 msec_first, u16 msec_last, u32 first, u32 last, u8 fwd_status, u8 tcp_flags,
 * u8 prot, u8 tos, u16 srcPort, u16 dstPort, u16 exporter_sysid, u8 biFlowDir,
 * u8 flowEndReason} = 32 bytes, then the required fields: addresses (flags bit 0: two IPv6 of
 * 2 x host-order uint64, else two host-order uint32), packets (bit 1: 8 bytes, else 4), bytes
 * (bit 2: 8, else 4), then the optional extensions of map `ext_map` (extension-map.ts).
 *
 * Flags bit 7 (FLAG_SAMPLED) means nfcapd already applied the sampling rate to the counters
 * ("sampled flow - sampling applied"), so counters are used as stored. The rate is the exporter's
 * sampler records (type 9, sampler-record.ts) when they agree on one; 1.6 stores no sampler id
 * per record, and a rate from nfcapd's command line (-s) is not in the file at all: then the
 * record is "sampled, rate unknown" (sampling 0).
 * Type 1 (the 1.5/early 1.6 common record) is skipped by nfdump 1.7 itself as legacy.
 */
import type { ExportRecord } from '../../flow/export-record';
import type { ExtensionLayout } from './extension-map';
import { hostIpv4, hostIpv6, u64 } from './host-order';
import type { ExporterLookup } from './v3-record';

export const COMMON_RECORD = 10;
const HEADER_BYTES = 32;
const FLAG_IPV6_ADDR = 1;
const FLAG_PKG_64 = 2;
const FLAG_BYTES_64 = 4;
const FLAG_SAMPLED = 128;

export const V1_OK = 0;
export const V1_BAD = 1;
export const V1_NO_MAP = 2;
export const V1_UNKNOWN_EXTENSION = 3;
export type V1Result = typeof V1_OK | typeof V1_BAD | typeof V1_NO_MAP | typeof V1_UNKNOWN_EXTENSION;

function counter(buf: Buffer, at: number, width: number): number {
  return width === 8 ? u64(buf, at) : buf.readUInt32LE(at);
}

export function decodeCommonRecord(
  buf: Buffer,
  at: number,
  size: number,
  maps: ReadonlyMap<number, ExtensionLayout>,
  exporters: ExporterLookup,
  out: ExportRecord,
): V1Result {
  if (size < HEADER_BYTES) return V1_BAD;
  const flags = buf.readUInt16LE(at + 4);
  const map = maps.get(buf.readUInt16LE(at + 6));
  if (map === undefined) return V1_NO_MAP;
  if (map.unknownId !== 0) return V1_UNKNOWN_EXTENSION;
  const v6 = (flags & FLAG_IPV6_ADDR) !== 0;
  const packetWidth = flags & FLAG_PKG_64 ? 8 : 4;
  const byteWidth = flags & FLAG_BYTES_64 ? 8 : 4;
  const addressBytes = v6 ? 32 : 8;
  const extensions = at + HEADER_BYTES + addressBytes + packetWidth + byteWidth;
  if (extensions + map.bytes > at + size) return V1_BAD;

  const data = at + HEADER_BYTES;
  if (v6) {
    out.src = hostIpv6(buf, data);
    out.dst = hostIpv6(buf, data + 16);
  } else {
    out.src = hostIpv4(buf, data);
    out.dst = hostIpv4(buf, data + 4);
  }
  out.packets = counter(buf, data + addressBytes, packetWidth);
  out.bytes = counter(buf, data + addressBytes + packetWidth, byteWidth);
  out.first = (buf.readUInt32LE(at + 12) * 1000 + buf.readUInt16LE(at + 8)) / 1000;
  out.last = (buf.readUInt32LE(at + 16) * 1000 + buf.readUInt16LE(at + 10)) / 1000;
  out.tcpFlags = buf[at + 21];
  out.protocol = buf[at + 22];
  out.srcPort = buf.readUInt16LE(at + 24);
  out.dstPort = buf.readUInt16LE(at + 26);
  out.reversePackets = map.outPackets >= 0 ? counter(buf, extensions + map.outPackets, map.outPacketsWidth) : undefined;
  out.reverseBytes = map.outBytes >= 0 ? counter(buf, extensions + map.outBytes, map.outBytesWidth) : undefined;
  out.reverseTcpFlags = undefined;
  let exporter: string | undefined;
  if (map.router >= 0) exporter = map.routerV6 ? hostIpv6(buf, extensions + map.router) : hostIpv4(buf, extensions + map.router);
  const sysid = buf.readUInt16LE(at + 28);
  out.exporter = exporter ?? exporters.byId(sysid) ?? exporters.fallback;
  out.sampling = flags & FLAG_SAMPLED ? exporters.samplers.rateOf(sysid, undefined) : undefined;
  return V1_OK;
}
