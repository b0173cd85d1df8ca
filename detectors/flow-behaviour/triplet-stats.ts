/**
 * Running totals of one (client ip, server ip, server port) TCP triplet, fed one flow record at a
 * time. A long connection arrives as many records (one per active timeout, possibly from several
 * export files, in any order), and a triplet may hold several connections at once (rigs behind
 * one NAT address, reconnects): connections are told apart by client port and kept as sessions.
 */
import type { FlowRecord } from '../../src/detect/api';

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

/** Sessions (client ports) remembered per triplet; older ones are folded into totals. */
export const MAX_SESSIONS_PER_TRIPLET = 16;

export interface DirectionTotals {
  packets: number;
  bytes: number;
}

export interface SessionSpan {
  clientPort: number;
  firstSeen: number;
  lastSeen: number;
  /** End of the latest record carrying server → client packets (for the silence gap). */
  serverLastSeen?: number;
}

export interface TripletStats {
  readonly key: string;
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
  /** Bookkeeping of the detector that owns the table: records seen at the last judgement. */
  judgedRecords?: number;
  /** Bookkeeping of the detector that owns the table: what it already reported. */
  reported?: { code: string; records: number };
}

export const tripletKey = (client: string, server: string, serverPort: number) => `${client}|${server}|${serverPort}`;

const counter = (value: number) => (Number.isFinite(value) && value > 0 ? value : 0);

/** The record's time span, or undefined when its times are unusable. */
export function recordSpan(flow: FlowRecord): [number, number] | undefined {
  const { firstSeen, lastSeen } = flow;
  if (!Number.isFinite(firstSeen) || !Number.isFinite(lastSeen)) return undefined;
  return firstSeen <= lastSeen ? [firstSeen, lastSeen] : [lastSeen, firstSeen];
}

export function newTripletStats(flow: FlowRecord, [first, last]: [number, number]): TripletStats {
  return {
    key: tripletKey(flow.client.ip, flow.server.ip, flow.server.port),
    client: flow.client.ip,
    server: flow.server.ip,
    serverPort: flow.server.port,
    source: flow.source,
    firstSeen: first,
    lastSeen: last,
    records: 0,
    toServer: { packets: 0, bytes: 0 },
    toClient: { packets: 0, bytes: 0 },
    flagsSeen: 0,
    flaggedRecords: 0,
    ackPshRecords: 0,
    sessions: [],
    retiredSessions: 0,
    retiredSessionSeconds: 0,
    longestSessionSeconds: 0,
    fineRecords: 0,
    fineRecordsWithServerData: 0,
    longestRecordGapSeconds: 0,
  };
}

/** Whether the server's packets in this record carried data, not only ACKs. */
function serverSentData(flow: FlowRecord): boolean {
  const { payloadBytes, tcpFlags } = flow.toClient;
  if (counter(payloadBytes) > 0) return true;
  // Exports report no payload size: a pushed segment stands in for data; without flags, assume so.
  return tcpFlags & REPORTED_FLAGS ? (tcpFlags & PSH) !== 0 : true;
}

function addFlags(stats: TripletStats, flow: FlowRecord): void {
  const flags = (flow.toServer.tcpFlags | flow.toClient.tcpFlags) & REPORTED_FLAGS;
  if (!flags) return;
  stats.flagsSeen |= flags;
  stats.flaggedRecords++;
  if ((flags & (ACK | PSH)) === (ACK | PSH)) stats.ackPshRecords++;
}

function retireOldestSession(stats: TripletStats): void {
  let oldest = 0;
  for (let i = 1; i < stats.sessions.length; i++) if (stats.sessions[i].lastSeen < stats.sessions[oldest].lastSeen) oldest = i;
  const [gone] = stats.sessions.splice(oldest, 1);
  stats.retiredSessions++;
  stats.retiredSessionSeconds += gone.lastSeen - gone.firstSeen;
}

function sessionFor(stats: TripletStats, clientPort: number, [first, last]: [number, number]): SessionSpan {
  let session = stats.sessions.find((s) => s.clientPort === clientPort);
  if (session) {
    session.firstSeen = Math.min(session.firstSeen, first);
    session.lastSeen = Math.max(session.lastSeen, last);
  } else {
    if (stats.sessions.length >= MAX_SESSIONS_PER_TRIPLET) retireOldestSession(stats);
    session = { clientPort, firstSeen: first, lastSeen: last };
    stats.sessions.push(session);
  }
  stats.longestSessionSeconds = Math.max(stats.longestSessionSeconds, session.lastSeen - session.firstSeen);
  return session;
}

function addServerSide(stats: TripletStats, session: SessionSpan, flow: FlowRecord, [first, last]: [number, number], fineRecordSeconds: number): void {
  if (counter(flow.toClient.packets) === 0) return;
  if (session.serverLastSeen !== undefined) {
    stats.longestRecordGapSeconds = Math.max(stats.longestRecordGapSeconds, first - session.serverLastSeen);
  }
  session.serverLastSeen = Math.max(session.serverLastSeen ?? last, last);
  if (last - first > fineRecordSeconds) return;
  stats.fineRecords++;
  if (serverSentData(flow)) stats.fineRecordsWithServerData++;
}

export function addRecord(stats: TripletStats, flow: FlowRecord, span: [number, number], fineRecordSeconds: number): void {
  stats.source = flow.source;
  stats.records++;
  stats.firstSeen = Math.min(stats.firstSeen, span[0]);
  stats.lastSeen = Math.max(stats.lastSeen, span[1]);
  stats.toServer.packets += counter(flow.toServer.packets);
  stats.toServer.bytes += counter(flow.toServer.bytes);
  stats.toClient.packets += counter(flow.toClient.packets);
  stats.toClient.bytes += counter(flow.toClient.bytes);
  addFlags(stats, flow);
  addServerSide(stats, sessionFor(stats, flow.client.port, span), flow, span, fineRecordSeconds);
}

/** Session time: the spans of every session, retired ones included (concurrent sessions add up). */
export function sessionSeconds(stats: TripletStats): number {
  return stats.sessions.reduce((sum, s) => sum + (s.lastSeen - s.firstSeen), stats.retiredSessionSeconds);
}
