import type { IssueCode } from '../../errors/codes';
import { u16be, u32be } from './bytes';

/**
 * What the IP layer found, written into one reused object per decoder: decoding runs millions of
 * times a second and must not allocate for headers it only reads.
 */
export interface IpView {
  version: 4 | 6;
  /** Upper-layer protocol after any IPv6 extension headers (50 ESP and 59 "no next" end there). */
  protocol: number;
  srcAt: number;
  dstAt: number;
  /** Where the upper-layer header starts. */
  transportAt: number;
  /** End of the packet as declared by the header, possibly past the captured bytes. */
  declaredEnd: number;
  /** End of the captured bytes of this packet (Ethernet padding and trailers excluded). */
  capturedEnd: number;
  /** Packet length on the wire (header + data). */
  length: number;
  /** Where the IP header starts. */
  headerAt: number;
  /** IPv4 fragment offset in bytes, or that of the IPv6 fragment header. */
  fragmentOffset: number;
  /** For a fragment ('ip.fragment'): the identification (IPv4: 16 bits, IPv6: 32) and the more-fragments flag. */
  fragmentId: number;
  moreFragments: boolean;
}

export function newIpView(): IpView {
  return {
    version: 4, protocol: 0, srcAt: 0, dstAt: 0, transportAt: 0, declaredEnd: 0, capturedEnd: 0, length: 0,
    headerAt: 0, fragmentOffset: 0, fragmentId: 0, moreFragments: false,
  };
}

const IPV4_MORE_FRAGMENTS = 0x2000;
const IPV4_OFFSET_MASK = 0x1fff;

/** Decodes the IP header at `at`; returns an issue code when the packet cannot go on, else undefined. */
export function decodeIp(buf: Buffer, at: number, end: number, view: IpView): IssueCode | undefined {
  if (at >= end) return 'ip.truncated';
  const version = buf[at] >> 4;
  if (version === 4) return decodeIpv4(buf, at, end, view);
  if (version === 6) return decodeIpv6(buf, at, end, view);
  return 'ip.bad-header';
}

function decodeIpv4(buf: Buffer, at: number, end: number, view: IpView): IssueCode | undefined {
  if (end - at < 20) return 'ip.truncated';
  const headerLength = (buf[at] & 0x0f) * 4;
  if (headerLength < 20) return 'ip.bad-header';
  if (at + headerLength > end) return 'ip.truncated';
  let totalLength = u16be(buf, at + 2);
  // Captures taken on the sending host with segmentation offload show 0 here: trust the capture.
  if (totalLength === 0) totalLength = end - at;
  else if (totalLength < headerLength) return 'ip.bad-header';
  view.version = 4;
  view.headerAt = at;
  view.srcAt = at + 12;
  view.dstAt = at + 16;
  view.transportAt = at + headerLength;
  view.length = totalLength;
  view.declaredEnd = at + totalLength;
  view.capturedEnd = Math.min(view.declaredEnd, end);
  view.protocol = buf[at + 9];
  const fragment = u16be(buf, at + 6);
  view.fragmentOffset = (fragment & IPV4_OFFSET_MASK) * 8;
  view.moreFragments = (fragment & IPV4_MORE_FRAGMENTS) !== 0;
  if ((fragment & (IPV4_MORE_FRAGMENTS | IPV4_OFFSET_MASK)) !== 0) {
    view.fragmentId = u16be(buf, at + 4);
    return 'ip.fragment';
  }
  return undefined;
}

const HOP_BY_HOP = 0;
const ROUTING = 43;
const FRAGMENT = 44;
const AUTHENTICATION = 51;
const DESTINATION_OPTIONS = 60;
const MOBILITY = 135;
const HOST_IDENTITY = 139;
const SHIM6 = 140;

function decodeIpv6(buf: Buffer, at: number, end: number, view: IpView): IssueCode | undefined {
  if (end - at < 40) return 'ip.truncated';
  const payloadLength = u16be(buf, at + 4);
  // 0 is a jumbogram or an offloaded segment: the captured bytes are all there is to go on.
  const length = payloadLength === 0 ? end - at : 40 + payloadLength;
  view.version = 6;
  view.headerAt = at;
  view.srcAt = at + 8;
  view.dstAt = at + 24;
  view.length = length;
  view.declaredEnd = at + length;
  view.capturedEnd = Math.min(view.declaredEnd, end);
  view.fragmentOffset = 0;
  return walkExtensionHeaders(buf, buf[at + 6], at + 40, view);
}

/**
 * Skips IPv6 extension headers up to the upper-layer header. Every header is at least 8 bytes,
 * so the walk ends; one that runs past the captured packet stops it with `ip.extension-loop`.
 */
function walkExtensionHeaders(buf: Buffer, next: number, at: number, view: IpView): IssueCode | undefined {
  const end = view.capturedEnd;
  for (;;) {
    switch (next) {
      case HOP_BY_HOP:
      case ROUTING:
      case DESTINATION_OPTIONS:
      case MOBILITY:
      case HOST_IDENTITY:
      case SHIM6: {
        if (at + 8 > end) return 'ip.extension-loop';
        const length = (buf[at + 1] + 1) * 8;
        next = buf[at];
        at += length;
        break;
      }
      case AUTHENTICATION: {
        if (at + 8 > end) return 'ip.extension-loop';
        const length = (buf[at + 1] + 2) * 4;
        next = buf[at];
        at += length;
        break;
      }
      case FRAGMENT: {
        if (at + 8 > end) return 'ip.extension-loop';
        const field = u16be(buf, at + 2);
        next = buf[at];
        at += 8;
        view.fragmentOffset = field & 0xfff8;
        view.moreFragments = (field & 1) !== 0;
        // An atomic fragment (offset 0, no more fragments, RFC 6946) is a whole packet.
        if ((field & 0xfff9) !== 0) {
          view.protocol = next;
          view.transportAt = at;
          view.fragmentId = u32be(buf, at - 4);
          return 'ip.fragment';
        }
        break;
      }
      default:
        if (at > end) return 'ip.extension-loop';
        view.protocol = next;
        view.transportAt = at;
        return undefined;
    }
  }
}
