import type { FlowRecord } from '../../flow/flow-record';
import { IPPROTO, TCP_FLAGS } from '../../flow/flow-record';
import type { InputIssue } from '../issues';
import { DnsFacts, isDnsPort } from './app/dns-facts';
import { addFacets } from './app/facets';
import { FlowDirection, type HeadSettings } from './flow-direction';
import type { FlowKey } from './flow-key';
import type { LruLinks } from './flow-lru';
import { firstTalkerIsClient } from '../../flow/orientation';
import { samplingField } from '../../flow/sampling';
import type { DecodedPacket } from './packet';

const SYN_ACK = TCP_FLAGS.SYN | TCP_FLAGS.ACK;

/**
 * One connection being tracked. Side A is whoever sent the first packet seen; which side is the
 * client is decided separately (and may be corrected when a SYN turns up).
 */
export class LiveFlow implements LruLinks<LiveFlow> {
  lruPrev: LiveFlow | undefined;
  lruNext: LiveFlow | undefined;

  readonly protocol: number;
  private readonly aIp: string;
  private readonly aPort: number;
  private readonly bIp: string;
  private readonly bPort: number;
  private clientIsA: boolean;
  private clientBy: FlowRecord['clientBy'];
  firstSeen: number;
  lastSeen: number;
  private fromA: FlowDirection;
  private fromB: FlowDirection;
  private dns: DnsFacts | undefined;
  // Connection state: it outlives the records an active timeout cuts the flow into.
  private synSeqA: number | undefined;
  private synSeqB: number | undefined;
  private finFromA = false;
  private finFromB = false;
  /** Made of sampled packets (sFlow gives each a weight): the payload heads keep packet starts. */
  private readonly sampled: boolean;
  /** Sampled packets in this record: its counters (their weights added) over this are its rate. */
  private samples = 0;

  constructor(
    readonly key: FlowKey,
    first: DecodedPacket,
    private readonly settings: HeadSettings,
  ) {
    this.protocol = first.protocol;
    this.aIp = first.src;
    this.aPort = first.srcPort;
    this.bIp = first.dst;
    this.bPort = first.dstPort;
    this.firstSeen = first.time;
    this.lastSeen = first.time;
    this.sampled = first.weight !== undefined;
    this.fromA = new FlowDirection(this.protocol, settings, false, this.sampled);
    this.fromB = new FlowDirection(this.protocol, settings, false, this.sampled);
    const flags = first.tcp?.flags ?? 0;
    if (flags & TCP_FLAGS.SYN) {
      this.clientIsA = (flags & TCP_FLAGS.ACK) === 0;
      this.clientBy = 'syn';
    } else {
      this.clientIsA = firstTalkerIsClient(first.srcPort, first.dstPort);
      this.clientBy = 'guess';
    }
  }

  /** A packet from side A, the first talker? */
  private isFromA(packet: DecodedPacket): boolean {
    return packet.srcPort === this.aPort && packet.src === this.aIp;
  }

  add(packet: DecodedPacket, issue: (i: InputIssue) => void): void {
    const fromA = this.isFromA(packet);
    (fromA ? this.fromA : this.fromB).add(packet);
    if (this.sampled) this.samples++;
    if (packet.time > this.lastSeen) this.lastSeen = packet.time;
    if (packet.time < this.firstSeen) this.firstSeen = packet.time;
    const flags = packet.tcp?.flags ?? 0;
    if (flags & TCP_FLAGS.SYN) this.noteSyn(fromA, packet.tcp?.seq ?? 0, flags);
    if (flags & TCP_FLAGS.FIN) {
      if (fromA) this.finFromA = true;
      else this.finFromB = true;
    }
    if (this.protocol === IPPROTO.UDP && packet.payload.length > 0 && (isDnsPort(this.aPort) || isDnsPort(this.bPort))) {
      // Datagram by datagram: message boundaries are lost once heads are concatenated.
      (this.dns ??= new DnsFacts()).addMessage(packet.payload, packet.offset, issue);
    }
  }

  /** A fresh SYN (new initial sequence number) on a tracked 5-tuple: the port pair was reused. */
  startsNewConnection(packet: DecodedPacket): boolean {
    const tcp = packet.tcp;
    if (tcp === undefined || (tcp.flags & SYN_ACK) !== TCP_FLAGS.SYN) return false;
    const known = this.isFromA(packet) ? this.synSeqA : this.synSeqB;
    return known !== undefined && known !== tcp.seq;
  }

  /** RST, or FIN seen both ways. */
  get closed(): boolean {
    return (this.finFromA && this.finFromB) || ((this.fromA.tcpFlags | this.fromB.tcpFlags) & TCP_FLAGS.RST) !== 0;
  }

  /** Both ports, for protocol checks such as "is this DNS". */
  hasPort(port: number): boolean {
    return this.aPort === port || this.bPort === port;
  }

  /** After an active timeout: a new record of the same connection, picked up mid-stream. */
  continueAsNewRecord(time: number): void {
    this.firstSeen = time;
    this.lastSeen = time;
    this.fromA = new FlowDirection(this.protocol, this.settings, true, this.sampled);
    this.fromB = new FlowDirection(this.protocol, this.settings, true, this.sampled);
    this.samples = 0;
    this.dns = undefined;
  }

  toRecord(endReason: FlowRecord['endReason'], issue: (i: InputIssue) => void): FlowRecord {
    const a = { ip: this.aIp, port: this.aPort };
    const b = { ip: this.bIp, port: this.bPort };
    const toServer = this.clientIsA ? this.fromA : this.fromB;
    const toClient = this.clientIsA ? this.fromB : this.fromA;
    const record: FlowRecord = {
      source: 'packet',
      protocol: this.protocol,
      client: this.clientIsA ? a : b,
      server: this.clientIsA ? b : a,
      clientBy: this.clientBy,
      firstSeen: this.firstSeen,
      lastSeen: this.lastSeen,
      toServer: toServer.stats(),
      toClient: toClient.stats(),
      endReason,
    };
    if (this.samples > 0) {
      // Packets sampled 1-in-N weigh N each: the mean weight is the rate (N when the agent kept one).
      const sampling = samplingField((this.fromA.packets + this.fromB.packets) / this.samples);
      if (sampling !== undefined) record.sampling = sampling;
    }
    const serverHead = toServer.finishHead();
    const clientHead = toClient.finishHead();
    if (serverHead !== undefined && clientHead !== undefined) record.payload = { toServer: serverHead, toClient: clientHead };
    addFacets(record, {
      dns: this.dns,
      toServerOffset: toServer.firstOffset,
      toClientOffset: toClient.firstOffset,
      issue,
    });
    return record;
  }

  private noteSyn(fromA: boolean, seq: number, flags: number): void {
    if (fromA) this.synSeqA ??= seq;
    else this.synSeqB ??= seq;
    if (this.clientBy === 'guess') {
      // SYN comes from the client, SYN+ACK from the server.
      this.clientIsA = fromA === ((flags & TCP_FLAGS.ACK) === 0);
      this.clientBy = 'syn';
    }
  }
}
