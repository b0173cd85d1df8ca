/**
 * The behaviour signals, graded: each answers how strongly it holds, a support from -1 (clearly
 * not Stratum) through 0 (on the fence) to 1 (inside its band), or undefined when the records
 * cannot tell (no TCP flags exported, records too coarse to see job pushes, too short to see
 * persistence). README.md gives each band and its source; the weights that turn supports into
 * points live in the profile (`grade.weights`), calibrated on the carrier benchmark.
 *
 * A value outside its band fades: on a log scale for rates and sizes (a packet rate twice the
 * band's top is as far out as half its bottom), linearly for shares. At `fade` times beyond the
 * edge (or `fade` below it for shares) the signal counts fully against.
 */
import type { PerDirection, TripletMeasures } from './measures';
import type { Range, StratumProfile } from './profile';
import { FLAG } from './triplet-stats';

export type SignalName =
  | 'long-lived'
  | 'ack-psh'
  | 'small-packets'
  | 'steady-rate'
  | 'symmetric'
  | 'not-bulk'
  | 'periodic-pushes'
  | 'persistent'
  | 'not-clockwork'
  | 'even';

type Signal = (m: TripletMeasures, p: StratumProfile) => number | undefined;

const clamp = (value: number) => Math.max(-1, Math.min(1, value));

/**
 * Support of a positive value against a band on a log scale: 1 inside, 0 at √fade beyond the
 * edge, -1 at `fade` beyond it. NaN (a silent direction, a missing figure) is -1: no band holds it.
 */
export function logBand(value: number, { min, max }: Range, fade: number): number {
  if (!(value >= 0)) return -1;
  if (value >= min && value <= max) return 1;
  const distance = value < min ? Math.log(min / Math.max(value, Number.MIN_VALUE)) : Math.log(value / max);
  return clamp(1 - (2 * distance) / Math.log(fade));
}

/** Support of a share (0..1) that should be at least `min`: 1 at or above, -1 at `fade` below. */
export function shareAtLeast(share: number, min: number, fade: number): number {
  if (!(share >= 0)) return -1;
  return share >= min ? 1 : clamp(1 - (2 * (min - share)) / fade);
}

/** Longer than a miner's connection to its pool at least lasts; also asked of a single session. */
export const isLongLived = (seconds: number, p: StratumProfile) => seconds > p.longLivedSeconds;

/** The dispersion when bins can tell it, else undefined. */
function dispersionOf(m: TripletMeasures, p: StratumProfile): number | undefined {
  const d = m.activity.dispersion;
  return !m.activity.binsMeaningful || !(m.activity.bins >= p.activity.minBins) || Number.isNaN(d) ? undefined : d;
}

/** The weaker direction's support: a figure holds only when it holds both ways. */
const both = (m: PerDirection, bands: { toServer: Range; toClient: Range }, fade: number) =>
  Math.min(logBand(m.toServer, bands.toServer, fade), logBand(m.toClient, bands.toClient, fade));

export const SIGNALS: Record<SignalName, Signal> = {
  /** Miners hold one connection to the pool for hours (Veselý & Žádník: > 300 s). */
  'long-lived': (m, p) => logBand(m.longestSessionSeconds, { min: p.longLivedSeconds, max: Number.POSITIVE_INFINITY }, p.fade.duration),

  /**
   * Nearly every record carries ACK+PSH (Veselý & Žádník: > 90 %), and a reset or urgent data
   * costs a full point. Sampled records report the flags of the few packets sampled, half of
   * them bare ACKs, so under sampling the signal is unknown.
   */
  'ack-psh': (m, p) => {
    if (Number.isNaN(m.ackPshShare) || m.sampling > 1) return undefined;
    const share = shareAtLeast(m.ackPshShare, p.minAckPshShare, p.fade.share);
    return clamp(share - ((m.flagsSeen & (FLAG.RST | FLAG.URG)) !== 0 ? 1 : 0));
  },

  /** JSON-RPC lines of 100-700 bytes mixed with pure ACKs: above keepalive size, far below bulk. */
  'small-packets': (m, p) => both(m.bytesPerPacket, p.bytesPerPacket, p.fade.size),

  /** Shares every few seconds to a minute and jobs every 30-100 s: a few packets a minute each way. */
  'steady-rate': (m, p) => both(m.packetsPerMinute, { toServer: p.packetsPerMinute, toClient: p.packetsPerMinute }, p.fade.rate),

  /** Job pushes and share submissions both get answered: packet counts stay close to balanced. */
  symmetric: (m, p) => logBand(m.packetRatio, { min: 1, max: p.maxPacketRatio }, p.fade.ratio),

  /** Mining moves kilobytes a minute; encrypted bulk and tunnels move far more. */
  'not-bulk': (m, p) => logBand(m.bytesPerMinute, { min: 0, max: p.maxBytesPerMinute }, p.fade.volume),

  /** With fine-grained records: the server sent data in nearly every slice, never silent past a job interval. */
  'periodic-pushes': (m, p) => {
    if (!(m.fineRecords >= p.pushes.minRecords) || m.sampling > 1) return undefined;
    return m.serverDataShare >= p.pushes.minShare && m.longestRecordGapSeconds <= p.pushes.maxGapSeconds ? 1 : -1;
  },

  /**
   * Active in (nearly) every 5-minute bin it spans: mining runs around the clock, a push
   * channel or IMAP IDLE wakes every quarter or half hour. Unknown before two inner bins. Under
   * sampling, judged against the share a steady stream of the same packets would keep active.
   */
  persistent: (m, p) => {
    const { bins, activeShare, expectedActiveShare, binsMeaningful } = m.activity;
    if (!binsMeaningful || !(bins >= p.activity.minBins) || !(expectedActiveShare > 0)) return undefined;
    return shareAtLeast(Math.min(1, activeShare / expectedActiveShare), p.activity.minActiveShare, p.fade.share);
  },

  /**
   * Packets per active bin scatter at least like a Poisson stream's (variance/mean about 1 or
   * more): shares are a Poisson process, every hash an independent try. A keepalive timer is
   * clockwork, far below 1.
   */
  'not-clockwork': (m, p) => {
    const d = dispersionOf(m, p);
    return d === undefined ? undefined : logBand(d, { min: p.activity.dispersion.min, max: Number.POSITIVE_INFINITY }, p.fade.dispersion);
  },

  /**
   * ... and not like a human's bursts between heartbeats. A fast miner's packets come in
   * exchanges of several and vardiff steps its rate, so its variance/mean grows with its packets
   * per bin (ASICs, farms and proxies reach 15-50) while its spread relative to its mean stays
   * small: the ceiling is the larger of `dispersion.max` and `dispersion.maxRelative` × the mean
   * (a squared coefficient of variation: a person's bursts on a quiet socket spread far wider).
   */
  even: (m, p) => {
    const d = dispersionOf(m, p);
    if (d === undefined) return undefined;
    const relative = p.activity.dispersion.maxRelative * m.activity.meanPerBin;
    const ceiling = Number.isFinite(relative) ? Math.max(p.activity.dispersion.max, relative) : p.activity.dispersion.max;
    return logBand(d, { min: 0, max: ceiling }, p.fade.dispersion);
  },
};

export const ALL_SIGNALS = Object.keys(SIGNALS) as SignalName[];
