/**
 * Raw packet header records (format 1): the first bytes of the sampled packet as the agent copied
 * them. They go through the very link / IP / TCP / UDP decode captures use, so a Stratum line in
 * a sampled header is payload like any captured one.
 */
import type { IssueLimiter } from '../issue-limiter';
import { FrameDecoder } from '../pcap/frame-decoder';
import { LINKTYPE, linkContext, type LinkContext } from '../pcap/link';
import type { DecodedPacket } from '../pcap/packet';
import { u32be } from '../pcap/bytes';
import { HEADER_PROTOCOL, RAW_HEADER_FIXED_BYTES } from './layout';

export interface RawHeader {
  protocol: number;
  /** Length of the packet on the wire (for Ethernet: FCS included). */
  frameLength: number;
  /** Bytes the agent removed before copying (such as the FCS). */
  stripped: number;
  /** Where the copied header bytes are, and how many. */
  headerAt: number;
  headerLength: number;
}

/** Reads the record body `buf[at, end)`; undefined when the header bytes run past it. */
export function readRawHeader(buf: Buffer, at: number, end: number): RawHeader | undefined {
  if (end - at < RAW_HEADER_FIXED_BYTES) return undefined;
  const headerLength = u32be(buf, at + 12);
  if (headerLength > end - at - RAW_HEADER_FIXED_BYTES) return undefined;
  return {
    protocol: u32be(buf, at),
    frameLength: u32be(buf, at + 4),
    stripped: u32be(buf, at + 8),
    headerAt: at + RAW_HEADER_FIXED_BYTES,
    headerLength,
  };
}

/** Decodes sampled headers with the capture decoders; one link context per header protocol. */
export class SampledHeaderDecoder {
  readonly frames: FrameDecoder;
  private readonly links = new Map<number, LinkContext>([
    [HEADER_PROTOCOL.ETHERNET, linkContext(LINKTYPE.ETHERNET)],
    [HEADER_PROTOCOL.IPV4, linkContext(LINKTYPE.IPV4)],
    [HEADER_PROTOCOL.IPV6, linkContext(LINKTYPE.IPV6)],
  ]);

  constructor(issues: IssueLimiter) {
    this.frames = new FrameDecoder(issues);
  }

  /** True for header protocols rigsweep decodes. */
  supports(protocol: number): boolean {
    return this.links.has(protocol);
  }

  /** The packet in a supported header, or undefined (not IP, not TCP/UDP, broken: the frame decoder counts and reports those). */
  decode(buf: Buffer, header: RawHeader, time: number, offset: number): DecodedPacket | undefined {
    const link = this.links.get(header.protocol);
    if (link === undefined) return undefined;
    return this.frames.decode(buf, header.headerAt, header.headerAt + header.headerLength, link, time, offset);
  }
}
