import type { DirectionStats, PayloadHead } from '../../flow/flow-record';
import { IPPROTO } from '../../flow/flow-record';
import type { DecodedPacket } from './packet';
import { DatagramHead, TcpStreamHead, type PayloadCollector } from './reassembly';

/** What a direction's payload head needs from the capture settings. */
export interface HeadSettings {
  payloadBytes: number;
  maxPendingSegments: number;
  /** TCP only: the sliding window of latest bytes past the head. */
  tailBytes: number;
}

/** Counters and payload head for one direction (packets sent by one endpoint) of a flow. */
export class FlowDirection {
  packets = 0;
  bytes = 0;
  payloadBytes = 0;
  tcpFlags = 0;
  /** Capture-file offset of this direction's first packet: where app-layer issues point. */
  firstOffset = -1;
  private readonly head: PayloadCollector | undefined;

  /**
   * `continued`: this record carries on a connection an earlier record began (active timeout).
   * `sampled`: its packets are samples (sFlow), so the head keeps each packet's start.
   */
  constructor(protocol: number, settings: HeadSettings, continued: boolean, sampled = false) {
    if (settings.payloadBytes <= 0) return;
    this.head =
      protocol === IPPROTO.TCP
        ? new TcpStreamHead(settings.payloadBytes, settings.maxPendingSegments, continued, sampled, settings.tailBytes)
        : new DatagramHead(settings.payloadBytes, continued, sampled);
  }

  add(packet: DecodedPacket): void {
    if (this.packets === 0) this.firstOffset = packet.offset;
    const weight = packet.weight ?? 1;
    this.packets += weight;
    this.bytes += packet.ipLength * weight;
    this.payloadBytes += packet.payload.length * weight;
    const tcp = packet.tcp;
    if (tcp !== undefined) this.tcpFlags |= tcp.flags;
    this.head?.add(tcp?.seq ?? 0, tcp?.flags ?? 0, packet.payload, packet.time);
  }

  stats(): DirectionStats {
    return { packets: this.packets, bytes: this.bytes, payloadBytes: this.payloadBytes, tcpFlags: this.tcpFlags };
  }

  /** The payload head, once, at emit; undefined when payloads are not kept. */
  finishHead(): PayloadHead | undefined {
    return this.head?.finish();
  }
}
