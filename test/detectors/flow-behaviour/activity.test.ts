/**
 * The activity signals on noisy, seeded connections (noisy.ts), and destination context: the
 * other home clients of one endpoint, judged in the same sweep.
 */
import { BEHAVIOUR_CODES } from '../../../detectors/flow-behaviour/codes';
import { peerContexts } from '../../../detectors/flow-behaviour/peer-context';
import { readProfile } from '../../../detectors/flow-behaviour/profile';
import { TripletTable } from '../../../detectors/flow-behaviour/triplet-table';
import { gradeSignals, peerPoints, type Graded } from '../../../detectors/flow-behaviour/verdict';
import type { Evidence, FlowRecord } from '../../../src/detect/api';
import { byEndTime } from './parts';
import { T0 } from './records';
import { chatSocket, idleSocket, poissonMiner, presenceSocket, wakingChannel } from './noisy';
import { behaviourRun, behaviourSettings, defaults, sweepAfter } from './run';

const HOUR = 3600;
const profile = readProfile(behaviourSettings());
const { grade } = defaults().detectors.stratumProfile;
const SEEDS = [1, 2, 3, 4, 5];

function gradedOf(records: FlowRecord[]): Graded {
  const table = new TripletTable(16, profile.pushes.maxGapSeconds);
  for (const r of records) table.add(r);
  const [stats, ...rest] = [...table.values()];
  expect(rest).toEqual([]);
  return gradeSignals(stats, profile);
}

describe('even and persistent on noisy connections', () => {
  it.each(SEEDS)('a Poisson-like miner stays even and persistent, and sustained (seed %i)', (seed) => {
    for (const recordSeconds of [60, 300]) {
      const graded = gradedOf(poissonMiner(seed, { seconds: 4 * HOUR, recordSeconds }));
      expect(graded.supports).toMatchObject({ even: 1, persistent: 1 });
      expect(graded.measures.activity.dispersion).toBeGreaterThan(0.1);
      expect(graded.measures.activity.dispersion).toBeLessThanOrEqual(profile.activity.dispersion.max);
      expect(graded.measures.activity.dispersion).toBeGreaterThanOrEqual(profile.activity.dispersion.min);
      expect(graded.supports['not-clockwork']).toBe(1);
      const [e] = sweepAfter(behaviourRun(), poissonMiner(seed, { seconds: 4 * HOUR, recordSeconds }));
      expect(e.code).toBe(BEHAVIOUR_CODES.sustained);
    }
  });

  it.each(SEEDS)('a chat socket (heartbeats plus human bursts) is not even and scores lower than a miner (seed %i)', (seed) => {
    const chat = gradedOf(chatSocket(seed, { seconds: 4 * HOUR, recordSeconds: 60 }));
    const miner = gradedOf(poissonMiner(seed, { seconds: 4 * HOUR, recordSeconds: 60 }));
    expect(chat.supports.even).toBeLessThan(1);
    expect(chat.failed).toContain('even');
    expect(chat.measures.activity.dispersion).toBeGreaterThan(profile.activity.dispersion.max);
    // The miner meets every signal; the chat loses on evenness alone.
    expect(miner.failed).toEqual([]);
    expect(chat.points).toBeLessThan(miner.points);
    const even = chat.supports.even!;
    const { gain, loss } = grade.weights.even;
    expect(chat.failed.filter((name) => chat.supports[name]! < 1)).toEqual(['even']);
    expect(miner.points - chat.points).toBeCloseTo(gain - (even >= 0 ? even * gain : even * loss), 9);
    // Whether its verdict may still be stratum-like or sustained: see detector-bugs.test.ts.
  });

  it('the same socket while nobody types is even but clockwork: a heartbeat timer is no miner either', () => {
    const idle = gradedOf(idleSocket(1, { seconds: 4 * HOUR, recordSeconds: 60 }));
    const chat = gradedOf(chatSocket(1, { seconds: 4 * HOUR, recordSeconds: 60 }));
    // The bursts are what evenness judges ...
    expect(idle.supports.even).toBe(1);
    expect(chat.supports.even).toBeLessThan(idle.supports.even!);
    // ... and the timer what not-clockwork judges: a heartbeat every 20 s fills every bin alike.
    expect(idle.measures.activity.dispersion).toBeLessThan(profile.activity.dispersion.min);
    expect(idle.supports['not-clockwork']).toBe(-1);
    expect(chat.supports['not-clockwork']).toBe(1);
    expect(idle.points).toBeLessThan(grade.stratumLikeAt);
    const evidence = sweepAfter(behaviourRun(), idleSocket(1, { seconds: 4 * HOUR, recordSeconds: 60 }));
    expect(evidence.map((e) => e.code).filter((c) => c !== BEHAVIOUR_CODES.weak)).toEqual([]);
  });

  it('a push channel waking every 25 minutes is not persistent', () => {
    for (const recordSeconds of [60, 300]) {
      const graded = gradedOf(wakingChannel({ seconds: 4 * HOUR, recordSeconds }));
      expect(graded.measures.activity.activeShare).toBeLessThan(profile.activity.minActiveShare);
      expect(graded.supports.persistent).toBe(-1);
      expect(graded.failed).toContain('persistent');
      expect(graded.points).toBeLessThan(grade.weakAt);
    }
    expect(sweepAfter(behaviourRun(), wakingChannel({ seconds: 4 * HOUR, recordSeconds: 60, serverPort: 7000 }))).toEqual([]);
  });

  it('the waking channel, with its silences filled to every bin, would gain the persistence points', () => {
    const waking = gradedOf(wakingChannel({ seconds: 4 * HOUR, recordSeconds: 60 }));
    const everyBin = gradedOf(wakingChannel({ seconds: 4 * HOUR, recordSeconds: 60 }, 5));
    expect(everyBin.supports.persistent).toBe(1);
    const w = grade.weights.persistent;
    expect(everyBin.points - waking.points).toBeGreaterThanOrEqual(w.gain + w.loss - 1e-9);
  });

  it('leaves the activity signals unknown from records longer than a bin: they smear bursts flat', () => {
    // 30-minute records put half an hour of a person's bursts into one bin: such bins would make
    // any stream look persistent and even, so the judges do not read them.
    const [e] = sweepAfter(behaviourRun(), chatSocket(1, { seconds: 4 * HOUR, recordSeconds: 1800, serverPort: 7000 }));
    expect(e.code).not.toBe(BEHAVIOUR_CODES.sustained);
    expect(String(e.facts.unknown).split(', ')).toEqual(expect.arrayContaining(['persistent', 'not-clockwork', 'even']));
    expect(String(e.facts.signals).split(', ')).not.toContain('even');
    const graded = gradedOf(chatSocket(1, { seconds: 4 * HOUR, recordSeconds: 1800 }));
    expect(graded.measures.activity.binsMeaningful).toBe(false);
    // The same socket in 60 s records: the bins are read, and the bursts show.
    expect(gradedOf(chatSocket(1, { seconds: 4 * HOUR, recordSeconds: 60 })).failed).toContain('even');
  });

  it('leaves persistence and evenness unknown before enough inner bins', () => {
    // 8 minutes: at most one 5-minute bin between the partial edge bins.
    const graded = gradedOf(poissonMiner(1, { seconds: 8 * 60, recordSeconds: 60 }));
    expect(graded.measures.activity.bins).toBeLessThan(profile.activity.minBins);
    expect(graded.unknown).toEqual(expect.arrayContaining(['persistent', 'not-clockwork', 'even']));
  });
});

describe('destination context: the other home clients of one endpoint', () => {
  const GATEWAY = { server: '203.0.113.80', serverPort: 7000 };
  const POOL = { server: '203.0.113.90', serverPort: 3333 };
  const client = (i: number) => `192.168.7.${10 + i}`;
  const ofClient = (evidence: Evidence[], ip: string) => evidence.filter((e) => e.subject === ip);
  const c = (i: number, endpoint: typeof GATEWAY) => ({ seconds: 4 * HOUR, recordSeconds: 60, client: client(i), clientPort: 40_000 + i, ...endpoint });

  // A chat gateway at night: 3 people chatting, 7 idle sockets (10 clients, 30 % bursty).
  const crowd = () => byEndTime([...[0, 1, 2].flatMap((i) => chatSocket(i + 1, c(i, GATEWAY))), ...[3, 4, 5, 6, 7, 8, 9].flatMap((i) => idleSocket(i + 1, c(i, GATEWAY)))]);

  it('a bursty crowd of clients takes the peers points from its quiet sessions too', () => {
    const weakOpen = { profile: { ...defaults().detectors.stratumProfile, grade: { ...grade, weakAt: -1000 } } };
    const together = sweepAfter(behaviourRun(weakOpen), crowd());
    for (const i of [3, 4, 5, 6, 7, 8, 9]) {
      const [alone] = sweepAfter(behaviourRun(weakOpen), idleSocket(i + 1, c(i, GATEWAY)));
      const [judged] = ofClient(together, client(i));
      expect(alone.facts.peers).toBe('few');
      expect(judged.facts.peers).toBe('bursty-crowd');
      expect(judged.facts.points as number).toBeCloseTo((alone.facts.points as number) - grade.peers.weight, 2);
    }
    // The chatting clients lose them as well.
    for (const i of [0, 1, 2]) expect(ofClient(together, client(i))[0].facts.peers).toBe('bursty-crowd');
  });

  it('so an idle app socket, Stratum-shaped alone, is not reported stratum-like beside its crowd', () => {
    // Presence updates at random moments (noisy.ts): nothing in its own counters tells it from a
    // miner, and alone it is sustained. Beside 3 chatting clients of the same gateway it is not.
    const isStrong = (e: Evidence) => e.code === BEHAVIOUR_CODES.sustained || e.code === BEHAVIOUR_CODES.stratumLike;
    const quiet = [3, 4, 5, 6, 7, 8, 9];
    for (const i of quiet) {
      const [alone] = sweepAfter(behaviourRun(), presenceSocket(i + 1, c(i, GATEWAY)));
      expect(isStrong(alone)).toBe(true);
    }
    const together = sweepAfter(behaviourRun(), byEndTime([...[0, 1, 2].flatMap((i) => chatSocket(i + 1, c(i, GATEWAY))), ...quiet.flatMap((i) => presenceSocket(i + 1, c(i, GATEWAY)))]));
    // Each loses the peers points: a weak watch-list entry at most.
    expect(together.length).toBeGreaterThanOrEqual(quiet.length);
    for (const e of together) expect(e.facts.peers).toBe('bursty-crowd');
    expect(together.filter(isStrong)).toEqual([]);
  });

  it('keeps a quiet session\'s crowd on a later sweep in which only it has new records', () => {
    // The crowd is every judgeable triplet held, the ones judged before included.
    const quiet = [3, 4, 5, 6, 7, 8, 9];
    const at = (i: number, seconds: number) => ({ ...c(i, GATEWAY), seconds });
    const gateway = byEndTime([...[0, 1, 2].flatMap((i) => chatSocket(i + 1, c(i, GATEWAY))), ...quiet.flatMap((i) => presenceSocket(i + 1, c(i, GATEWAY)))]);
    const isStrong = (e: Evidence) => e.code === BEHAVIOUR_CODES.sustained || e.code === BEHAVIOUR_CODES.stratumLike;
    const run = behaviourRun();
    expect(sweepAfter(run, gateway).filter(isStrong)).toEqual([]);
    // One more hour of one presence socket, nothing new from the others (still in the window).
    const more = presenceSocket(4, at(3, 5 * HOUR)).filter((r) => r.firstSeen >= T0 + 4 * HOUR);
    expect(more.length).toBeGreaterThan(0);
    // Alone, those five hours would be reported strongly.
    expect(isStrong(sweepAfter(behaviourRun(), presenceSocket(4, at(3, 5 * HOUR)))[0])).toBe(true);
    const later = sweepAfter(run, more);
    expect(later.map((e) => e.facts.peers)).toEqual(later.map(() => 'bursty-crowd'));
    expect(later.filter(isStrong)).toEqual([]);
  });

  it('needs minClients clients: fewer say nothing', () => {
    const few = byEndTime([...[0, 1].flatMap((i) => chatSocket(i + 1, c(i, GATEWAY))), ...[3, 4, 5, 6, 7].flatMap((i) => idleSocket(i + 1, c(i, GATEWAY)))]);
    expect(7).toBeLessThan(grade.peers.minClients);
    const evidence = sweepAfter(behaviourRun(), few);
    for (const e of evidence) expect(e.facts.peers).toBe('few');
    expect(ofClient(evidence, client(3))[0].code).toBe(sweepAfter(behaviourRun(), idleSocket(4, c(3, GATEWAY)))[0].code);
  });

  it('a pool endpoint with many steady clients keeps its verdicts: no client loses points', () => {
    const rigs = byEndTime(Array.from({ length: 10 }, (_, i) => poissonMiner(100 + i, c(i, POOL))).flat());
    const together = sweepAfter(behaviourRun(), rigs);
    expect(together).toHaveLength(10);
    for (let i = 0; i < 10; i++) {
      const [alone] = sweepAfter(behaviourRun(), poissonMiner(100 + i, c(i, POOL)));
      const [judged] = ofClient(together, client(i));
      expect(judged.facts.peers).toBe('steady-crowd');
      expect(judged.code).toBe(alone.code);
      // A steady crowd, like 'few', takes no points and adds none.
      expect(judged.facts.points as number).toBeCloseTo(alone.facts.points as number, 2);
    }
  });
});

describe('peerPoints', () => {
  it('takes the weight from a bursty crowd, nothing from a steady crowd or a few clients', () => {
    expect(peerPoints('bursty-crowd', profile)).toBe(-grade.peers.weight);
    expect(peerPoints('steady-crowd', profile)).toBe(0);
    expect(peerPoints('few', profile)).toBe(0);
  });
});

describe('peerContexts', () => {
  const sample = (client: string, dispersion: number, server = '203.0.113.1', serverPort = 443) => ({ client, server, serverPort, dispersion });
  const { minClients, burstyDispersion, minBurstyShare } = profile.grade.peers;
  const clients = (n: number, bursty: number) =>
    Array.from({ length: n }, (_, i) => sample(`10.0.0.${i}`, i < bursty ? burstyDispersion * 2 : 1));

  it('says nothing below minClients, and tells steady from bursty crowds at minBurstyShare', () => {
    expect(peerContexts(clients(minClients - 1, minClients - 1), profile).size).toBe(0);
    const atShare = Math.ceil(minClients * minBurstyShare);
    expect(peerContexts(clients(minClients, atShare), profile).get('203.0.113.1|443')).toBe('bursty-crowd');
    expect(peerContexts(clients(minClients, atShare - 1), profile).get('203.0.113.1|443')).toBe('steady-crowd');
  });

  it('counts distinct clients per endpoint (server and port), a client bursty if any of its triplets is', () => {
    const twice = [...clients(minClients - 1, 0), sample('10.0.0.0', burstyDispersion * 3)];
    expect(peerContexts(twice, profile).size).toBe(0);
    const withOne = [...clients(minClients, 0), ...Array.from({ length: minClients }, (_, i) => sample(`10.0.0.${i}`, burstyDispersion + 1))];
    expect(peerContexts(withOne, profile).get('203.0.113.1|443')).toBe('bursty-crowd');
    const otherPort = clients(minClients, 0).map((s, i) => ({ ...s, serverPort: i % 2 ? 443 : 444 }));
    expect(peerContexts(otherPort, profile).size).toBe(0);
  });

  it('leaves out triplets whose dispersion is unknown, and dispersion at the threshold is not bursty', () => {
    const unknown = [...clients(minClients - 1, 0), sample('10.0.0.99', Number.NaN)];
    expect(peerContexts(unknown, profile).size).toBe(0);
    const atThreshold = Array.from({ length: minClients }, (_, i) => sample(`10.0.0.${i}`, burstyDispersion));
    expect(peerContexts(atThreshold, profile).get('203.0.113.1|443')).toBe('steady-crowd');
  });
});
