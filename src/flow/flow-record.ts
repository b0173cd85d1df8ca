/**
 * The one shape every reader produces and every detector consumes.
 * Times are capture time in seconds since the Unix epoch (fractional), never wall-clock time.
 */

export interface Endpoint {
  ip: string;
  port: number;
}

/** IANA protocol numbers used throughout. */
export const IPPROTO = { TCP: 6, UDP: 17 } as const;

/** TCP flag bits as they appear in the TCP header (and in NetFlow's tcp_flags). */
export const TCP_FLAGS = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20 } as const;

export interface DirectionStats {
  packets: number;
  /** Bytes at the IP layer, as flow exporters count them. */
  bytes: number;
  /** Transport payload bytes (0 when unknown, e.g. from a flow export). */
  payloadBytes: number;
  /** OR of every TCP flag seen in this direction. */
  tcpFlags: number;
}

/**
 * The first bytes of one direction of a conversation, reassembled in sequence order.
 * `marks` lets a detector tell when a byte arrived (for rates such as shares per second):
 * bytes at offsets [marks[i].offset, marks[i+1].offset) arrived at marks[i].time.
 */
export interface PayloadHead {
  bytes: Buffer;
  marks: Array<{ offset: number; time: number }>;
  /** True when bytes were cut off at the configured limit. */
  truncated: boolean;
  /** True when the head does not start at the first byte of the stream (SYN not seen). */
  midStream: boolean;
  /** Sequence holes that were skipped (lost segments), so parsers resynchronise. */
  gaps: number;
  /**
   * The head is made of sampled packets (sFlow), not a captured stream: each mark starts one
   * sampled packet's payload, possibly cut at the agent's header length, and the bytes between
   * two samples were never seen. Absent for captures.
   */
  sampled?: true;
  /**
   * The latest bytes of the stream after the head was full (`capture.tailBytes` at most), so a
   * prefix of any length cannot push every message out of what detectors see. It starts
   * mid-stream, and its `gaps` count holes within it. Absent when the stream fit in the head.
   */
  tail?: PayloadHead;
  /**
   * The head as a receiver that never got the first copy of some bytes would have it: present
   * only when a later TCP segment carried different bytes for a range the head already held
   * (an insertion packet with a TTL too short to reach the peer, or one sent after the real data
   * to spoil a monitor that prefers later copies). Same length and marks as the head.
   */
  laterCopies?: PayloadHead;
}

export interface DnsAnswer {
  name: string;
  /** An IPv4 / IPv6 address for A / AAAA answers, or the target name for CNAME. */
  value: string;
  type: 'A' | 'AAAA' | 'CNAME';
  ttl: number;
}

export interface HttpFacts {
  host?: string;
  /** e.g. "POST / HTTP/1.1" */
  requestLine?: string;
  /** Mining-related headers (X-Mining-Extensions, X-Stratum, X-Long-Polling), lower-cased names. */
  miningHeaders?: Record<string, string>;
  userAgent?: string;
}

export interface FlowRecord {
  source: 'packet' | 'flow-export';
  /** IANA protocol number (6 TCP, 17 UDP, ...). */
  protocol: number;
  client: Endpoint;
  server: Endpoint;
  /** How the client side was chosen: the SYN sender, or a guess from ports / first talker. */
  clientBy: 'syn' | 'guess';
  firstSeen: number;
  lastSeen: number;
  toServer: DirectionStats;
  toClient: DirectionStats;
  /** Why the record ended: closed by FIN/RST, idle timeout, active timeout, end of input. */
  endReason: 'closed' | 'idle' | 'active' | 'end' | 'evicted' | 'export';
  payload?: { toServer: PayloadHead; toClient: PayloadHead };
  tlsSni?: string;
  dnsQueries?: string[];
  dnsAnswers?: DnsAnswer[];
  http?: HttpFacts;
  /** Flow exports: which exporter (address / observation domain) reported it. */
  exporter?: string;
  /**
   * 1-in-N packet sampling the counters were already scaled by (N > 1); absent when unsampled or
   * unknown. Detectors judge rates, flags and record counts, which sampling distorts.
   */
  sampling?: number;
}
