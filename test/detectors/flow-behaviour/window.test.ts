import { BEHAVIOUR_CODES } from '../../../detectors/flow-behaviour/codes';
import { TripletTable } from '../../../detectors/flow-behaviour/triplet-table';
import { MAX_SESSIONS_PER_TRIPLET } from '../../../detectors/flow-behaviour/triplet-stats';
import { makeFlow } from '../../helpers/flows';
import { miner as stratum, T0, type MinerSketch } from './records';
import { behaviourRun, codesOf, sweepAfter } from './run';

const HOUR = 3600;
/** An hour of a Poisson-like miner in 60 s records (records.ts). */
const miner = (extra: Partial<MinerSketch> = {}) => stratum({ seconds: HOUR, recordSeconds: 60, ...extra });

describe('flow-behaviour: sweeps over a window', () => {
  it('reports a triplet once: a second sweep without new records adds nothing', () => {
    const run = behaviourRun();
    const first = sweepAfter(run, miner());
    expect(codesOf(first)).toEqual([BEHAVIOUR_CODES.sustained]);
    expect(run.sweep!(T0 + HOUR)).toEqual([]);
  });

  it('reports only the records added since the last sweep, under the same dedup key', () => {
    // Two hours: sustained after the first 80 minutes already, so the code stays the same.
    const run = behaviourRun();
    const records = miner({ seconds: 2 * HOUR });
    const [early] = sweepAfter(run, records.slice(0, 80));
    const [late] = sweepAfter(run, records.slice(80));
    expect([early.code, late.code]).toEqual([BEHAVIOUR_CODES.sustained, BEHAVIOUR_CODES.sustained]);
    expect(late.dedupKey).toBe(early.dedupKey);
    expect([early.count, late.count]).toEqual([80, records.length - 80]);
  });

  it('reports a triplet again in full under the stronger code once it grows into it', () => {
    // Half an hour is stratum-like; the full hour is sustained: a new code counts every record.
    const run = behaviourRun();
    const records = miner();
    const [early] = sweepAfter(run, records.slice(0, 30));
    const [late] = sweepAfter(run, records.slice(30));
    expect(early).toMatchObject({ code: BEHAVIOUR_CODES.stratumLike, count: 30 });
    expect(late).toMatchObject({ code: BEHAVIOUR_CODES.sustained, count: records.length });
    expect(late.dedupKey).not.toBe(early.dedupKey);
  });

  it('forgets a triplet idle past the window, after judging it', () => {
    const run = behaviourRun({ windowSeconds: 2 * HOUR });
    const [judged] = sweepAfter(run, miner());
    expect(judged.count).toBe(60);
    // Three hours later a single record on the same triplet starts from nothing.
    const later = miner({ start: T0 + 4 * HOUR }).slice(0, 1);
    expect(run.sweep!(T0 + 4 * HOUR)).toEqual([]);
    expect(sweepAfter(run, later)).toEqual([]);
  });

  it('keeps a triplet that is still within the window', () => {
    const run = behaviourRun({ windowSeconds: 2 * HOUR });
    const records = miner({ seconds: 2 * HOUR });
    const [early] = sweepAfter(run, records.slice(0, 80));
    run.sweep!(T0 + 80 * 60 + HOUR); // 1 h after its last record: inside the window
    const [rest] = sweepAfter(run, records.slice(80));
    expect(rest).toMatchObject({ code: early.code, dedupKey: early.dedupKey, count: records.length - 80 });
  });

  it('judges a triplet pushed out of a full table before dropping it', () => {
    const run = behaviourRun({ maxTriplets: 1 });
    const first = miner();
    const other = miner({ client: '192.168.1.11', seed: 2 });
    const evicted = [...first, other[0]].flatMap((f) => run.inspect(f));
    expect(codesOf(evicted)).toEqual([BEHAVIOUR_CODES.sustained]);
    expect(evicted[0].subject).toBe('192.168.1.10');
    expect(evicted[0].facts.peers).toBe('few');
  });
});

describe('triplet table bounds', () => {
  it('holds at most its capacity of 300k distinct triplets, least recently active out first', () => {
    const capacity = 200_000;
    const table = new TripletTable(capacity, 100);
    const base = makeFlow({ source: 'flow-export' });
    let evicted = 0;
    let outOfOrder = 0;
    for (let i = 0; i < 300_000; i++) {
      const client = { ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, port: 50_000 };
      const out = table.add({ ...base, client, firstSeen: T0 + i, lastSeen: T0 + i + 1 });
      if (out && out.firstSeen !== T0 + evicted++) outOfOrder++;
    }
    expect(table.size).toBe(capacity);
    expect(evicted).toBe(100_000);
    expect(outOfOrder).toBe(0);
  });

  it('remembers at most a fixed number of sessions per triplet and folds the rest into totals', () => {
    const table = new TripletTable(10, 100);
    for (let port = 1; port <= 100; port++) table.add(makeFlow({ source: 'flow-export', clientPort: port, firstSeen: T0 + port, lastSeen: T0 + port + 10 }));
    const [stats] = [...table.values()];
    expect(stats.sessions.length).toBe(MAX_SESSIONS_PER_TRIPLET);
    expect(stats.retiredSessions + stats.sessions.length).toBe(100);
    expect(stats.records).toBe(100);
  });

  it('ignores records it cannot place in time, and anything not TCP', () => {
    const table = new TripletTable(10, 100);
    expect(table.add(makeFlow({ firstSeen: Number.NaN }))).toBeUndefined();
    table.add(makeFlow({ protocol: 17 }));
    expect(table.size).toBe(0);
  });
});
