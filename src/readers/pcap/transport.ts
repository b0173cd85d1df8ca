import type { IssueCode } from '../../errors/codes';
import type { IpView } from './ip';
import { u16be, u32be } from './bytes';

export const PROTOCOL_TCP = 6;
export const PROTOCOL_UDP = 17;

/** Ports, TCP fields and where the payload lies; one reused object per decoder, like IpView. */
export interface TransportView {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  payloadStart: number;
  payloadEnd: number;
}

export function newTransportView(): TransportView {
  return { srcPort: 0, dstPort: 0, seq: 0, ack: 0, flags: 0, payloadStart: 0, payloadEnd: 0 };
}

/**
 * Decodes the TCP header. Options cut off by the snapshot length are fine (empty payload); a data
 * offset that cannot hold a header, or that runs past the packet's own length, is corrupt.
 */
export function decodeTcp(buf: Buffer, ip: IpView, view: TransportView): IssueCode | undefined {
  const at = ip.transportAt;
  if (at + 20 > ip.capturedEnd) return 'tcp.bad-offset';
  const headerLength = (buf[at + 12] >> 4) * 4;
  if (headerLength < 20 || at + headerLength > ip.declaredEnd) return 'tcp.bad-offset';
  view.srcPort = u16be(buf, at);
  view.dstPort = u16be(buf, at + 2);
  view.seq = u32be(buf, at + 4);
  view.ack = u32be(buf, at + 8);
  // The 9th flag bit (NS, RFC 3540) sits at the bottom of byte 12.
  view.flags = ((buf[at + 12] & 0x01) << 8) | buf[at + 13];
  view.payloadStart = Math.min(at + headerLength, ip.capturedEnd);
  view.payloadEnd = ip.capturedEnd;
  return undefined;
}

/** Decodes the UDP header; the UDP length bounds the payload when it is shorter than the IP packet's. */
export function decodeUdp(buf: Buffer, ip: IpView, view: TransportView): IssueCode | undefined {
  const at = ip.transportAt;
  if (at + 8 > ip.capturedEnd) return 'udp.truncated';
  view.srcPort = u16be(buf, at);
  view.dstPort = u16be(buf, at + 2);
  view.seq = 0;
  view.ack = 0;
  view.flags = 0;
  const udpLength = u16be(buf, at + 4);
  view.payloadStart = at + 8;
  view.payloadEnd = udpLength >= 8 ? Math.min(at + udpLength, ip.capturedEnd) : ip.capturedEnd;
  return undefined;
}
