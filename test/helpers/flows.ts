/** Builds FlowRecords for detector tests without going through a capture. */
import type { FlowRecord, PayloadHead } from '../../src/flow/flow-record';

export interface FlowSketch {
  client?: string;
  server?: string;
  clientPort?: number;
  serverPort?: number;
  protocol?: number;
  /** Payload the client sent / the server sent; a string is taken as UTF-8. */
  toServer?: string | Buffer;
  toClient?: string | Buffer;
  firstSeen?: number;
  lastSeen?: number;
  /** Arrival times of each line of the payload, spread evenly over [firstSeen, lastSeen] if omitted. */
  midStream?: boolean;
  source?: FlowRecord['source'];
  extra?: Partial<FlowRecord>;
}

/** A payload head whose newline-separated messages arrive evenly over the flow's lifetime. */
export function head(data: string | Buffer, first: number, last: number, midStream = false): PayloadHead {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const marks: PayloadHead['marks'] = [];
  const starts = [0];
  for (let i = 0; i < bytes.length - 1; i++) if (bytes[i] === 0x0a) starts.push(i + 1);
  starts.forEach((offset, i) => {
    const time = starts.length === 1 ? first : first + ((last - first) * i) / (starts.length - 1);
    marks.push({ offset, time });
  });
  return { bytes, marks: bytes.length ? marks : [], truncated: false, midStream, gaps: 0 };
}

export function makeFlow(s: FlowSketch = {}): FlowRecord {
  const firstSeen = s.firstSeen ?? 1_700_000_000;
  const lastSeen = s.lastSeen ?? firstSeen + 600;
  const toServer = head(s.toServer ?? '', firstSeen, lastSeen, s.midStream);
  const toClient = head(s.toClient ?? '', firstSeen, lastSeen, s.midStream);
  const stats = (h: PayloadHead) => ({
    packets: Math.max(1, h.marks.length),
    bytes: h.bytes.length + 40 * Math.max(1, h.marks.length),
    payloadBytes: h.bytes.length,
    tcpFlags: 0x18,
  });
  const withPayload = s.source !== 'flow-export';
  return {
    source: s.source ?? 'packet',
    protocol: s.protocol ?? 6,
    client: { ip: s.client ?? '192.168.1.10', port: s.clientPort ?? 50000 },
    server: { ip: s.server ?? '203.0.113.5', port: s.serverPort ?? 3333 },
    clientBy: 'syn',
    firstSeen,
    lastSeen,
    toServer: stats(toServer),
    toClient: stats(toClient),
    endReason: 'closed',
    ...(withPayload ? { payload: { toServer, toClient } } : {}),
    ...s.extra,
  };
}
