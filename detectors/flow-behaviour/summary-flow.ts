/**
 * A triplet's totals as one FlowRecord, so windowed evidence goes through evidenceFor like any
 * per-flow evidence and names the accountable side the same way.
 */
import type { FlowRecord } from '../../src/detect/api';
import type { TripletStats } from './triplet-stats';

const TCP = 6;

export function summaryFlow(stats: TripletStats): FlowRecord {
  const longest = [...stats.sessions].sort((a, b) => b.lastSeen - b.firstSeen - (a.lastSeen - a.firstSeen))[0];
  return {
    source: stats.source,
    protocol: TCP,
    client: { ip: stats.client, port: longest?.clientPort ?? 0 },
    server: { ip: stats.server, port: stats.serverPort },
    clientBy: 'guess',
    firstSeen: stats.firstSeen,
    lastSeen: stats.lastSeen,
    toServer: { ...stats.toServer, payloadBytes: 0, tcpFlags: stats.flagsSeen },
    toClient: { ...stats.toClient, payloadBytes: 0, tcpFlags: stats.flagsSeen },
    endReason: 'export',
  };
}
