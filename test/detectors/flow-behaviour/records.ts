/**
 * Flow-export record sequences for the behaviour tests: one TCP connection described by its
 * per-minute packet and byte rates each way, cut into records the way an exporter's active
 * timeout cuts it. Counts are spread without drift (each record gets the difference of the
 * rounded running totals), so a profile's averages survive any record length.
 */
import type { FlowRecord } from '../../../src/detect/api';
import { makeFlow } from '../../helpers/flows';

export interface PerMinute {
  packets: number;
  /** IP bytes, as exporters count them. */
  bytes: number;
}

export interface ConnectionSketch {
  client?: string;
  server?: string;
  serverPort?: number;
  clientPort?: number;
  start?: number;
  seconds: number;
  /** Active timeout of the exporter: one record per this many seconds. */
  recordSeconds: number;
  toServer: PerMinute;
  toClient: PerMinute;
  /** TCP flags of the middle records (first adds SYN, last adds FIN). 0 = exporter without flags. */
  flags?: number;
  source?: FlowRecord['source'];
}

export const T0 = 1_700_000_000;
const ACK_PSH = 0x18;
const SYN = 0x02;
const FIN = 0x01;

const runningTotal = (perMinute: number, seconds: number) => Math.round((perMinute * seconds) / 60);

export function connection(c: ConnectionSketch): FlowRecord[] {
  const start = c.start ?? T0;
  const flags = c.flags ?? ACK_PSH;
  const records: FlowRecord[] = [];
  for (let from = 0; from < c.seconds; from += c.recordSeconds) {
    const to = Math.min(from + c.recordSeconds, c.seconds);
    const slice = (rate: PerMinute) => {
      const packets = runningTotal(rate.packets, to) - runningTotal(rate.packets, from);
      const edges = (from === 0 ? SYN : 0) | (to >= c.seconds ? FIN : 0);
      return {
        packets,
        bytes: runningTotal(rate.bytes, to) - runningTotal(rate.bytes, from),
        payloadBytes: 0,
        tcpFlags: flags === 0 || packets === 0 ? 0 : flags | edges,
      };
    };
    const [toServer, toClient] = [slice(c.toServer), slice(c.toClient)];
    // An exporter reports no record for a slice of time without packets.
    if (toServer.packets + toClient.packets === 0) continue;
    records.push(
      makeFlow({
        source: c.source ?? 'flow-export',
        client: c.client ?? '192.168.1.10',
        server: c.server ?? '203.0.113.5',
        clientPort: c.clientPort ?? 50_000,
        serverPort: c.serverPort ?? 3333,
        firstSeen: start + from,
        lastSeen: start + to,
        extra: { clientBy: 'guess', endReason: 'active', toServer, toClient },
      }),
    );
  }
  return records;
}

/**
 * The same records as a unidirectional exporter (NetFlow v5/v9) reports them: each direction of
 * each slice is its own record; the reader orients both onto one (client, server) pair.
 */
export function unidirectional(records: FlowRecord[]): FlowRecord[] {
  const silent = { packets: 0, bytes: 0, payloadBytes: 0, tcpFlags: 0 };
  return records.flatMap((r) => [
    ...(r.toServer.packets ? [{ ...r, toClient: silent }] : []),
    ...(r.toClient.packets ? [{ ...r, toServer: silent }] : []),
  ]);
}

/** Per-minute profiles of real conversations (IP bytes with 52-byte TCP/IP headers). */
export const PROFILES = {
  /** Stratum v1: ~2 shares/min (submit + ACK of the answer), ~2 jobs/min ACKed; jobs ~250 B. */
  miner: { toServer: { packets: 6, bytes: 6 * 120 }, toClient: { packets: 5, bytes: 5 * 300 } },
  /** MQTT 3.1.1 keep-alive 60 s: PINGREQ (2 B) + ACK of PINGRESP; PINGRESP with piggybacked ACK. */
  mqtt: { toServer: { packets: 2, bytes: 2 * 53 }, toClient: { packets: 1, bytes: 54 } },
  /** OpenSSH ServerAliveInterval=60: keepalive@openssh.com request + ACK, one reply. */
  sshKeepalive: { toServer: { packets: 2, bytes: 2 * 76 }, toClient: { packets: 1, bytes: 90 } },
  /** APNs / FCM: a TLS heartbeat every ~15-30 min on an otherwise silent socket. */
  pushChannel: { toServer: { packets: 0.1, bytes: 0.1 * 95 }, toClient: { packets: 0.1, bytes: 0.1 * 90 } },
  /** A busy OpenVPN-over-TCP tunnel. */
  vpnTunnel: { toServer: { packets: 600, bytes: 600 * 700 }, toClient: { packets: 700, bytes: 700 * 1100 } },
  /** A big-data node shipping full segments, delayed ACKs coming back. */
  bulk: { toServer: { packets: 900, bytes: 900 * 1400 }, toClient: { packets: 450, bytes: 450 * 52 } },
  /** JSON-RPC polling of a node: request, response, ACK of the response (2:1 packets). */
  rpcPolling: { toServer: { packets: 8, bytes: 8 * 130 }, toClient: { packets: 4, bytes: 4 * 230 } },
  /** A web page: a burst of full-size responses. */
  web: { toServer: { packets: 60, bytes: 60 * 90 }, toClient: { packets: 120, bytes: 120 * 1300 } },
} satisfies Record<string, { toServer: PerMinute; toClient: PerMinute }>;
