import type { IssueCode } from '../../errors/codes';
import type { IssueLimiter } from '../issue-limiter';
import { ipv4Text, ipv6Text } from './address-text';
import { emptyFragmentStats, type FragmentReassembler, type FragmentStats } from './fragments';
import { decodeIp, newIpView, type IpView } from './ip';
import { LINK_TRUNCATED, NOT_IP, type LinkContext } from './link';
import type { DecodedPacket } from './packet';
import { decodeTcp, decodeUdp, newTransportView, PROTOCOL_TCP, PROTOCOL_UDP } from './transport';

/** Frames that did not become packets, by reason (issues count the broken ones too). */
export interface SkippedFrames {
  /** Link type rigsweep does not decode. */
  unsupportedLink: number;
  /** ARP, LLC, IPX, ...: not IP at all. */
  notIp: number;
  /** IP, but neither TCP nor UDP (ICMP, ESP, GRE, ...). */
  otherProtocol: number;
  /** IP fragments: held for reassembly (the datagram they complete is decoded), or skipped where there is none (sFlow samples). */
  fragment: number;
  /** Broken link, IP or transport header (each also an issue). */
  malformed: number;
}

/**
 * Turns captured frames into DecodedPackets: link layer, then IP, then TCP or UDP. With a
 * reassembler (whole captures), IP fragments are collected and the datagram they complete goes
 * through the same transport decode; without one (sampled sFlow headers: one packet in N, cut
 * short) they are counted and skipped.
 */
export class FrameDecoder {
  readonly skipped: SkippedFrames = { unsupportedLink: 0, notIp: 0, otherProtocol: 0, fragment: 0, malformed: 0 };
  private readonly ip = newIpView();
  private readonly l4 = newTransportView();

  constructor(
    private readonly issues: IssueLimiter,
    private readonly fragments?: FragmentReassembler,
  ) {}

  /** The frame is `buf[start, end)`; the packet's payload is a view into `buf`. */
  decode(
    buf: Buffer,
    start: number,
    end: number,
    link: LinkContext,
    time: number,
    offset: number,
  ): DecodedPacket | undefined {
    if (link.decode === undefined) return this.unsupported(link, offset);
    const ipAt = link.decode(buf, start, end);
    if (ipAt === NOT_IP) {
      this.skipped.notIp++;
      return undefined;
    }
    if (ipAt === LINK_TRUNCATED) return this.broken('link.truncated', offset, link);

    const ip = this.ip;
    let ipIssue = decodeIp(buf, ipAt, end, ip);
    if (ipIssue === 'ip.fragment') {
      this.skipped.fragment++;
      if (this.fragments === undefined) {
        this.issues.issue('ip.fragment', offset, () => fragmentMessage(buf, ip));
        return undefined;
      }
      const datagram = this.fragments.add(buf, ip, time, offset);
      if (datagram === undefined) return undefined;
      buf = datagram;
      ipIssue = decodeIp(buf, 0, buf.length, ip);
    }
    if (ipIssue !== undefined) return this.broken(ipIssue, offset, link);

    const protocol = ip.protocol;
    const l4 = this.l4;
    let l4Issue: IssueCode | undefined;
    if (protocol === PROTOCOL_TCP) l4Issue = decodeTcp(buf, ip, l4);
    else if (protocol === PROTOCOL_UDP) l4Issue = decodeUdp(buf, ip, l4);
    else {
      this.skipped.otherProtocol++;
      return undefined;
    }
    if (l4Issue !== undefined) return this.broken(l4Issue, offset, link);

    const v4 = ip.version === 4;
    return {
      time,
      offset,
      ipVersion: ip.version,
      src: v4 ? ipv4Text(buf, ip.srcAt) : ipv6Text(buf, ip.srcAt),
      dst: v4 ? ipv4Text(buf, ip.dstAt) : ipv6Text(buf, ip.dstAt),
      protocol,
      ipLength: ip.length,
      srcPort: l4.srcPort,
      dstPort: l4.dstPort,
      tcp: protocol === PROTOCOL_TCP ? { seq: l4.seq, ack: l4.ack, flags: l4.flags } : undefined,
      payload: buf.subarray(l4.payloadStart, l4.payloadEnd),
    };
  }

  /** What fragment reassembly did (all zero without a reassembler). */
  fragmentStats(): FragmentStats {
    if (this.fragments === undefined) return emptyFragmentStats();
    const stats = this.fragments.stats;
    return { ...stats, dropped: { ...stats.dropped } };
  }

  /** The input is over: datagrams still pending are dropped (and reported). */
  finish(): void {
    this.fragments?.finish();
  }

  private unsupported(link: LinkContext, offset: number): undefined {
    this.skipped.unsupportedLink++;
    if (!link.reported) {
      link.reported = true;
      this.issues.issue(
        'link.unsupported',
        offset,
        `link type ${link.linkType} is not decoded; its packets are counted and skipped`,
      );
    }
    return undefined;
  }

  private broken(code: IssueCode, offset: number, link: LinkContext): undefined {
    this.skipped.malformed++;
    this.issues.issue(code, offset, () => brokenMessage(code, link));
    return undefined;
  }
}

function brokenMessage(code: IssueCode, link: LinkContext): string {
  switch (code) {
    case 'link.truncated':
      return `frame too short for its link-layer header (link type ${link.linkType})`;
    case 'ip.truncated':
      return 'IP header cut short';
    case 'ip.bad-header':
      return 'IP header with a bad version or header length';
    case 'ip.extension-loop':
      return 'IPv6 extension headers run past the end of the packet';
    case 'tcp.bad-offset':
      return 'TCP header shorter than 20 bytes or data offset past the end of the packet';
    case 'udp.truncated':
      return 'UDP header cut short';
    case 'ip.fragment':
      return 'a reassembled IPv6 datagram holds another fragment header';
    default:
      return code;
  }
}

function fragmentMessage(buf: Buffer, ip: IpView): string {
  const src = ip.version === 4 ? ipv4Text(buf, ip.srcAt) : ipv6Text(buf, ip.srcAt);
  const dst = ip.version === 4 ? ipv4Text(buf, ip.dstAt) : ipv6Text(buf, ip.dstAt);
  return `IPv${ip.version} fragment ${src} > ${dst} at fragment offset ${ip.fragmentOffset}: skipped (a sampled header cannot be reassembled)`;
}
