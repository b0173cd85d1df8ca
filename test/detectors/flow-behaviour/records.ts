/**
 * Flow-export record sequences for the behaviour tests: one TCP connection described by its
 * per-minute packet and byte rates each way, cut into records the way an exporter's active
 * timeout cuts it. Counts are spread without drift (each record gets the difference of the
 * rounded running totals), so a profile's averages survive any record length.
 *
 * Constant-rate records (`connection`) fill every 5-minute bin alike: clockwork, like a
 * keepalive timer, which the detector (rightly) does not take for mining (`not-clockwork`). The
 * look-alikes are built that way; a miner is `miner()`, whose shares arrive as a Poisson process.
 */
import type { FlowRecord } from '../../../src/detect/api';
import { Prng } from '../../../fixtures/lib/prng';
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
  const slices: Slice[] = [];
  for (let from = 0; from < c.seconds; from += c.recordSeconds) {
    const to = Math.min(from + c.recordSeconds, c.seconds);
    const slice = (rate: PerMinute) => ({
      packets: runningTotal(rate.packets, to) - runningTotal(rate.packets, from),
      bytes: runningTotal(rate.bytes, to) - runningTotal(rate.bytes, from),
    });
    slices.push({ toServer: slice(c.toServer), toClient: slice(c.toClient) });
  }
  return sliceRecords(slices, c);
}

/** Packets and IP bytes each way in one active-timeout slice of a connection. */
export interface Slice {
  toServer: PerMinute;
  toClient: PerMinute;
}

/** One record per slice holding packets (an exporter reports none for a silent slice). */
export function sliceRecords(slices: readonly Slice[], c: Omit<ConnectionSketch, 'toServer' | 'toClient'>): FlowRecord[] {
  const start = c.start ?? T0;
  const flags = c.flags ?? ACK_PSH;
  const records: FlowRecord[] = [];
  slices.forEach((s, i) => {
    const from = i * c.recordSeconds;
    const to = Math.min(from + c.recordSeconds, c.seconds);
    const edges = (from === 0 ? SYN : 0) | (to >= c.seconds ? FIN : 0);
    const direction = (d: PerMinute) => ({ ...d, payloadBytes: 0, tcpFlags: flags === 0 || d.packets === 0 ? 0 : flags | edges });
    if (s.toServer.packets + s.toClient.packets === 0) return;
    records.push(
      makeFlow({
        source: c.source ?? 'flow-export',
        client: c.client ?? '192.168.1.10',
        server: c.server ?? '203.0.113.5',
        clientPort: c.clientPort ?? 50_000,
        serverPort: c.serverPort ?? 3333,
        firstSeen: start + from,
        lastSeen: start + to,
        extra: { clientBy: 'guess', endReason: 'active', toServer: direction(s.toServer), toClient: direction(s.toClient) },
      }),
    );
  });
  return records;
}

export interface MinerSketch extends Omit<ConnectionSketch, 'toServer' | 'toClient'> {
  /** PRNG seed (fixtures/lib/prng.ts): the same seed, the same records. */
  seed?: number;
  /** Mean per-minute rates and IP bytes per packet each way; PROFILES.miner unless given. */
  toServer?: PerMinute;
  toClient?: PerMinute;
}

/** Mean seconds between job pushes (mining.notify); each gap is drawn from half to one and a half times it. */
const JOB_SECONDS = 40;

/**
 * A Stratum v1 miner as its records show it, NOT at a constant rate: shares are a Poisson process
 * (every hash an independent try), each an exchange of two packets each way (the submit and the
 * ACK of its result, the result and the ACK of the submit); the pool pushes a job every 20-60 s
 * (the notify and its ACK); bare ACKs make up the rest towards the pool. The mean rates are the
 * profile's, so a 5-minute bin holds about 58 packets varying about 3 times as much as their
 * mean: Poisson-like, never clockwork (`not-clockwork`), far from a human's bursts (`even`).
 * The handshake and the close put a packet each way into the first and the last slice, so the
 * records span the whole connection; a job at least every 60 s keeps the server heard in every
 * 60 s slice (periodic-pushes).
 */
export function miner(c: MinerSketch): FlowRecord[] {
  const prng = new Prng(c.seed ?? 1);
  const up = c.toServer ?? PROFILES.miner.toServer;
  const down = c.toClient ?? PROFILES.miner.toClient;
  const slices: Slice[] = Array.from({ length: Math.ceil(c.seconds / c.recordSeconds) }, () => ({ toServer: { packets: 0, bytes: 0 }, toClient: { packets: 0, bytes: 0 } }));
  const add = (at: number, toServer: number, toClient: number) => {
    const s = slices[Math.min(slices.length - 1, Math.floor(at / c.recordSeconds))];
    s.toServer.packets += toServer;
    s.toClient.packets += toClient;
  };
  const jobsPerMinute = 60 / JOB_SECONDS;
  const sharesPerMinute = Math.max(0, (Math.min(up.packets, down.packets) - jobsPerMinute) / 2);
  const events = (perMinute: number, each: (at: number) => void) => {
    if (!(perMinute > 0)) return;
    for (let at = prng.exponential(60 / perMinute); at < c.seconds; at += prng.exponential(60 / perMinute)) each(at);
  };
  add(0, 1, 1);
  add(c.seconds - 1e-3, 1, 1);
  for (let at = prng.between(0.5, 1.5) * JOB_SECONDS; at < c.seconds; at += prng.between(0.5, 1.5) * JOB_SECONDS) add(at, 1, 1);
  events(sharesPerMinute, (at) => add(at, 2, 2));
  events(up.packets - down.packets, (at) => add(at, 1, 0));
  events(down.packets - up.packets, (at) => add(at, 0, 1));
  for (const s of slices) {
    s.toServer.bytes = Math.round(s.toServer.packets * (up.bytes / up.packets));
    s.toClient.bytes = Math.round(s.toClient.packets * (down.bytes / down.packets));
  }
  return sliceRecords(slices, c);
}

/** Packets and bytes per minute each way of a connection's records, and their packet ratio. */
export function ratesOf(records: readonly FlowRecord[]) {
  const minutes = (Math.max(...records.map((r) => r.lastSeen)) - Math.min(...records.map((r) => r.firstSeen))) / 60;
  const sum = (pick: (r: FlowRecord) => number) => records.reduce((total, r) => total + pick(r), 0);
  const [upPackets, downPackets] = [sum((r) => r.toServer.packets), sum((r) => r.toClient.packets)];
  const [upBytes, downBytes] = [sum((r) => r.toServer.bytes), sum((r) => r.toClient.bytes)];
  return {
    packetsPerMinute: { toServer: upPackets / minutes, toClient: downPackets / minutes },
    bytesPerPacket: { toServer: upBytes / upPackets, toClient: downBytes / downPackets },
    packetRatio: Math.max(upPackets, downPackets) / Math.min(upPackets, downPackets),
    bytesPerMinute: (upBytes + downBytes) / minutes,
  };
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
  /**
   * Stratum v1: ~2 shares/min (submit + ACK of the result each way), a job every ~40 s ACKed, a
   * few bare ACKs more towards the pool. 6 : 5.5 packets (ratio 1.09): a real miner sits inside
   * the symmetric band (maxPacketRatio 1.2), not on its edge, so that the counts' noise does not
   * decide the verdict. ~130 B towards the pool (share submits among ACKs), ~250 B back (jobs
   * among results): inside both size bands.
   */
  miner: { toServer: { packets: 6, bytes: 6 * 130 }, toClient: { packets: 5.5, bytes: 5.5 * 250 } },
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
