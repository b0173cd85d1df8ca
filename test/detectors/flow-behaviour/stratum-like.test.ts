import { BEHAVIOUR_CODES } from '../../../detectors/flow-behaviour/codes';
import type { Evidence } from '../../../src/detect/api';
import { connection, miner as stratum, PROFILES, ratesOf, T0, unidirectional, type MinerSketch } from './records';
import { byEndTime } from './parts';
import { behaviourRun, codesOf, defaults, sweepAfter } from './run';

const HOUR = 3600;
const { grade, activity } = defaults().detectors.stratumProfile;
/** An hour of a Poisson-like miner (records.ts), seed 1 unless told. */
const miner = (recordSeconds: number, extra: Partial<MinerSketch> = {}) => stratum({ seconds: HOUR, recordSeconds, ...extra });
const pointsOf = (e: Evidence) => e.facts.points as number;
const both = (figures: { toServer: number; toClient: number }, digits: number) =>
  `${Number(figures.toServer.toFixed(digits))} to server, ${Number(figures.toClient.toFixed(digits))} to client`;
const ACTIVITY_SIGNALS = ['persistent', 'not-clockwork', 'even'];

describe('flow-behaviour: a miner in flow exports', () => {
  it.each([60, 300])('judges an hour of Stratum cut into %i s records sustained', (recordSeconds) => {
    const evidence = sweepAfter(behaviourRun(), miner(recordSeconds));
    expect(codesOf(evidence)).toEqual([BEHAVIOUR_CODES.sustained]);
    const [e] = evidence;
    expect(e).toMatchObject({ subject: '192.168.1.10', peer: { ip: '203.0.113.5', port: 3333 }, firstSeen: T0, lastSeen: T0 + HOUR });
    expect(e.count).toBe(Math.ceil(HOUR / recordSeconds));
    expect(pointsOf(e)).toBeGreaterThanOrEqual(grade.sustainedAt);
    expect(String(e.facts.signals).split(', ')).toEqual(expect.arrayContaining(grade.needs));
  });

  it.each([1, 2, 3])('judges an hour of Stratum cut into 1800 s records stratum-like, not sustained: the bins cannot tell clockwork (seed %i)', (seed) => {
    // Every record is longer than a 5-minute bin: persistence and scatter are unknown, so the
    // not-clockwork need is not met (a keepalive timer would look the same in such records).
    const evidence = sweepAfter(behaviourRun(), miner(1800, { seed }));
    expect(codesOf(evidence)).toEqual([BEHAVIOUR_CODES.stratumLike]);
    const [e] = evidence;
    expect(String(e.facts.unknown).split(', ')).toEqual(expect.arrayContaining(ACTIVITY_SIGNALS));
    expect(pointsOf(e)).toBeGreaterThanOrEqual(grade.stratumLikeAt);
    expect(e.count).toBe(2);
  });

  it('judges a constant-rate stream with the miner\'s figures stratum-like at most: clockwork is not mining', () => {
    // records.ts connection(): every 5-minute bin alike, as a keepalive timer fills them.
    for (const recordSeconds of [60, 300]) {
      const [e] = sweepAfter(behaviourRun(), connection({ seconds: 4 * HOUR, recordSeconds, ...PROFILES.miner }));
      expect(e.code).not.toBe(BEHAVIOUR_CODES.sustained);
      expect(e.facts.dispersion as number).toBeLessThan(activity.dispersion.min);
      expect(String(e.facts.partial)).toContain('not-clockwork -1');
    }
  });

  it.each([60, 300, 1800])('judges the same half hour in %i s records stratum-like: sustained needs the hour', (recordSeconds) => {
    const evidence = sweepAfter(behaviourRun(), miner(recordSeconds, { seconds: HOUR / 2 }));
    expect(codesOf(evidence)).toEqual([BEHAVIOUR_CODES.stratumLike]);
    expect(pointsOf(evidence[0])).toBeGreaterThanOrEqual(grade.stratumLikeAt);
    expect(evidence[0].facts.sessionSeconds).toBeLessThan(grade.sustainedSeconds);
    if (recordSeconds < 1800) expect(String(evidence[0].facts.signals).split(', ')).toEqual(expect.arrayContaining(grade.needs));
  });

  it('holds a short session with unknown signals to the same share of the points its known signals can give', () => {
    // Ten minutes of 300 s records: no inner activity bins and no job pushes to judge, and
    // upstream packets a little under the floor, as in the crafted stratum-v1 capture.
    const short = miner(300, { seconds: 600, toServer: { packets: 6, bytes: 6 * 78 } });
    const [e] = sweepAfter(behaviourRun(), short);
    const unknown = String(e.facts.unknown).split(', ');
    expect(unknown).toEqual(expect.arrayContaining([...ACTIVITY_SIGNALS, 'periodic-pushes']));
    const reachable = Object.entries(grade.weights)
      .filter(([name]) => !unknown.includes(name))
      .reduce((sum, [, w]) => sum + w.gain, 0);
    const points = pointsOf(e);
    // Below the absolute bar, past the share of what could be reached: stratum-like.
    expect(points).toBeLessThan(grade.stratumLikeAt);
    expect(points).toBeGreaterThanOrEqual(grade.stratumLikeShare * reachable);
    expect(e.code).toBe(BEHAVIOUR_CODES.stratumLike);
    // The share only ever lowers the bar, and never to sustained (that needs the hour).
    expect(grade.stratumLikeShare * reachable).toBeLessThan(grade.stratumLikeAt);
    expect(e.code).not.toBe(BEHAVIOUR_CODES.sustained);
  });

  it('needs the points for sustained, not only the hours', () => {
    // Past the stratum-like points but short of the sustained ones (as calibrated): stratum-like however long.
    const between = (grade.stratumLikeAt + grade.sustainedAt) / 2;
    const run = behaviourRun({ profile: { ...defaults().detectors.stratumProfile, grade: { ...grade, sustainedAt: 100, stratumLikeAt: between } } });
    const records = miner(60, { seconds: 4 * HOUR });
    expect(codesOf(sweepAfter(behaviourRun(), records))).toEqual([BEHAVIOUR_CODES.sustained]);
    expect(codesOf(sweepAfter(run, records))).toEqual([BEHAVIOUR_CODES.stratumLike]);
  });

  it('states the points, which signals held and the figures behind them', () => {
    const records = miner(60);
    const [e] = sweepAfter(behaviourRun(), records);
    expect(String(e.facts.signals).split(', ').sort()).toEqual(
      ['ack-psh', 'even', 'long-lived', 'not-bulk', 'not-clockwork', 'periodic-pushes', 'persistent', 'small-packets', 'steady-rate', 'symmetric'].sort(),
    );
    expect(e.facts).not.toHaveProperty('partial');
    expect(e.facts).not.toHaveProperty('unknown');
    expect(e.facts).not.toHaveProperty('sampling');
    // Every signal at full support: the points are the sum of the gains.
    const gains = Object.values(grade.weights).reduce((sum, w) => sum + w.gain, 0);
    expect(e.facts.points).toBeCloseTo(gains, 2);
    // The figures are the records' own (Poisson counts around PROFILES.miner's means).
    const rates = ratesOf(records);
    expect(e.facts).toMatchObject({
      durationSeconds: HOUR,
      packetsPerMinute: both(rates.packetsPerMinute, 1),
      bytesPerPacket: both(rates.bytesPerPacket, 0),
      packetRatio: Number(rates.packetRatio.toFixed(2)),
      bytesPerMinute: Math.round(rates.bytesPerMinute),
      periodicPushes: 'yes',
      activeShare: 1,
      sessionSeconds: HOUR,
      sessions: 1,
      concurrentSessions: 1,
      peers: 'few',
    });
    // Poisson-like bins: scattered at least like a Poisson stream, far below a human's bursts.
    expect(e.facts.dispersion).toBeGreaterThanOrEqual(activity.dispersion.min);
    expect(e.facts.dispersion).toBeLessThanOrEqual(activity.dispersion.max);
    // The facts lead with the points and the signals (the report shows the first few).
    expect(Object.keys(e.facts).slice(0, 2)).toEqual(['points', 'signals']);
  });

  it('cannot tell job pushes from 300 s records, says so, and scores no more than with them', () => {
    const [coarse] = sweepAfter(behaviourRun(), miner(300));
    const [fine] = sweepAfter(behaviourRun(), miner(60));
    expect(coarse.code).toBe(BEHAVIOUR_CODES.sustained);
    expect(coarse.facts).toMatchObject({ periodicPushes: 'n/a', unknown: 'periodic-pushes' });
    expect(pointsOf(fine) - pointsOf(coarse)).toBeCloseTo(grade.weights['periodic-pushes'].gain, 2);
  });

  it('joins one connection split across two export files scanned together', () => {
    const records = miner(60);
    const split = records.length / 2;
    const run = behaviourRun();
    const evidence = sweepAfter(run, records.slice(split), records.slice(0, split)); // later file first
    expect(codesOf(evidence)).toEqual([BEHAVIOUR_CODES.sustained]);
    expect(evidence[0].facts.durationSeconds).toBe(HOUR);
    expect(evidence[0].count).toBe(records.length);
  });

  it('judges unidirectional exports (each direction its own record) the same, job pushes included', () => {
    const evidence = sweepAfter(behaviourRun(), unidirectional(miner(60)));
    expect(codesOf(evidence)).toEqual([BEHAVIOUR_CODES.sustained]);
    const [bidirectional] = sweepAfter(behaviourRun(), miner(60));
    expect(evidence[0].facts).toMatchObject({ periodicPushes: 'yes', packetRatio: Number(ratesOf(miner(60)).packetRatio.toFixed(2)), durationSeconds: HOUR });
    // Both directions of a slice end together, in the same bin: the same figures, the same points.
    expect(evidence[0].facts).toEqual(bidirectional.facts);
  });

  it('sees the server fall silent for longer than a job interval, and takes points for it', () => {
    const records = unidirectional(miner(60));
    // Three minutes without the server's records: past maxGapSeconds (100 s).
    const quiet = records.filter((r) => !(r.toClient.packets > 0 && r.firstSeen >= T0 + 600 && r.firstSeen < T0 + 780));
    const [e] = sweepAfter(behaviourRun(), quiet);
    expect(e.facts.periodicPushes).toBe('no');
    expect(String(e.facts.partial)).toContain('periodic-pushes -1');
    const [full] = sweepAfter(behaviourRun(), records);
    expect(pointsOf(full) - pointsOf(e)).toBeGreaterThanOrEqual(grade.weights['periodic-pushes'].gain + grade.weights['periodic-pushes'].loss - 0.5);
  });

  it('does not judge half of it: the first file alone is only a few minutes', () => {
    const evidence = sweepAfter(behaviourRun(), miner(60).slice(0, 4));
    expect(evidence).toEqual([]);
  });

  it('waits for minObservedSeconds of session time before any verdict', () => {
    const { minObservedSeconds } = defaults().detectors.flowBehaviour;
    // Whole 60 s records: one short of it, one past it.
    expect(minObservedSeconds % 60).toBe(0);
    expect(minObservedSeconds).toBeGreaterThan(60);
    expect(sweepAfter(behaviourRun(), miner(60).slice(0, minObservedSeconds / 60 - 1))).toEqual([]);
    expect(sweepAfter(behaviourRun(), miner(60).slice(0, minObservedSeconds / 60 + 1))).not.toEqual([]);
  });

  it('works the same on packet-derived records', () => {
    const evidence = sweepAfter(behaviourRun(), miner(300, { source: 'packet' }));
    expect(codesOf(evidence)).toEqual([BEHAVIOUR_CODES.sustained]);
  });

  it('judges concurrent rigs behind one address on one triplet per session, not as one busy connection', () => {
    const rigs = Array.from({ length: 8 }, (_, i) => miner(300, { seed: 10 + i, clientPort: 40_000 + i, start: T0 + i * 7 }));
    const [e, ...rest] = sweepAfter(behaviourRun(), rigs.flat());
    expect(rest).toEqual([]);
    expect(e.code).toBe(BEHAVIOUR_CODES.sustained);
    // Rates per minute of session time (8 hours of it): one rig's, not eight rigs' together.
    const packets = (pick: (r: (typeof rigs)[number][number]) => number) => rigs.flat().reduce((sum, r) => sum + pick(r), 0) / (8 * 60);
    const perRig = { toServer: packets((r) => r.toServer.packets), toClient: packets((r) => r.toClient.packets) };
    expect(e.facts).toMatchObject({ sessions: 8, concurrentSessions: 8, packetsPerMinute: both(perRig, 1) });
    expect(perRig.toServer).toBeLessThan(2 * PROFILES.miner.toServer.packets);
  });

  it('keeps a farm triplet\'s verdict whether its rigs\' records arrive by end time or rig after rig', () => {
    // One file per rig, or a file read back to front: records land in the bins of their ends
    // whatever the order, so the bins, and the verdict, are the same.
    const rigs = Array.from({ length: 3 }, (_, i) => miner(300, { seed: 20 + i, client: '10.20.0.5', clientPort: 40_006 + i, server: '203.0.113.41', start: T0 + 100 + i * 20 }));
    const [byTime] = sweepAfter(behaviourRun(), byEndTime(rigs.flat()));
    const [rigAfterRig] = sweepAfter(behaviourRun(), rigs.flat());
    expect(byTime.code).toBe(BEHAVIOUR_CODES.sustained);
    expect(rigAfterRig).toEqual(byTime);
  });

  it('leaves clients outside the home networks alone unless told otherwise', () => {
    const outside = miner(60, { client: '198.51.100.7' });
    expect(sweepAfter(behaviourRun(), outside)).toEqual([]);
    expect(codesOf(sweepAfter(behaviourRun({ homeClientsOnly: false }), outside))).toEqual([BEHAVIOUR_CODES.sustained]);
  });

  it('an exporter without TCP flags leaves ack-psh unknown and the verdict lower than with flags', () => {
    const [flagless] = sweepAfter(behaviourRun(), miner(60, { flags: 0 }));
    const [flagged] = sweepAfter(behaviourRun(), miner(60));
    expect(flagless.facts.unknown).toBe('ack-psh');
    expect(String(flagless.facts.signals)).not.toContain('ack-psh');
    expect(pointsOf(flagged) - pointsOf(flagless)).toBeCloseTo(grade.weights['ack-psh'].gain, 2);
    // Still Stratum-shaped in every other figure: at least stratum-like.
    expect(pointsOf(flagless)).toBeGreaterThanOrEqual(grade.stratumLikeAt);
  });

  it('a reset costs points: ack-psh loses a full point', () => {
    const records = miner(60);
    const [clean] = sweepAfter(behaviourRun(), records);
    const reset = miner(60);
    reset[reset.length - 1].toClient.tcpFlags |= 0x04;
    const [e] = sweepAfter(behaviourRun(), reset);
    expect(e.facts.partial).toBe('ack-psh 0');
    expect(pointsOf(clean) - pointsOf(e)).toBeCloseTo(grade.weights['ack-psh'].gain, 2);
  });

  it('states the sampling rate and leaves flags and job pushes unknown under sampling', () => {
    const sampled = miner(60).map((r) => ({ ...r, sampling: 10 }));
    const [e] = sweepAfter(behaviourRun(), sampled);
    expect(e.facts).toMatchObject({ sampling: 10, periodicPushes: 'n/a' });
    expect(String(e.facts.unknown).split(', ').sort()).toEqual(['ack-psh', 'periodic-pushes']);
  });
});
