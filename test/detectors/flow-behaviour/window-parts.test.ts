/**
 * Scale-out: workers inspect consecutive files without sweeping and export their windows; one run
 * absorbs the parts in order and sweeps. That must answer what one run over every file answers.
 */
import fc from 'fast-check';
import type { FlowRecord } from '../../../src/detect/api';
import { BEHAVIOUR_CODES } from '../../../detectors/flow-behaviour/codes';
import { makeFlow } from '../../helpers/flows';
import { arbitraryFlow } from '../pool-domain/arbitrary-flow';
import { absorbAll, byEndTime, cutAt, latest, partsOf, skippedBy, throughJson } from './parts';
import { consecutiveFiles, tcpRecord, WIDE_OPEN_PROFILE } from './random-streams';
import { miner, T0, unidirectional } from './records';
import { behaviourRun, codesOf, defaults, sweepAfter } from './run';

const MINUTE = 60;
const FIVE_MINUTES = 300;

/** Every threshold wide open, so random records get verdicts and their facts get compared. */
const WIDE_OPEN = { minObservedSeconds: 0, profile: WIDE_OPEN_PROFILE };

/** A few home clients and one outside (never tracked), two servers and ports, four client ports. */
const streamRecord = tcpRecord({
  clients: ['192.168.1.10', '192.168.1.11', '10.0.0.7', '198.51.100.77'],
  servers: ['203.0.113.5', '198.51.100.9'],
  serverPorts: [3333, 443],
  clientPorts: [40_000, 40_001, 40_002, 40_003],
});
const cutStreams = consecutiveFiles(streamRecord);
/**
 * One triplet's records, none longer than 100 s, over two hours: the bins are meaningful and
 * often hold two active inner bins, so a dispersion is judged and the activity comparison bites
 * (random streams of a dozen triplets and long records rarely get that far).
 */
const denseStreams = consecutiveFiles(
  tcpRecord({ clients: ['192.168.1.10'], servers: ['203.0.113.5'], serverPorts: [3333], clientPorts: [40_000, 40_001] }).map((r) => ({
    ...r,
    lastSeen: r.firstSeen + Math.min(r.lastSeen - r.firstSeen, 100),
  })),
);
/** An hour of a Poisson-like miner among random records, by end time, cut into 1-4 files: the default profile judges it. */
const minerStreams = fc
  .tuple(fc.integer({ min: 1, max: 1000 }), fc.constantFrom(60, 300), fc.array(streamRecord, { maxLength: 20 }), fc.array(fc.nat(90), { maxLength: 3 }))
  .map(([seed, recordSeconds, others, cuts]) => {
    const records = byEndTime([...miner({ seed, seconds: 3600, recordSeconds }), ...others]);
    return { records, files: cutAt(records, cuts) };
  });
const streams = fc.oneof(cutStreams, denseStreams, minerStreams);

describe('flow-behaviour window parts: merged equals one run', () => {
  it.each([
    ['the default profile', {}],
    ['a wide-open profile (every triplet judged)', WIDE_OPEN],
  ])('gives the same window and evidence for consecutive files, activity included, with %s', (_, settings) => {
    // Records count in the bin of their end and bins add up one by one: exact in every figure.
    let judged = 0;
    let active = 0;
    fc.assert(
      fc.property(streams, ({ records, files }) => {
        // Far above the dozen triplets the records name: no eviction, and small tables are quick.
        const newRun = () => behaviourRun({ ...settings, maxTriplets: 64 });
        const now = latest(records);
        const whole = newRun();
        const wholeInspected = records.flatMap((r) => whole.inspect(r));
        const { parts, inspected } = partsOf(newRun, files);
        const merged = newRun();
        expect(absorbAll(merged, parts)).toBe(0);
        expect(merged.exportWindow!()).toEqual(whole.exportWindow!());
        const evidence = [...inspected, ...merged.sweep!(now)];
        expect(evidence).toEqual([...wholeInspected, ...whole.sweep!(now)]);
        judged += evidence.length;
        active += evidence.filter((e) => e.facts.dispersion !== -1).length;
      }),
      { numRuns: 300 },
    );
    // Verdicts that judged the bins (a dispersion stated): the activity comparison bites.
    expect(judged).toBeGreaterThan(0);
    expect(active).toBeGreaterThan(0);
  });

  it('is exact in activity too when each file starts in a later 5-minute bin than the last one ended', () => {
    // Each file's records shifted by a day: no record reaches back into an earlier file's bins.
    const DAY = 86_400;
    let judged = 0;
    fc.assert(
      fc.property(streams, ({ files }) => {
        const shifted = files.map((file, i) => file.map((r) => ({ ...r, firstSeen: r.firstSeen + i * DAY, lastSeen: r.lastSeen + i * DAY })));
        const records = shifted.flat();
        const newRun = () => behaviourRun({ ...WIDE_OPEN, maxTriplets: 64 });
        const whole = newRun();
        const wholeInspected = records.flatMap((r) => whole.inspect(r));
        const { parts, inspected } = partsOf(newRun, shifted);
        const merged = newRun();
        expect(absorbAll(merged, parts)).toBe(0);
        expect(merged.exportWindow!()).toEqual(whole.exportWindow!());
        const evidence = [...inspected, ...merged.sweep!(latest(records))];
        expect(evidence).toEqual([...wholeInspected, ...whole.sweep!(latest(records))]);
        judged += evidence.filter((e) => e.facts.dispersion !== -1).length;
      }),
      { numRuns: 300 },
    );
    expect(judged).toBeGreaterThan(0);
  });

  it('joins parts of parts: merging is associative for consecutive files', () => {
    fc.assert(
      fc.property(streams, ({ records, files }) => {
        const newRun = () => behaviourRun({ ...WIDE_OPEN, maxTriplets: 64 });
        const { parts } = partsOf(newRun, files);
        const half = Math.ceil(parts.length / 2);
        const joined = [parts.slice(0, half), parts.slice(half)].map((some) => {
          const run = newRun();
          absorbAll(run, some);
          return throughJson(run.exportWindow!());
        });
        const top = newRun();
        absorbAll(top, joined);
        const whole = newRun();
        for (const r of records) whole.inspect(r);
        expect(top.exportWindow!()).toEqual(whole.exportWindow!());
        expect(top.sweep!(latest(records))).toEqual(whole.sweep!(latest(records)));
      }),
      { numRuns: 200 },
    );
  });

  it('takes records in any order: every figure exact, activity included, but the server silence, which is never shorter', () => {
    const LONGEST_RECORD_GAP = 16;
    // Mostly one session within an hour, so that its records often straddle a boundary out of order.
    const oneSession = streamRecord.map((r) => {
      const earlier = (r.firstSeen - T0) / 2;
      const [client, server] = [{ ip: '192.168.1.10', port: 40_000 }, { ip: '203.0.113.5', port: 3333 }];
      return { ...r, client, server, firstSeen: r.firstSeen - earlier, lastSeen: r.lastSeen - earlier };
    });
    const anyOrder = fc.tuple(
      fc.array(fc.oneof(oneSession, oneSession, streamRecord), { minLength: 1, maxLength: 60 }),
      fc.array(fc.nat(60), { maxLength: 3 }),
    );
    let longer = 0;
    fc.assert(
      fc.property(anyOrder, ([records, cuts]) => {
        const newRun = () => behaviourRun({ maxTriplets: 64 });
        const whole = newRun();
        for (const r of records) whole.inspect(r);
        const merged = newRun();
        absorbAll(merged, partsOf(newRun, cutAt(records, cuts)).parts);
        const wholeRows = whole.exportWindow!().rows as unknown[][];
        const mergedRows = merged.exportWindow!().rows as unknown[][];
        const butGap = (rows: unknown[][]) => rows.map((row) => row.filter((_, i) => i !== LONGEST_RECORD_GAP));
        expect(butGap(mergedRows)).toEqual(butGap(wholeRows));
        mergedRows.forEach((row, i) => {
          const [gap, wholeGap] = [row[LONGEST_RECORD_GAP] as number, wholeRows[i][LONGEST_RECORD_GAP] as number];
          expect(gap).toBeGreaterThanOrEqual(wholeGap);
          if (gap > wholeGap) longer++;
        });
      }),
      // About one stream in 80 shows a longer silence: enough runs that some always do.
      { numRuns: 1000 },
    );
    // The property would hold vacuously if no stream ever overlapped a boundary.
    expect(longer).toBeGreaterThan(0);
  });

  it('carries odd values exactly through JSON: a part absorbed by an empty run exports the same again', () => {
    const junk = fc.array(
      arbitraryFlow.map((f) => ({ ...f, protocol: 6 })),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(junk, fc.double({ min: 1.6e9, max: 1.8e9, noNaN: true }), (records, now) => {
        const newRun = () => behaviourRun({ homeClientsOnly: false, minObservedSeconds: 0, maxTriplets: 16 });
        const worker = newRun();
        for (const r of records) worker.inspect(r);
        const part = worker.exportWindow!();
        const merged = newRun();
        expect(skippedBy(merged, throughJson(part))).toBe(0);
        expect(merged.exportWindow!()).toEqual(part);
        expect(merged.sweep!(now)).toEqual(worker.sweep!(now));
      }),
      { numRuns: 300 },
    );
  });

  it('encodes NaN, infinities and -0 so that JSON keeps them', () => {
    const odd = (extra: Partial<FlowRecord>) => makeFlow({ source: 'flow-export', firstSeen: T0, lastSeen: T0 + 60, extra: { payload: undefined, ...extra } });
    const records = [
      odd({ client: { ip: '192.168.1.10', port: Number.NaN } }),
      odd({ client: { ip: '192.168.1.10', port: -0 }, server: { ip: '203.0.113.5', port: -0 } }),
      odd({ toServer: { packets: 1e308, bytes: 1e308, payloadBytes: 0, tcpFlags: 0x18 } }),
      odd({ toServer: { packets: 1e308, bytes: 1e308, payloadBytes: 0, tcpFlags: 0x18 } }),
    ];
    const worker = behaviourRun();
    for (const r of records) worker.inspect(r);
    const part = throughJson(worker.exportWindow!());
    expect(JSON.stringify(part)).toContain('"-0"');
    expect(JSON.stringify(part)).toContain('"Infinity"');
    expect(JSON.stringify(part)).toContain('null');
    const merged = behaviourRun();
    skippedBy(merged, part);
    expect(merged.exportWindow!()).toEqual(worker.exportWindow!());
  });
});

describe('flow-behaviour window parts: a mining session over three five-minute exports', () => {
  // 15 min of Stratum in 60 s records; each export holds the records that ended in its 5 minutes.
  const exportsOf = (records: FlowRecord[]) =>
    [0, 1, 2].map((i) => records.filter((r) => r.lastSeen > T0 + i * FIVE_MINUTES && r.lastSeen <= T0 + (i + 1) * FIVE_MINUTES));
  const mining = miner({ seconds: 3 * FIVE_MINUTES, recordSeconds: MINUTE });

  it('is no more than weak in any one export (no session long-lived yet), and stratum-like once they are joined', () => {
    const files = exportsOf(mining);
    const { longLivedSeconds } = defaults().detectors.stratumProfile;
    for (const file of files) {
      const evidence = sweepAfter(behaviourRun(), file);
      expect(codesOf(evidence).filter((c) => c !== BEHAVIOUR_CODES.weak)).toEqual([]);
      for (const e of evidence) expect(e.facts.durationSeconds).toBeLessThanOrEqual(longLivedSeconds);
    }
    const merged = behaviourRun();
    expect(absorbAll(merged, partsOf(behaviourRun, files).parts)).toBe(0);
    const evidence = merged.sweep!(latest(mining));
    expect(codesOf(evidence)).toEqual([BEHAVIOUR_CODES.stratumLike]);
    expect(evidence[0]).toMatchObject({ subject: '192.168.1.10', count: 15, firstSeen: T0, lastSeen: T0 + 900 });
    expect(evidence[0].facts).toMatchObject({ durationSeconds: 900, periodicPushes: 'yes' });
    expect(evidence).toEqual(sweepAfter(behaviourRun(), mining));
  });

  it('sees the server fall silent across the boundary between two exports', () => {
    // Server records from 240 s to 420 s are missing: silent from the end of the first export on.
    const quiet = unidirectional(mining).filter((r) => !(r.toClient.packets > 0 && r.firstSeen >= T0 + 240 && r.firstSeen < T0 + 420));
    const files = exportsOf(quiet);
    const merged = behaviourRun();
    absorbAll(merged, partsOf(behaviourRun, files).parts);
    const evidence = merged.sweep!(latest(quiet));
    expect(evidence[0].facts.periodicPushes).toBe('no');
    expect(evidence).toEqual(sweepAfter(behaviourRun(), quiet));
  });

  it('judges an absorbed triplet at the next sweep even when it was judged before', () => {
    const records = miner({ seconds: 3600, recordSeconds: MINUTE });
    const run = behaviourRun();
    const [early] = sweepAfter(run, records.slice(0, 30));
    absorbAll(run, partsOf(behaviourRun, [records.slice(30)]).parts);
    const [late] = run.sweep!(latest(records));
    // Half an hour is stratum-like; the hour, once absorbed, is sustained: a new code, all its records.
    expect(early.code).toBe(BEHAVIOUR_CODES.stratumLike);
    expect(late).toMatchObject({ code: BEHAVIOUR_CODES.sustained, count: 60 });
  });
});

describe('flow-behaviour window parts: what absorbing refuses', () => {
  const rig = miner({ seconds: 3600, recordSeconds: FIVE_MINUTES });
  const other = miner({ seed: 2, seconds: 3600, recordSeconds: FIVE_MINUTES, client: '192.168.1.11', clientPort: 40_100 });
  const valid = () => partsOf(behaviourRun, [[...rig, ...other]]).parts[0];

  it('skips and counts malformed rows, and still absorbs the valid rows of the same part', () => {
    const part = valid();
    const row = part.rows[0] as unknown[];
    const changed = (at: number, value: unknown) => row.map((v, i) => (i === at ? value : v));
    const malformed = [
      'a row',
      null,
      [],
      row.slice(0, 20), // one field short
      [...row, 0], // one field more
      changed(0, 17), // client not text
      changed(2, '3333'), // port as text
      changed(3, 2), // no such source
      changed(4, row[5] as number + 1), // first after last
      changed(6, -1), // a negative count
      changed(13, 0x80), // a flag exporters do not report
      changed(20, []), // no session
      changed(20, [[40_000, 1]]), // a lone session of the wrong arity
      changed(20, [[40_000, T0, 'x'], [40_001, T0, T0]]), // a session time not a number
    ];
    const run = behaviourRun();
    expect(skippedBy(run, { lastSeen: part.lastSeen, rows: [...malformed, ...part.rows] })).toBe(malformed.length);
    const evidence = run.sweep!(latest(rig));
    expect(evidence).toEqual(sweepAfter(behaviourRun(), [...rig, ...other]));
    expect(codesOf(evidence)).toEqual([BEHAVIOUR_CODES.sustained, BEHAVIOUR_CODES.sustained]);
  });

  it('never throws on a part that is not a part, and counts it as one skipped row', () => {
    const run = behaviourRun();
    for (const junk of [null, 'part', 7, {}, { rows: 'rows' }, { lastSeen: 0 }]) expect(skippedBy(run, junk)).toBe(1);
    expect(run.exportWindow!()).toEqual({ lastSeen: 0, rows: [] });
  });

  it('admits only home clients from a part too, when told so', () => {
    const outsider = miner({ seconds: 600, recordSeconds: MINUTE, client: '198.51.100.7' });
    const outside = partsOf(() => behaviourRun({ homeClientsOnly: false }), [outsider]).parts;
    const run = behaviourRun();
    expect(absorbAll(run, outside)).toBe(0);
    expect(run.exportWindow!().rows).toEqual([]);
  });
});

describe('flow-behaviour window parts: bounds', () => {
  it('exports an empty window as no rows at time 0', () => {
    expect(behaviourRun().exportWindow!()).toEqual({ lastSeen: 0, rows: [] });
    const run = behaviourRun();
    run.inspect(makeFlow({ protocol: 17 }));
    expect(run.exportWindow!()).toEqual({ lastSeen: 0, rows: [] });
  });

  it('keeps its capacity when absorbing, evicting probation first', () => {
    const established = miner({ seconds: 3600, recordSeconds: FIVE_MINUTES });
    const short = (i: number) => makeFlow({ source: 'flow-export', client: `192.168.2.${i}`, firstSeen: T0 + i, lastSeen: T0 + i + 5 });
    const parts = partsOf(behaviourRun, [[...established, short(1), short(2)], [short(3), short(4), short(5)]]).parts;
    const run = behaviourRun({ maxTriplets: 3 });
    absorbAll(run, parts);
    const { rows } = run.exportWindow!();
    expect(rows.map((r) => (r as unknown[])[0])).toEqual(['192.168.1.10', '192.168.2.4', '192.168.2.5']);
  });

  it('judges a triplet pushed out while absorbing, and hands its evidence to the next sweep', () => {
    const first = miner({ seconds: 3600, recordSeconds: FIVE_MINUTES });
    const second = miner({ seed: 2, seconds: 3600, recordSeconds: FIVE_MINUTES, client: '192.168.1.11', start: T0 + 3600 });
    const run = behaviourRun({ maxTriplets: 1 });
    absorbAll(run, partsOf(behaviourRun, [first, second]).parts);
    const evidence = run.sweep!(latest(second));
    expect(evidence.map((e) => e.subject)).toEqual(['192.168.1.10', '192.168.1.11']);
    expect(evidence).toEqual(sweepAfter(behaviourRun({ maxTriplets: 1 }), first, second));
    expect(run.sweep!(latest(second))).toEqual([]);
  });
});
