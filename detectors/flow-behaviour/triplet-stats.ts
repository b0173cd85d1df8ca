/**
 * One (client ip, server ip, server port) TCP triplet as the judges read it: its running totals
 * and sessions. A long connection arrives as many records (one per active timeout, possibly from
 * several export files, in any order), and a triplet may hold several connections at once (rigs
 * behind one NAT address, reconnects): connections are told apart by client port and kept as
 * sessions. The table keeps triplets in compact columns (triplet-totals.ts) and builds this
 * object only for a triplet that is about to be judged.
 */
import type { FlowRecord } from '../../src/detect/api';
import type { ActivityFigures } from './activity-bins';
import { spanTotal, type SessionSpan } from './session-list';

export { MAX_SESSIONS_PER_TRIPLET, type SessionSpan } from './session-list';

// Mirrors TCP_FLAGS of the FlowRecord contract, kept local so this file is pure data handling.
const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;
const PSH = 0x08;
const ACK = 0x10;
const URG = 0x20;
/** Flags a flow exporter reports; ECE/CWR (ECN negotiation) are left out on purpose. */
export const REPORTED_FLAGS = FIN | SYN | RST | PSH | ACK | URG;
export const FLAG = { FIN, SYN, RST, PSH, ACK, URG } as const;

export interface DirectionTotals {
  packets: number;
  bytes: number;
}

export interface TripletStats {
  readonly client: string;
  readonly server: string;
  readonly serverPort: number;
  source: FlowRecord['source'];
  firstSeen: number;
  lastSeen: number;
  records: number;
  toServer: DirectionTotals;
  toClient: DirectionTotals;
  /** OR of the reported TCP flags of every record, both directions. */
  flagsSeen: number;
  /** Records that reported any TCP flag (exporters without tcp_flags report none). */
  flaggedRecords: number;
  ackPshRecords: number;
  /** The most recently active sessions, at most MAX_SESSIONS_PER_TRIPLET. */
  sessions: SessionSpan[];
  retiredSessions: number;
  retiredSessionSeconds: number;
  longestSessionSeconds: number;
  /**
   * Records carrying the server → client direction that are short enough to tell whether the
   * server pushed within a job interval. Unidirectional exports (NetFlow v5/v9) report the two
   * directions as separate records, so only those with server packets say anything about it.
   */
  fineRecords: number;
  fineRecordsWithServerData: number;
  /** Longest silence of the server between its consecutive records in one session (arrival order). */
  longestRecordGapSeconds: number;
  /** Packets per 5-minute bin: persistence and evenness (activity-bins.ts); the sampling rate seen. */
  activity: ActivityFigures;
}

export const tripletKey = (client: string, server: string, serverPort: number) => `${client}|${server}|${serverPort}`;

/** Session time: the spans of every session, retired ones included (concurrent sessions add up). */
export function sessionSeconds(stats: TripletStats): number {
  return spanTotal(stats.sessions, stats.retiredSessionSeconds);
}
