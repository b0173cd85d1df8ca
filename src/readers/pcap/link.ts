/**
 * Link-layer headers: find where the IP packet starts in a captured frame. A decoder returns that
 * offset, or NOT_IP (ARP, LLC, IPX, ...: skipped silently) or LINK_TRUNCATED. The IP layer then
 * tells IPv4 from IPv6 by the version nibble, so every path here ends the same way.
 */
import { u16be, u32be, u32le } from './bytes';

export const NOT_IP = -1;
export const LINK_TRUNCATED = -2;

/** (frame bytes, first byte, end) → offset of the IP header, NOT_IP or LINK_TRUNCATED. */
export type LinkDecoder = (buf: Buffer, start: number, end: number) => number;

/** Link-layer header type numbers from the tcpdump.org LINKTYPE registry. */
export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  DLT_RAW_12: 12, // DLT_RAW on most BSDs and Linux, written as-is by old tools
  DLT_RAW_14: 14, // DLT_RAW on OpenBSD
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = 0x8100;
const ETHERTYPE_QINQ = 0x88a8;
const ETHERTYPE_QINQ_OLD = 0x9100;
const ETHERTYPE_QINQ_OLD2 = 0x9200;
const ETHERTYPE_PPPOE_SESSION = 0x8864;
const ETHERTYPE_MPLS = 0x8847;
const ETHERTYPE_MPLS_MULTICAST = 0x8848;
const PPP_IPV4 = 0x0021;
const PPP_IPV6 = 0x0057;

/**
 * Follows an EtherType through VLAN tags (any depth: each tag consumes 4 bytes, so the walk ends
 * at the frame's end), PPPoE sessions (broadband access networks) and MPLS label stacks.
 */
function afterEtherType(buf: Buffer, type: number, at: number, end: number): number {
  for (;;) {
    switch (type) {
      case ETHERTYPE_IPV4:
      case ETHERTYPE_IPV6:
        return at;
      case ETHERTYPE_VLAN:
      case ETHERTYPE_QINQ:
      case ETHERTYPE_QINQ_OLD:
      case ETHERTYPE_QINQ_OLD2:
        if (at + 4 > end) return LINK_TRUNCATED;
        type = u16be(buf, at + 2);
        at += 4;
        break;
      case ETHERTYPE_PPPOE_SESSION: {
        if (at + 8 > end) return LINK_TRUNCATED;
        const protocol = u16be(buf, at + 6);
        return protocol === PPP_IPV4 || protocol === PPP_IPV6 ? at + 8 : NOT_IP;
      }
      case ETHERTYPE_MPLS:
      case ETHERTYPE_MPLS_MULTICAST:
        return afterMplsLabels(buf, at, end);
      default:
        return NOT_IP;
    }
  }
}

/** MPLS has no next-protocol field: after the bottom-of-stack label, guess IP by its version. */
function afterMplsLabels(buf: Buffer, at: number, end: number): number {
  for (;;) {
    if (at + 4 > end) return LINK_TRUNCATED;
    const bottomOfStack = (buf[at + 2] & 0x01) !== 0;
    at += 4;
    if (bottomOfStack) break;
  }
  if (at >= end) return LINK_TRUNCATED;
  const version = buf[at] >> 4;
  return version === 4 || version === 6 ? at : NOT_IP;
}

const ethernet: LinkDecoder = (buf, start, end) =>
  end - start < 14 ? LINK_TRUNCATED : afterEtherType(buf, u16be(buf, start + 12), start + 14, end);

/** Linux cooked capture v1: 16-byte header, protocol (an EtherType) in the last two bytes. */
const linuxSll: LinkDecoder = (buf, start, end) =>
  end - start < 16 ? LINK_TRUNCATED : afterEtherType(buf, u16be(buf, start + 14), start + 16, end);

/** Linux cooked capture v2: 20-byte header, protocol in the first two bytes. */
const linuxSll2: LinkDecoder = (buf, start, end) =>
  end - start < 20 ? LINK_TRUNCATED : afterEtherType(buf, u16be(buf, start), start + 20, end);

const rawIp: LinkDecoder = (_buf, start) => start;

/** BSD loopback: AF_ value in 4 bytes; AF_INET6 is 24, 28 or 30 depending on the BSD. */
function loopbackFamily(family: number, start: number): number {
  return family === 2 || family === 24 || family === 28 || family === 30 ? start + 4 : NOT_IP;
}

/** LINKTYPE_NULL stores the family in the capturing host's byte order, which the file does not record. */
const bsdNull: LinkDecoder = (buf, start, end) => {
  if (end - start < 4) return LINK_TRUNCATED;
  const little = u32le(buf, start);
  return loopbackFamily(little <= 0xffff ? little : u32be(buf, start), start);
};

/** LINKTYPE_LOOP (OpenBSD): the same family, always big-endian. */
const bsdLoop: LinkDecoder = (buf, start, end) =>
  end - start < 4 ? LINK_TRUNCATED : loopbackFamily(u32be(buf, start), start);

const DECODERS: ReadonlyMap<number, LinkDecoder> = new Map([
  [LINKTYPE.NULL, bsdNull],
  [LINKTYPE.ETHERNET, ethernet],
  [LINKTYPE.DLT_RAW_12, rawIp],
  [LINKTYPE.DLT_RAW_14, rawIp],
  [LINKTYPE.RAW, rawIp],
  [LINKTYPE.LOOP, bsdLoop],
  [LINKTYPE.LINUX_SLL, linuxSll],
  [LINKTYPE.IPV4, rawIp],
  [LINKTYPE.IPV6, rawIp],
  [LINKTYPE.LINUX_SLL2, linuxSll2],
]);

/** One capture interface's link layer; `reported` keeps `link.unsupported` to one issue per interface. */
export interface LinkContext {
  linkType: number;
  decode: LinkDecoder | undefined;
  reported: boolean;
}

export function linkContext(linkType: number): LinkContext {
  return { linkType, decode: DECODERS.get(linkType), reported: false };
}
