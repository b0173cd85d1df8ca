import fc from 'fast-check';
import { activityOf, ActivityBins, BIN_SECONDS, MAX_BINS, NO_ACTIVITY, type ActivityFigures } from '../../../detectors/flow-behaviour/activity-bins';

const B = 5_666_000; // an absolute bin index near T0
const at = (bin: number, offset = 0) => bin * BIN_SECONDS + offset;
const fresh = () => {
  const bins = new ActivityBins(2);
  bins.start(0);
  return bins;
};
/** Every packet the figures hold, in held and in folded bins. */
const total = (f: ActivityFigures) => f.counts.reduce((sum, c) => sum + c, 0) + f.folded.sum;
const figures = (change: Partial<ActivityFigures>): ActivityFigures => ({ ...NO_ACTIVITY, ...change });

describe('activity bins', () => {
  it('starts empty', () => {
    expect(fresh().figuresAt(0)).toEqual(NO_ACTIVITY);
    expect(activityOf(NO_ACTIVITY, 0)).toMatchObject({ bins: 0, expectedActiveShare: 1, binsMeaningful: true });
    expect(activityOf(NO_ACTIVITY, 0).activeShare).toBeNaN();
    expect(activityOf(NO_ACTIVITY, 0).dispersion).toBeNaN();
  });

  it('counts a record whole in the absolute bin of its end', () => {
    const bins = fresh();
    bins.addRecord(0, at(B, 10), at(B, 250), 7, 1);
    expect(bins.figuresAt(0)).toMatchObject({ firstBin: B, counts: [7] });
    bins.addRecord(0, at(B, 260), at(B, 260), 2, 1); // zero-length
    expect(bins.figuresAt(0)).toMatchObject({ firstBin: B, counts: [9] });
    // Started in B, ended in B + 1: all of it in B + 1, nothing spread back into B.
    bins.addRecord(0, at(B, 200), at(B + 1, 100), 10, 1);
    expect(bins.figuresAt(0)).toMatchObject({ firstBin: B, counts: [9, 10], longRecords: 0 });
  });

  it('judges only the inner bins: the first and last stay open, empty bins between count as inactive', () => {
    const bins = fresh();
    for (const [bin, packets] of [[B, 100], [B + 1, 4], [B + 2, 6], [B + 4, 8], [B + 5, 1]] as const) bins.addRecord(0, at(bin, 100), at(bin, 200), packets, 1);
    const f = bins.figuresAt(0);
    expect(f).toMatchObject({ firstBin: B, counts: [100, 4, 6, 0, 8, 1] });
    const a = activityOf(f, 5);
    expect(a.bins).toBe(4);
    expect(a.activeShare).toBe(0.75);
    // Over the active inner bins 4, 6, 8: mean 6, variance 8/3.
    expect(a.dispersion).toBeCloseTo(8 / 3 / 6, 12);
  });

  it('counts records longer than a bin, and past a tenth of the records calls the bins meaningless', () => {
    const bins = fresh();
    for (let i = 0; i < 9; i++) bins.addRecord(0, at(B + i, 0), at(B + i, 60), 5, 1);
    bins.addRecord(0, at(B + 9, 0), at(B + 9, 0) + BIN_SECONDS, 5, 1); // exactly a bin: not longer
    expect(bins.figuresAt(0).longRecords).toBe(0);
    bins.addRecord(0, at(B, 10), at(B + 60, 10), 500, 1); // 5 hours, in its last bin only
    const f = bins.figuresAt(0);
    expect(f.longRecords).toBe(1);
    expect(f.counts[60]).toBe(500);
    expect(total(f)).toBe(9 * 5 + 5 + 500);
    // 1 long record of 11: meaningful. 2 of 11: more than a tenth.
    expect(activityOf(f, 11).binsMeaningful).toBe(true);
    expect(activityOf(f, 10).binsMeaningful).toBe(true);
    expect(activityOf(f, 9).binsMeaningful).toBe(false);
    bins.addRecord(0, at(B + 61, 0), at(B + 62, 100), 5, 1);
    expect(activityOf(bins.figuresAt(0), 12).binsMeaningful).toBe(false);
  });

  it('records the largest sampling rate, with or without packets, and judges the expected share by it', () => {
    const bins = fresh();
    bins.addRecord(0, at(B, 0), at(B, 10), 0, 10);
    expect(bins.figuresAt(0)).toMatchObject({ sampling: 10, counts: [] });
    expect(bins.figuresAt(0).firstBin).toBeNaN();
    bins.addRecord(0, at(B, 0), at(B, 100), 40, 5);
    expect(bins.figuresAt(0).sampling).toBe(10);
    // Inner bins of 30, 0 and 90 packets: 40 a bin, 4 sampled at 1:10.
    const f = figures({ firstBin: B, counts: [5, 30, 0, 90, 5], sampling: 10 });
    expect(activityOf(f, 5).expectedActiveShare).toBeCloseTo(1 - Math.exp(-4), 12);
    expect(activityOf({ ...f, sampling: 1 }, 5).expectedActiveShare).toBe(1);
  });

  it('takes the dispersion over active inner bins unsampled, over every inner bin sampled, divided by the rate', () => {
    // Inner bins of 5, 0 and 15 packets.
    const f = figures({ firstBin: B, counts: [1, 5, 0, 15, 1] });
    // Unsampled, the active ones: 5 and 15, mean 10, variance 25.
    expect(activityOf(f, 5).dispersion).toBeCloseTo(25 / 10, 12);
    // Sampled 1:4, all three: mean 20/3, variance 250/3 - 400/9, then over the rate.
    const mean = 20 / 3;
    expect(activityOf({ ...f, sampling: 4 }, 5).dispersion).toBeCloseTo((250 / 3 - mean * mean) / mean / 4, 12);
  });

  it('adds the two directions of a unidirectional export up like one bidirectional record', () => {
    // A record in bin B, then one 60 s slice crossing into B + 2, reported as two records (NetFlow v9).
    const add = (records: Array<[number, number, number]>) => {
      const bins = fresh();
      for (const [first, last, packets] of records) bins.addRecord(0, first, last, packets, 1);
      return bins.figuresAt(0);
    };
    const head: [number, number, number] = [at(B, 10), at(B, 20), 3];
    const slice = [at(B + 1, 270), at(B + 2, 30)] as const;
    const bidirectional = add([head, [slice[0], slice[1], 11]]);
    expect(bidirectional).toMatchObject({ firstBin: B, counts: [3, 0, 11] });
    expect(add([head, [slice[0], slice[1], 6], [slice[0], slice[1], 5]])).toEqual(bidirectional);
    expect(add([[slice[0], slice[1], 5], head, [slice[0], slice[1], 6]])).toEqual(bidirectional);
  });

  it('forgets a slot when it starts again', () => {
    const bins = fresh();
    bins.addRecord(0, at(B), at(B + 3), 30, 2);
    bins.addRecord(0, at(B + 4), at(B + 4, 10), 30, 2);
    bins.start(0);
    expect(bins.figuresAt(0)).toEqual(NO_ACTIVITY);
  });

  it(`holds ${MAX_BINS} bins and folds older ones into running sums, judged as the bins they were`, () => {
    const n = MAX_BINS + 12;
    const packets = (i: number) => (i % 7 === 3 ? 0 : 10 + (i % 5));
    const bins = fresh();
    for (let i = 0; i < n; i++) if (packets(i) > 0) bins.addRecord(0, at(B + i, 0), at(B + i, 60), packets(i), 1);
    const f = bins.figuresAt(0);
    expect(f.counts).toHaveLength(MAX_BINS);
    expect(f.firstBin).toBe(B + n - MAX_BINS);
    // The first (edge) bin leaves unjudged; the 11 after it are folded inner bins.
    expect(f.folded.bins).toBe(n - MAX_BINS - 1);
    // Judged: the folded bins and the held ones between the first and the last held. The first
    // held bin is judged as an edge although it is a whole bin (it joins the folded ones later):
    // one bin of the day left out, as the code documents.
    const firstHeld = n - MAX_BINS;
    const inner = Array.from({ length: n - 2 }, (_, i) => i + 1).filter((i) => i !== firstHeld).map(packets);
    const active = inner.filter((c) => c > 0);
    const mean = active.reduce((s, c) => s + c, 0) / active.length;
    const variance = active.reduce((s, c) => s + c * c, 0) / active.length - mean * mean;
    const a = activityOf(f, active.length + 2);
    expect(a.bins).toBe(n - 3);
    expect(a.activeShare).toBeCloseTo(active.length / inner.length, 12);
    expect(a.dispersion).toBeCloseTo(variance / mean, 12);
  });
});

/** Records within a few hours, any length, any order, some sampled. */
const anyRecord = fc.record({
  first: fc.double({ min: at(B), max: at(B + 40), noNaN: true }),
  length: fc.double({ min: 0, max: 3000, noNaN: true }),
  packets: fc.integer({ min: 0, max: 500 }),
  sampling: fc.constantFrom(1, 1, 10),
});
type AnyRecord = { first: number; length: number; packets: number; sampling: number };
const add = (bins: ActivityBins, records: readonly AnyRecord[]) => {
  for (const r of records) bins.addRecord(0, r.first, r.first + r.length, r.packets, r.sampling);
};
const byEnd = (records: readonly AnyRecord[]) => [...records].sort((a, b) => a.first + a.length - (b.first + b.length));

describe('activity bins: merging window parts', () => {
  it('adds records up exactly in any order: the figures are those of the records by end time', () => {
    fc.assert(
      fc.property(fc.array(anyRecord, { maxLength: 30 }), (records) => {
        const anyOrder = fresh();
        add(anyOrder, records);
        const inOrder = fresh();
        add(inOrder, byEnd(records));
        expect(anyOrder.figuresAt(0)).toEqual(inOrder.figuresAt(0));
        expect(total(anyOrder.figuresAt(0))).toBe(records.reduce((s, r) => s + r.packets, 0));
      }),
      { numRuns: 500 },
    );
  });

  it('merges parts in any order exactly as adding their records: figures and judged activity', () => {
    fc.assert(
      fc.property(fc.array(fc.array(anyRecord, { maxLength: 12 }), { minLength: 1, maxLength: 4 }), fc.nat(), (parts, rotate) => {
        const whole = fresh();
        add(whole, parts.flat());
        const merged = fresh();
        const order = parts.map((_, i) => parts[(i + rotate) % parts.length]);
        for (const records of order) {
          const part = fresh();
          add(part, records);
          merged.merge(0, part.figuresAt(0));
        }
        const f = merged.figuresAt(0);
        expect(f).toEqual(whole.figuresAt(0));
        const count = parts.flat().length;
        expect(activityOf(f, count)).toEqual(activityOf(whole.figuresAt(0), count));
        expect(f.sampling).toBe(Math.max(1, ...parts.flat().map((r) => r.sampling)));
      }),
      { numRuns: 500 },
    );
  });

  it('merges into an empty slot as the part itself', () => {
    fc.assert(
      fc.property(fc.array(anyRecord, { maxLength: 30 }), (records) => {
        const part = fresh();
        add(part, records);
        const merged = fresh();
        merged.merge(0, part.figuresAt(0));
        expect(merged.figuresAt(0)).toEqual(part.figuresAt(0));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the empty bins inside a part: they stretch the span as zeros', () => {
    const part = fresh();
    part.addRecord(0, at(B + 1, 0), at(B + 1, 10), 4, 1);
    part.addRecord(0, at(B + 4, 0), at(B + 4, 10), 6, 1);
    const merged = fresh();
    merged.addRecord(0, at(B, 0), at(B, 10), 2, 1);
    merged.merge(0, part.figuresAt(0));
    expect(merged.figuresAt(0)).toMatchObject({ firstBin: B, counts: [2, 4, 0, 0, 6] });
  });
});
