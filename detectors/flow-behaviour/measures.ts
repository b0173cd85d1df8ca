/**
 * The figures the signals are judged on, derived from a triplet's totals. Rates are per minute of
 * session time (the spans of its sessions added up), so eight rigs behind one address sharing a
 * triplet each look like one rig, not like one busy connection.
 */
import { activityOf, type Activity } from './activity-bins';
import { maxOverlap } from './overlap';
import { sessionSeconds, type TripletStats } from './triplet-stats';

export interface PerDirection {
  toServer: number;
  toClient: number;
}

export interface TripletMeasures {
  sessionSeconds: number;
  longestSessionSeconds: number;
  sessions: number;
  concurrentSessions: number;
  /** Packets both ways (scaled counters under sampling). */
  packets: number;
  packetsPerMinute: PerDirection;
  bytesPerPacket: PerDirection;
  /** Larger over smaller direction packet count (Infinity when one direction is silent). */
  packetRatio: number;
  bytesPerMinute: number;
  /** Share of flag-reporting records with ACK+PSH; NaN when no record reported flags. */
  ackPshShare: number;
  flagsSeen: number;
  fineRecords: number;
  /** Share of fine-grained records in which the server sent data; NaN without such records. */
  serverDataShare: number;
  longestRecordGapSeconds: number;
  /** Persistence and evenness over 5-minute bins. */
  activity: Activity;
  /** Largest 1-in-N packet sampling of the records (1: unsampled): counters are estimates. */
  sampling: number;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);

export function measure(stats: TripletStats): TripletMeasures {
  const seconds = sessionSeconds(stats);
  const minutes = seconds / 60;
  const { toServer, toClient } = stats;
  const fewer = Math.min(toServer.packets, toClient.packets);
  const more = Math.max(toServer.packets, toClient.packets);
  return {
    sessionSeconds: seconds,
    longestSessionSeconds: stats.longestSessionSeconds,
    sessions: stats.sessions.length + stats.retiredSessions,
    concurrentSessions: maxOverlap(stats.sessions.map((s) => [s.firstSeen, s.lastSeen] as const)),
    packets: toServer.packets + toClient.packets,
    packetsPerMinute: { toServer: ratio(toServer.packets, minutes), toClient: ratio(toClient.packets, minutes) },
    bytesPerPacket: { toServer: ratio(toServer.bytes, toServer.packets), toClient: ratio(toClient.bytes, toClient.packets) },
    packetRatio: fewer > 0 ? more / fewer : Number.POSITIVE_INFINITY,
    bytesPerMinute: ratio(toServer.bytes + toClient.bytes, minutes),
    ackPshShare: ratio(stats.ackPshRecords, stats.flaggedRecords),
    flagsSeen: stats.flagsSeen,
    fineRecords: stats.fineRecords,
    serverDataShare: ratio(stats.fineRecordsWithServerData, stats.fineRecords),
    longestRecordGapSeconds: stats.longestRecordGapSeconds,
    activity: activityOf(stats.activity, stats.records),
    sampling: stats.activity.sampling,
  };
}
