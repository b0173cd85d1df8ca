/** Builds DecodedPackets and conversations for flow-assembly tests, without a capture file. */
import { isIP } from 'node:net';
import { configSchema, type Config } from '../../../src/config/schema';
import type { FlowRecord } from '../../../src/flow/flow-record';
import { TCP_FLAGS } from '../../../src/flow/flow-record';
import type { InputIssue } from '../../../src/readers/issues';
import { FlowAssembler } from '../../../src/readers/pcap/flow-table';
import type { DecodedPacket } from '../../../src/readers/pcap/packet';

export const { SYN, ACK, FIN, RST, PSH } = TCP_FLAGS;

/** Capture settings: the schema's defaults with overrides. */
export function captureSettings(overrides: Partial<Config['capture']> = {}): Config['capture'] {
  return configSchema.parse({ capture: overrides }).capture;
}

let nextOffset = 24;

export interface PacketSpec {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  time: number;
  payload?: string | Buffer;
  offset?: number;
}

function bytesOf(payload: string | Buffer | undefined): Buffer {
  return typeof payload === 'string' ? Buffer.from(payload, 'utf8') : (payload ?? Buffer.alloc(0));
}

function ipHeaderLength(src: string): number {
  return isIP(src) === 6 ? 40 : 20;
}

/** A decoded packet as the readers hand it on, numbered with a running file offset. */
function decodedPacket(spec: PacketSpec, protocol: 6 | 17, transportHeader: number, tcp?: DecodedPacket['tcp']): DecodedPacket {
  const payload = bytesOf(spec.payload);
  const offset = spec.offset ?? nextOffset;
  nextOffset = offset + 100 + payload.length;
  return {
    time: spec.time,
    offset,
    ipVersion: isIP(spec.src) === 6 ? 6 : 4,
    src: spec.src,
    dst: spec.dst,
    protocol,
    ipLength: ipHeaderLength(spec.src) + transportHeader + payload.length,
    srcPort: spec.srcPort,
    dstPort: spec.dstPort,
    ...(tcp ? { tcp } : {}),
    payload,
  };
}

export function tcpPacket(spec: PacketSpec & { seq: number; ack?: number; flags: number }): DecodedPacket {
  return decodedPacket(spec, 6, 20, { seq: spec.seq >>> 0, ack: (spec.ack ?? 0) >>> 0, flags: spec.flags });
}

export function udpPacket(spec: PacketSpec): DecodedPacket {
  return decodedPacket(spec, 17, 8);
}

export type Side = 'client' | 'server';

/**
 * One TCP connection, written from the client's and the server's point of view: each side keeps
 * its own next sequence number, starting after its initial sequence number.
 */
export class TcpConversation {
  readonly client: string;
  readonly server: string;
  readonly clientPort: number;
  readonly serverPort: number;
  private readonly isn: Record<Side, number>;
  /** Stream offset of each side's next byte. */
  private readonly sent: Record<Side, number> = { client: 0, server: 0 };
  time: number;

  constructor(
    options: {
      client?: string;
      server?: string;
      clientPort?: number;
      serverPort?: number;
      clientIsn?: number;
      serverIsn?: number;
      time?: number;
    } = {},
  ) {
    this.client = options.client ?? '192.168.1.10';
    this.server = options.server ?? '203.0.113.5';
    this.clientPort = options.clientPort ?? 51000;
    this.serverPort = options.serverPort ?? 3333;
    this.isn = { client: options.clientIsn ?? 1000, server: options.serverIsn ?? 90000 };
    this.time = options.time ?? 1_700_000_000;
  }

  /** SYN, SYN+ACK, ACK. */
  handshake(): DecodedPacket[] {
    return [this.control('client', SYN, -1), this.control('server', SYN | ACK, -1), this.control('client', ACK)];
  }

  /** The next bytes of a side's stream, in order. */
  send(from: Side, data: string | Buffer, extraFlags = 0): DecodedPacket {
    const bytes = bytesOf(data);
    const packet = this.segment(from, this.sent[from], bytes, PSH | ACK | extraFlags);
    this.sent[from] += bytes.length;
    return packet;
  }

  /** A segment at any stream offset (for reordering, retransmission and overlap). */
  segment(from: Side, streamOffset: number, data: string | Buffer, flags = PSH | ACK): DecodedPacket {
    return this.packet(from, this.isn[from] + 1 + streamOffset, flags, bytesOf(data));
  }

  /** A packet without data at the side's next sequence number (-1: the SYN's own number). */
  control(from: Side, flags: number, seqDelta = 0): DecodedPacket {
    return this.packet(from, this.isn[from] + 1 + this.sent[from] + seqDelta, flags, Buffer.alloc(0));
  }

  /** Moves the clock on; returns this for chaining. */
  after(seconds: number): this {
    this.time += seconds;
    return this;
  }

  private packet(from: Side, seq: number, flags: number, payload: Buffer): DecodedPacket {
    const fromClient = from === 'client';
    return tcpPacket({
      src: fromClient ? this.client : this.server,
      dst: fromClient ? this.server : this.client,
      srcPort: fromClient ? this.clientPort : this.serverPort,
      dstPort: fromClient ? this.serverPort : this.clientPort,
      seq,
      flags,
      payload,
      time: this.time,
    });
  }
}

/** An assembler whose output lands in arrays. */
export function assemble(overrides: Partial<Config['capture']> = {}): {
  assembler: FlowAssembler;
  flows: FlowRecord[];
  issues: InputIssue[];
  feed(packets: DecodedPacket[]): void;
} {
  const flows: FlowRecord[] = [];
  const issues: InputIssue[] = [];
  const assembler = new FlowAssembler(captureSettings(overrides), (f) => flows.push(f), (i) => issues.push(i));
  return { assembler, flows, issues, feed: (packets) => packets.forEach((p) => assembler.add(p)) };
}

export function text(buf: Buffer | undefined): string {
  return buf === undefined ? '' : buf.toString('latin1');
}
