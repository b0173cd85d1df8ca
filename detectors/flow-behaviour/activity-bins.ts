/**
 * How a triplet's packets spread over time, in fixed 5-minute bins of capture time: whether it
 * was active in every bin (persistence: mining runs around the clock, a push channel wakes every
 * half hour) and how its packets scatter (dispersion: shares are a Poisson process, a keepalive
 * timer is clockwork, a human's chat comes in bursts).
 *
 * A record counts in the bin of its end (exporters write a record when it ends, so bins fill in
 * order; the two directions of one slice land together). Bins are absolute
 * (floor(time / BIN_SECONDS)) and kept exactly: nearly every triplet (one record, one bin) holds
 * its one bin in the slot's typed row; a triplet reaching a second bin gets a list of per-bin
 * counts, so records and window parts add up exactly in any order. A list longer than MAX_BINS
 * (24 h) folds its oldest bins into running sums, the only place order can matter.
 *
 * Records longer than a bin smear their packets over several bins, which would make any
 * stream look persistent and even: they are counted (`longRecords`), and when they are more
 * than a tenth of the records the judges treat persistence and evenness as unknown.
 */
import { counter } from './exact-counts';

/** 5 minutes: the longest active timeout common exporters use by default, and Veselý's 300 s. */
export const BIN_SECONDS = 300;
/** Bins a list keeps before folding the oldest: a day, far past the 4 h window. */
export const MAX_BINS = 288;
/** Share of records longer than a bin past which persistence and evenness are unknown. */
const MAX_LONG_RECORD_SHARE = 0.1;

// Where each figure sits in a slot's row.
const FIRST_BIN = 0;
/** Packets in the first bin while the slot has no list. */
const FIRST_COUNT = 1;
const SAMPLING = 2;
const LONG_RECORDS = 3;
const FOLDED_BINS = 4;
const FOLDED_ACTIVE = 5;
const FOLDED_SUM = 6;
const FOLDED_SQUARES = 7;
/** 1 once the list has folded bins: its first fold drops the triplet's first (edge) bin unjudged. */
const FOLDED_EVER = 8;
const FIGURES = 9;

export interface ActivityFigures {
  /** Absolute index of the earliest bin held (NaN: no packets counted yet). */
  firstBin: number;
  /** Packets per bin from firstBin on, one entry per bin (empty bins are 0). */
  counts: number[];
  /** Largest 1-in-N packet sampling stated by the triplet's records (1: unsampled). */
  sampling: number;
  /** Records longer than a bin. */
  longRecords: number;
  /** Bins folded out of a list past MAX_BINS: how many, how many held packets, sum, sum of squares. */
  folded: { bins: number; active: number; sum: number; squares: number };
}

const NO_FOLDED = { bins: 0, active: 0, sum: 0, squares: 0 };

export const NO_ACTIVITY: ActivityFigures = { firstBin: Number.NaN, counts: [], sampling: 1, longRecords: 0, folded: NO_FOLDED };

/** What the judges read: persistence and scatter over the inner bins (the edge bins are partial). */
export interface Activity {
  /** Inner bins the triplet spans (0: too short to judge). */
  bins: number;
  /** Share of inner bins holding packets; NaN without inner bins. */
  activeShare: number;
  /**
   * The share a steady stream of the same packets would keep active: 1 unsampled; under 1-in-N
   * sampling 1 - e^-k for k sampled packets per bin, since a thinned steady stream leaves bins
   * empty by chance (at 1:100 a miner's 50 packets a bin are half a sampled packet).
   */
  expectedActiveShare: number;
  /**
   * Variance over mean of the packets per active inner bin (every inner bin under sampling),
   * divided by the sampling rate (a thinned count's variance grows with N): about 1 for a Poisson
   * stream, far below for a timer, far above for bursts. NaN with fewer than two active inner bins.
   */
  dispersion: number;
  /** Packets per active inner bin (every inner bin under sampling), in sampled packets; NaN as dispersion. */
  meanPerBin: number;
  /** False when too many records were longer than a bin for bins to mean anything. */
  binsMeaningful: boolean;
}

export function activityOf(f: ActivityFigures, records: number): Activity {
  // Inner bins: every held bin but the first and the last, and every folded bin.
  const inner = f.counts.slice(1, -1);
  const bins = f.folded.bins + inner.length;
  let active = f.folded.active;
  let sum = f.folded.sum;
  let squares = f.folded.squares;
  for (const c of inner) {
    if (c > 0) active++;
    sum += c;
    squares += c * c;
  }
  const sampling = Math.max(1, f.sampling);
  const expectedActiveShare = sampling > 1 && bins > 0 ? 1 - Math.exp(-sum / sampling / bins) : 1;
  const activeShare = bins > 0 ? active / bins : Number.NaN;
  const binsMeaningful = !(f.longRecords > MAX_LONG_RECORD_SHARE * records);
  if (!(active >= 2)) return { bins, activeShare, expectedActiveShare, dispersion: Number.NaN, meanPerBin: Number.NaN, binsMeaningful };
  // Unsampled, over the active bins (a rig switched off for the night is not bursty). Sampled,
  // over every inner bin: thinning empties bins by chance, and a thinned Poisson count with its
  // zeros still has variance/mean N.
  const over = sampling > 1 ? bins : active;
  const mean = sum / over;
  const variance = Math.max(0, squares / over - mean * mean);
  return {
    bins,
    activeShare,
    expectedActiveShare,
    dispersion: mean > 0 ? variance / mean / sampling : Number.NaN,
    meanPerBin: mean / sampling,
    binsMeaningful,
  };
}

interface BinList {
  firstBin: number;
  counts: number[];
}

export class ActivityBins {
  private readonly rows: Float64Array;
  /** Slots whose packets reached a second bin. */
  private readonly lists = new Map<number, BinList>();

  constructor(slots: number) {
    this.rows = new Float64Array(slots * FIGURES);
  }

  start(slot: number): void {
    const r = this.rows;
    const row = slot * FIGURES;
    r[row + FIRST_BIN] = Number.NaN;
    r[row + FIRST_COUNT] = 0;
    r[row + SAMPLING] = 1;
    r[row + LONG_RECORDS] = 0;
    r[row + FOLDED_BINS] = 0;
    r[row + FOLDED_ACTIVE] = 0;
    r[row + FOLDED_SUM] = 0;
    r[row + FOLDED_SQUARES] = 0;
    r[row + FOLDED_EVER] = 0;
    if (this.lists.size > 0) this.lists.delete(slot);
  }

  /** A record's packets, both directions, in the bin of its end. */
  addRecord(slot: number, first: number, last: number, packets: number, sampling: number): void {
    const r = this.rows;
    const row = slot * FIGURES;
    if (sampling > r[row + SAMPLING]) r[row + SAMPLING] = sampling;
    if (last - first > BIN_SECONDS) r[row + LONG_RECORDS] += 1;
    const total = counter(packets);
    const bin = Math.floor(last / BIN_SECONDS);
    if (total > 0 && Number.isFinite(bin)) this.addToBin(slot, bin, total);
  }

  figuresAt(slot: number): ActivityFigures {
    const r = this.rows;
    const row = slot * FIGURES;
    const list = this.lists.size > 0 ? this.lists.get(slot) : undefined;
    const firstBin = list ? list.firstBin : r[row + FIRST_BIN];
    return {
      firstBin,
      counts: list ? [...list.counts] : Number.isNaN(firstBin) ? [] : [r[row + FIRST_COUNT]],
      sampling: r[row + SAMPLING],
      longRecords: r[row + LONG_RECORDS],
      folded: { bins: r[row + FOLDED_BINS], active: r[row + FOLDED_ACTIVE], sum: r[row + FOLDED_SUM], squares: r[row + FOLDED_SQUARES] },
    };
  }

  /** Folds in the same triplet's figures from another window part: bins add up one by one. */
  merge(slot: number, other: ActivityFigures): void {
    const r = this.rows;
    const row = slot * FIGURES;
    if (other.sampling > r[row + SAMPLING]) r[row + SAMPLING] = other.sampling;
    r[row + LONG_RECORDS] += other.longRecords;
    r[row + FOLDED_BINS] += other.folded.bins;
    r[row + FOLDED_ACTIVE] += other.folded.active;
    r[row + FOLDED_SUM] += other.folded.sum;
    r[row + FOLDED_SQUARES] += other.folded.squares;
    if (other.folded.bins > 0) r[row + FOLDED_EVER] = 1;
    other.counts.forEach((count, i) => {
      // Empty bins inside the other part still stretch the span: add them as zeros.
      this.addToBin(slot, other.firstBin + i, count);
    });
  }

  private addToBin(slot: number, bin: number, count: number): void {
    const r = this.rows;
    const row = slot * FIGURES;
    let list = this.lists.size > 0 ? this.lists.get(slot) : undefined;
    if (!list) {
      const first = r[row + FIRST_BIN];
      if (Number.isNaN(first)) {
        r[row + FIRST_BIN] = bin;
        r[row + FIRST_COUNT] = count;
        return;
      }
      if (bin === first) {
        r[row + FIRST_COUNT] += count;
        return;
      }
      list = { firstBin: first, counts: [r[row + FIRST_COUNT]] };
      this.lists.set(slot, list);
    }
    if (bin < list.firstBin) {
      // An earlier bin: the list grows at its front (as long as it stays within MAX_BINS).
      const grow = list.firstBin - bin;
      if (grow + list.counts.length > MAX_BINS) {
        list.counts[0] += count; // older than a day before the newest: the oldest bin held takes it
        return;
      }
      list.counts.unshift(...new Array<number>(grow).fill(0));
      list.firstBin = bin;
    }
    const at = bin - list.firstBin;
    while (list.counts.length <= at) list.counts.push(0);
    list.counts[at] += count;
    this.foldPast(slot, list);
  }

  /** Keeps at most MAX_BINS bins, folding the oldest into the running sums. */
  private foldPast(slot: number, list: BinList): void {
    const excess = list.counts.length - MAX_BINS;
    if (excess <= 0) return;
    const r = this.rows;
    const row = slot * FIGURES;
    // The first bin is an edge, never judged; the bins after it become folded inner bins.
    const gone = list.counts.splice(0, excess);
    for (const c of gone.slice(r[row + FOLDED_EVER] === 1 ? 0 : 1)) {
      r[row + FOLDED_BINS] += 1;
      if (c > 0) r[row + FOLDED_ACTIVE] += 1;
      r[row + FOLDED_SUM] += c;
      r[row + FOLDED_SQUARES] += c * c;
    }
    r[row + FOLDED_EVER] = 1;
    list.firstBin += excess;
  }
}
