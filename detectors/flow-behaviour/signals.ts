/**
 * The behaviour signals, one named predicate each (README.md gives the reasoning and sources).
 * A predicate answers undefined when the records cannot tell (no TCP flags exported, records too
 * coarse to see job pushes): an unknown signal never counts as met.
 */
import type { TripletMeasures } from './measures';
import type { Range, StratumProfile } from './profile';
import { FLAG } from './triplet-stats';

export type SignalName = 'long-lived' | 'ack-psh' | 'small-packets' | 'steady-rate' | 'symmetric' | 'not-bulk' | 'periodic-pushes';

type Signal = (m: TripletMeasures, p: StratumProfile) => boolean | undefined;

const within = (value: number, { min, max }: Range) => value >= min && value <= max;

/** Longer than a miner's connection to its pool at least lasts; also asked of a single session. */
export const isLongLived = (seconds: number, p: StratumProfile) => seconds > p.longLivedSeconds;

export const SIGNALS: Record<SignalName, Signal> = {
  /** Miners hold one connection to the pool for hours (Veselý & Žádník: > 300 s). */
  'long-lived': (m, p) => isLongLived(m.longestSessionSeconds, p),

  /** Nearly every record carries ACK+PSH, and the session is never reset or urgent. */
  'ack-psh': (m, p) => {
    if (Number.isNaN(m.ackPshShare)) return undefined;
    return m.ackPshShare >= p.minAckPshShare && (m.flagsSeen & (FLAG.RST | FLAG.URG)) === 0;
  },

  /** JSON-RPC lines of 100-700 bytes mixed with pure ACKs: above keepalive size, far below bulk. */
  'small-packets': (m, p) => within(m.bytesPerPacket.toServer, p.bytesPerPacket) && within(m.bytesPerPacket.toClient, p.bytesPerPacket),

  /** Shares every few seconds to a minute and jobs every 30-100 s: a few packets a minute each way. */
  'steady-rate': (m, p) => within(m.packetsPerMinute.toServer, p.packetsPerMinute) && within(m.packetsPerMinute.toClient, p.packetsPerMinute),

  /** Job pushes and share submissions both get answered: packet counts stay close to balanced. */
  symmetric: (m, p) => m.packetRatio <= p.maxPacketRatio,

  /** Mining moves kilobytes a minute; encrypted bulk and tunnels move far more. */
  'not-bulk': (m, p) => m.bytesPerMinute <= p.maxBytesPerMinute,

  /** With fine-grained records: the server sent data in nearly every slice, never silent past a job interval. */
  'periodic-pushes': (m, p) => {
    if (!(m.fineRecords >= p.pushes.minRecords)) return undefined;
    return m.serverDataShare >= p.pushes.minShare && m.longestRecordGapSeconds <= p.pushes.maxGapSeconds;
  },
};

/** Signals every Stratum session shows; a triplet meeting all of them is stratum-like. */
export const CORE_SIGNALS: readonly SignalName[] = ['long-lived', 'ack-psh', 'small-packets', 'steady-rate', 'symmetric', 'not-bulk'];

/**
 * Signals the weak code cannot do without: long-lived, ACK/PSH, balanced and low-volume describe
 * any idle TCP connection; a few packets every minute both ways, for minutes on end, is the
 * activity a miner cannot hide.
 */
export const WEAK_REQUIRED_SIGNALS: readonly SignalName[] = ['long-lived', 'steady-rate'];

export const ALL_SIGNALS = Object.keys(SIGNALS) as SignalName[];
