import { BEHAVIOUR_CODES } from '../../../detectors/flow-behaviour/codes';
import { connection, PROFILES, T0, unidirectional } from './records';
import { behaviourRun, codesOf, sweepAfter } from './run';

const HOUR = 3600;
const miner = (recordSeconds: number, extra: Partial<Parameters<typeof connection>[0]> = {}) =>
  connection({ seconds: HOUR, recordSeconds, ...PROFILES.miner, ...extra });

describe('flow-behaviour: a miner in flow exports', () => {
  it.each([60, 300, 1800])('judges an hour of Stratum cut into %i s records stratum-like', (recordSeconds) => {
    const evidence = sweepAfter(behaviourRun(), miner(recordSeconds));
    expect(codesOf(evidence)).toEqual([BEHAVIOUR_CODES.stratumLike]);
    const [e] = evidence;
    expect(e).toMatchObject({ subject: '192.168.1.10', peer: { ip: '203.0.113.5', port: 3333 }, firstSeen: T0, lastSeen: T0 + HOUR });
    expect(e.count).toBe(Math.ceil(HOUR / recordSeconds));
  });

  it('states which signals held and the figures behind them', () => {
    const [e] = sweepAfter(behaviourRun(), miner(60));
    expect(String(e.facts.signals).split(', ').sort()).toEqual(
      ['ack-psh', 'long-lived', 'not-bulk', 'periodic-pushes', 'small-packets', 'steady-rate', 'symmetric'].sort(),
    );
    expect(e.facts).toMatchObject({
      durationSeconds: HOUR,
      packetsPerMinute: '6 to server, 5 to client',
      bytesPerPacket: '120 to server, 300 to client',
      packetRatio: 1.2,
      periodicPushes: 'yes',
    });
  });

  it('cannot tell job pushes from 300 s records, and says so', () => {
    const [e] = sweepAfter(behaviourRun(), miner(300));
    expect(e.code).toBe(BEHAVIOUR_CODES.stratumLike);
    expect(e.facts.periodicPushes).toBe('n/a');
  });

  it('joins one connection split across two export files scanned together', () => {
    const records = miner(60);
    const split = records.length / 2;
    const run = behaviourRun();
    const evidence = sweepAfter(run, records.slice(split), records.slice(0, split)); // later file first
    expect(codesOf(evidence)).toEqual([BEHAVIOUR_CODES.stratumLike]);
    expect(evidence[0].facts.durationSeconds).toBe(HOUR);
    expect(evidence[0].count).toBe(records.length);
  });

  it('judges unidirectional exports (each direction its own record) the same, job pushes included', () => {
    const evidence = sweepAfter(behaviourRun(), unidirectional(miner(60)));
    expect(codesOf(evidence)).toEqual([BEHAVIOUR_CODES.stratumLike]);
    expect(evidence[0].facts).toMatchObject({ periodicPushes: 'yes', packetRatio: 1.2, durationSeconds: HOUR });
  });

  it('sees the server fall silent for longer than a job interval', () => {
    const records = unidirectional(miner(60));
    const quiet = records.filter((r) => !(r.toClient.packets > 0 && r.firstSeen >= T0 + 600 && r.firstSeen < T0 + 840));
    const [e] = sweepAfter(behaviourRun(), quiet);
    expect(e.facts.periodicPushes).toBe('no');
  });

  it('does not judge half of it: the first file alone is only a few minutes', () => {
    const evidence = sweepAfter(behaviourRun(), miner(60).slice(0, 4));
    expect(evidence).toEqual([]);
  });

  it('works the same on packet-derived records', () => {
    const evidence = sweepAfter(behaviourRun(), miner(300, { source: 'packet' }));
    expect(codesOf(evidence)).toEqual([BEHAVIOUR_CODES.stratumLike]);
  });

  it('judges concurrent rigs behind one address on one triplet per session, not as one busy connection', () => {
    const rigs = Array.from({ length: 8 }, (_, i) => miner(300, { clientPort: 40_000 + i, start: T0 + i * 7 }));
    const [e, ...rest] = sweepAfter(behaviourRun(), rigs.flat());
    expect(rest).toEqual([]);
    expect(e.code).toBe(BEHAVIOUR_CODES.stratumLike);
    expect(e.facts).toMatchObject({ sessions: 8, concurrentSessions: 8 });
  });

  it('leaves clients outside the home networks alone unless told otherwise', () => {
    const outside = miner(60, { client: '198.51.100.7' });
    expect(sweepAfter(behaviourRun(), outside)).toEqual([]);
    expect(codesOf(sweepAfter(behaviourRun({ homeClientsOnly: false }), outside))).toEqual([BEHAVIOUR_CODES.stratumLike]);
  });

  it('needs every core signal: an exporter without TCP flags leaves the weak code at most', () => {
    const evidence = sweepAfter(behaviourRun(), miner(60, { flags: 0 }));
    expect(codesOf(evidence)).toEqual([BEHAVIOUR_CODES.weak]);
    expect(evidence[0].facts.missing).toBe('ack-psh');
  });

  it('loses the strong code when the session was reset', () => {
    const records = miner(60);
    records[records.length - 1].toClient.tcpFlags |= 0x04;
    expect(codesOf(sweepAfter(behaviourRun(), records))).toEqual([BEHAVIOUR_CODES.weak]);
  });
});
