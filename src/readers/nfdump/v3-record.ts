/**
 * V3 flow records (type 11), what nfdump 1.7's nfcapd, nfpcapd and sfcapd write (v1.7.1
 * src/lib/nfxV3.h): a 12-byte header {u16 type, u16 size, u16 numElements, u8 engineType,
 * u8 engineID, u16 exporterID, u8 flags, u8 nfversion}, then `numElements` elements, each
 * {u16 type, u16 length incl. this 4-byte header} followed by its struct. Unknown elements are
 * stepped over by their length, so records of newer nfdump versions still decode.
 *
 * Elements read (offsets inside the element body; unchanged from 1.7.1 to HEAD):
 *  1 EXgenericFlow  u64 msecFirst @0, msecLast @8, msecReceived @16, inPackets @24, inBytes @32,
 *                   u16 srcPort @40, dstPort @42 (ICMP type/code), u8 proto @44, tcpFlags @45
 *  2 EXipv4Flow     src @0, dst @4 (host-order uint32)
 *  3 EXipv6Flow     src @0, dst @16 (2 x host-order uint64 each)
 *  4 EXflowMisc     u8 revTcpFlags @14 (1.7.1; 0 in later versions)
 *  5 EXcntFlow      u64 flows @0, outPackets @8, outBytes @16: the reverse direction (biflows, NSEL)
 * 12 EXipReceivedV4 / 13 EXipReceivedV6: the address the export came from = the exporter
 *
 * Sampling: the collectors scale counters before they write (netflow_v9.c / ipfix.c multiply by
 * the sampler's interval and set V3_FLAG_SAMPLED, header flags bit 1), so the counters are used
 * as stored; scaling again would multiply twice. The rate itself is in the file's sampler
 * records (sampler-record.ts), EXsamplerInfo (18: u64 selectorID @0) naming which one; it goes
 * on the record as `sampling`. sfcapd (nfversion 0x80 | sFlow version) flags every record
 * sampled but writes no sampler record: its rate (meanSkipCount) is folded into the counters and
 * stored nowhere, so those records carry "sampled, rate unknown" (sampling 0: no rate, no
 * configured fallback either). Unflagged records state no sampling (flowExport.samplingRate
 * applies).
 *
 * NAT (NSEL/NEL: 19 EXnselCommon, 20/21 EXnselXlateIPv4/IPv6, 22 EXnselXlatePort, 25
 * EXnelCommon): the flow's own addresses (EXipv4Flow/EXipv6Flow, IPFIX sourceIPv4Address) are the
 * real, pre-translation ones; the xlate elements hold the post-NAT (public) side. A CGNAT
 * subscriber is its inside address — the public one is shared by hundreds of subscribers — so
 * the record's own source is what is reported, and the xlate addresses are not used.
 */
import type { ExportRecord } from '../../flow/export-record';
import { hostIpv4, hostIpv6, u16, u64 } from './host-order';
import type { SamplerTable } from './sampler-record';

export const V3_RECORD = 11;
const HEADER_BYTES = 12;

const EX_GENERIC_FLOW = 1;
const EX_IPV4_FLOW = 2;
const EX_IPV6_FLOW = 3;
const EX_FLOW_MISC = 4;
const EX_CNT_FLOW = 5;
const EX_IP_RECEIVED_V4 = 12;
const EX_IP_RECEIVED_V6 = 13;
const EX_SAMPLER_INFO = 18;
const V3_FLAG_SAMPLED = 2;

/** Element header plus the bytes of each element that is read (its struct may be longer). */
const GENERIC_BYTES = 4 + 46;
const IPV4_BYTES = 4 + 8;
const IPV6_BYTES = 4 + 32;
const MISC_BYTES = 4 + 15;
const CNT_BYTES = 4 + 24;
const RECEIVED_V4_BYTES = 4 + 4;
const RECEIVED_V6_BYTES = 4 + 16;
const SAMPLER_INFO_BYTES = 4 + 8;

export const V3_OK = 0;
/** An element length below its header or past the record: the record is corrupt. */
export const V3_BAD = 1;
/** No address element (or no generic flow element): not a flow. */
export const V3_NOT_A_FLOW = 2;
export type V3Result = typeof V3_OK | typeof V3_BAD | typeof V3_NOT_A_FLOW;

/** Where the exporter comes from when the record has no received-address element. */
export interface ExporterLookup {
  byId(sysid: number): string | undefined;
  readonly fallback: string;
  /** The sampler records read so far: the rates of sampled records. */
  readonly samplers: SamplerTable;
}

/**
 * Decodes the V3 record at buf[at, at + size) into `out` (every field is set). The caller has
 * checked size >= 4 and that the record lies inside the block.
 */
export function decodeV3(buf: Buffer, at: number, size: number, exporters: ExporterLookup, out: ExportRecord): V3Result {
  if (size < HEADER_BYTES) return V3_BAD;
  const end = at + size;
  const elements = u16(buf, at + 4);
  let generic = -1;
  let addresses = 0;
  let pos = at + HEADER_BYTES;
  out.reversePackets = undefined;
  out.reverseBytes = undefined;
  out.reverseTcpFlags = undefined;
  let exporter: string | undefined;
  let selector: number | undefined;
  for (let i = 0; i < elements; i++) {
    if (pos + 4 > end) return V3_BAD;
    const type = u16(buf, pos);
    const length = u16(buf, pos + 2);
    if (length < 4 || pos + length > end) return V3_BAD;
    switch (type) {
      case EX_GENERIC_FLOW:
        if (length < GENERIC_BYTES) return V3_BAD;
        generic = pos + 4;
        break;
      case EX_IPV4_FLOW:
        if (length < IPV4_BYTES) return V3_BAD;
        out.src = hostIpv4(buf, pos + 4);
        out.dst = hostIpv4(buf, pos + 8);
        addresses = 4;
        break;
      case EX_IPV6_FLOW:
        if (length < IPV6_BYTES) return V3_BAD;
        out.src = hostIpv6(buf, pos + 4);
        out.dst = hostIpv6(buf, pos + 20);
        addresses = 6;
        break;
      case EX_FLOW_MISC:
        if (length >= MISC_BYTES && buf[pos + 4 + 14] !== 0) out.reverseTcpFlags = buf[pos + 4 + 14];
        break;
      case EX_CNT_FLOW:
        if (length < CNT_BYTES) return V3_BAD;
        out.reversePackets = u64(buf, pos + 4 + 8);
        out.reverseBytes = u64(buf, pos + 4 + 16);
        break;
      case EX_IP_RECEIVED_V4:
        if (length >= RECEIVED_V4_BYTES) exporter = hostIpv4(buf, pos + 4);
        break;
      case EX_IP_RECEIVED_V6:
        if (length >= RECEIVED_V6_BYTES) exporter = hostIpv6(buf, pos + 4);
        break;
      case EX_SAMPLER_INFO:
        if (length >= SAMPLER_INFO_BYTES) selector = u64(buf, pos + 4);
        break;
      default:
        break;
    }
    pos += length;
  }
  if (generic < 0 || addresses === 0) return V3_NOT_A_FLOW;
  out.first = u64(buf, generic) / 1000;
  out.last = u64(buf, generic + 8) / 1000;
  out.packets = u64(buf, generic + 24);
  out.bytes = u64(buf, generic + 32);
  out.srcPort = u16(buf, generic + 40);
  out.dstPort = u16(buf, generic + 42);
  out.protocol = buf[generic + 44];
  out.tcpFlags = buf[generic + 45];
  const sysid = u16(buf, at + 8);
  out.exporter = exporter ?? exporters.byId(sysid) ?? exporters.fallback;
  out.sampling = buf[at + 10] & V3_FLAG_SAMPLED ? exporters.samplers.rateOf(sysid, selector) : undefined;
  return V3_OK;
}
