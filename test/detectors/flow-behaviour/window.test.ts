import { BEHAVIOUR_CODES } from '../../../detectors/flow-behaviour/codes';
import { TripletTable } from '../../../detectors/flow-behaviour/triplet-table';
import { MAX_SESSIONS_PER_TRIPLET } from '../../../detectors/flow-behaviour/triplet-stats';
import { makeFlow } from '../../helpers/flows';
import { connection, PROFILES, T0 } from './records';
import { behaviourRun, codesOf, sweepAfter } from './run';

const HOUR = 3600;
const miner = (extra: Partial<Parameters<typeof connection>[0]> = {}) =>
  connection({ seconds: HOUR, recordSeconds: 60, ...PROFILES.miner, ...extra });

describe('flow-behaviour: sweeps over a window', () => {
  it('reports a triplet once: a second sweep without new records adds nothing', () => {
    const run = behaviourRun();
    const first = sweepAfter(run, miner());
    expect(codesOf(first)).toEqual([BEHAVIOUR_CODES.stratumLike]);
    expect(run.sweep!(T0 + HOUR)).toEqual([]);
  });

  it('reports only the records added since the last sweep, under the same dedup key', () => {
    const run = behaviourRun();
    const records = miner();
    const [early] = sweepAfter(run, records.slice(0, 40));
    const [late] = sweepAfter(run, records.slice(40));
    expect(late.dedupKey).toBe(early.dedupKey);
    expect(early.count + late.count).toBe(records.length);
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
    const records = miner();
    sweepAfter(run, records.slice(0, 30));
    run.sweep!(T0 + HOUR + 1800); // 1 h after its last record: inside the window
    const [rest] = sweepAfter(run, records.slice(30));
    expect(rest.count).toBe(30);
  });

  it('judges a triplet pushed out of a full table before dropping it', () => {
    const run = behaviourRun({ maxTriplets: 1 });
    const first = miner();
    const other = miner({ client: '192.168.1.11' });
    const evicted = [...first, other[0]].flatMap((f) => run.inspect(f));
    expect(codesOf(evicted)).toEqual([BEHAVIOUR_CODES.stratumLike]);
    expect(evicted[0].subject).toBe('192.168.1.10');
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
