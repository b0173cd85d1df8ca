/**
 * Just enough of a pcap reader to turn a small classic capture (Ethernet, IPv4, TCP) into payload
 * heads the way the flow layer would: per connection, each direction reassembled in sequence
 * order (retransmissions dropped), one mark per segment, cut at the head limit. Test-only: the
 * real readers live in src/readers.
 */
import { readFileSync } from 'node:fs';
import type { FlowRecord, PayloadHead } from '../../../src/detect/api';
import { makeFlow } from '../../helpers/flows';

interface Segment {
  seq: number;
  time: number;
  payload: Buffer;
}

interface Direction {
  isn?: number;
  segments: Segment[];
}

interface Connection {
  client: { ip: string; port: number };
  server: { ip: string; port: number };
  first: number;
  last: number;
  toServer: Direction;
  toClient: Direction;
}

const SYN = 0x02;
const ACK = 0x10;

function ip(bytes: Buffer, at: number): string {
  return [...bytes.subarray(at, at + 4)].join('.');
}

function head(direction: Direction, limit: number): PayloadHead {
  const isn = direction.isn ?? Math.min(...direction.segments.map((s) => s.seq));
  const ordered = [...direction.segments].sort((a, b) => (a.seq - isn) - (b.seq - isn) || a.time - b.time);
  const chunks: Buffer[] = [];
  const marks: PayloadHead['marks'] = [];
  let next = 0;
  let gaps = 0;
  for (const s of ordered) {
    const start = (s.seq - isn) >>> 0;
    const end = start + s.payload.length;
    if (end <= next) continue; // retransmitted
    if (start > next) gaps++;
    marks.push({ offset: chunks.reduce((n, c) => n + c.length, 0), time: s.time });
    chunks.push(s.payload.subarray(Math.max(0, next - start)));
    next = end;
  }
  const bytes = Buffer.concat(chunks);
  return {
    bytes: bytes.subarray(0, limit),
    marks: marks.filter((m) => m.offset < limit),
    truncated: bytes.length > limit,
    midStream: direction.isn === undefined,
    gaps,
  };
}

export function captureFlows(path: string, headLimit = 16384): FlowRecord[] {
  const file = readFileSync(path);
  if (file.readUInt32LE(0) !== 0xa1b2c3d4 || file.readUInt32LE(20) !== 1) throw new Error('expects a little-endian Ethernet pcap');
  const connections = new Map<string, Connection>();
  for (let at = 24; at + 16 <= file.length; ) {
    const time = file.readUInt32LE(at) + file.readUInt32LE(at + 4) / 1e6;
    const length = file.readUInt32LE(at + 8);
    const frame = file.subarray(at + 16, at + 16 + length);
    at += 16 + length;
    if (frame.readUInt16BE(12) !== 0x0800 || frame[23] !== 6) continue;
    const ihl = (frame[14] & 0x0f) * 4;
    const tcp = 14 + ihl;
    const total = frame.readUInt16BE(16);
    const src = { ip: ip(frame, 26), port: frame.readUInt16BE(tcp) };
    const dst = { ip: ip(frame, 30), port: frame.readUInt16BE(tcp + 2) };
    const seq = frame.readUInt32BE(tcp + 4);
    const flags = frame[tcp + 13];
    const payload = frame.subarray(tcp + (frame[tcp + 12] >> 4) * 4, 14 + total);
    const forward = `${src.ip}:${src.port}>${dst.ip}:${dst.port}`;
    const backward = `${dst.ip}:${dst.port}>${src.ip}:${src.port}`;
    let connection = connections.get(forward) ?? connections.get(backward);
    if (!connection) {
      const fresh: Connection = { client: src, server: dst, first: time, last: time, toServer: { segments: [] }, toClient: { segments: [] } };
      connections.set(forward, fresh);
      connection = fresh;
    }
    connection.last = time;
    const fromClient = src.ip === connection.client.ip && src.port === connection.client.port;
    const direction = fromClient ? connection.toServer : connection.toClient;
    if (flags & SYN) direction.isn = (seq + 1) >>> 0;
    else if (payload.length > 0 && flags & ACK) direction.segments.push({ seq, time, payload });
  }
  return [...connections.values()].map((c) => ({
    ...makeFlow({ client: c.client.ip, clientPort: c.client.port, server: c.server.ip, serverPort: c.server.port, firstSeen: c.first, lastSeen: c.last }),
    payload: { toServer: head(c.toServer, headLimit), toClient: head(c.toClient, headLimit) },
  }));
}
