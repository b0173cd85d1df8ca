import { activityOf, NO_ACTIVITY } from '../../../detectors/flow-behaviour/activity-bins';
import type { TripletMeasures } from '../../../detectors/flow-behaviour/measures';
import { maxOverlap } from '../../../detectors/flow-behaviour/overlap';
import { readProfile } from '../../../detectors/flow-behaviour/profile';
import { ALL_SIGNALS, logBand, shareAtLeast, SIGNALS, type SignalName } from '../../../detectors/flow-behaviour/signals';
import { behaviourSettings } from './run';

const profile = readProfile(behaviourSettings());
const ACK_PSH = 0x18;
const RST = 0x04;
const URG = 0x20;

const stratum: TripletMeasures = {
  sessionSeconds: 3600,
  longestSessionSeconds: 3600,
  sessions: 1,
  concurrentSessions: 1,
  packets: (6 + 5.5) * 60,
  packetsPerMinute: { toServer: 6, toClient: 5.5 },
  bytesPerPacket: { toServer: 130, toClient: 250 },
  packetRatio: 6 / 5.5,
  bytesPerMinute: 6 * 130 + 5.5 * 250,
  ackPshShare: 1,
  flagsSeen: ACK_PSH | 0x03,
  fineRecords: 60,
  serverDataShare: 1,
  longestRecordGapSeconds: 0,
  // Ten inner bins, every one active, Poisson-like spread (shares come in exchanges of a few packets).
  activity: { bins: 10, activeShare: 1, expectedActiveShare: 1, dispersion: 2.5, meanPerBin: 30, binsMeaningful: true },
  sampling: 1,
};
const withMeasures = (change: Partial<TripletMeasures>) => ({ ...stratum, ...change });
const withActivity = (change: Partial<TripletMeasures['activity']>) => withMeasures({ activity: { ...stratum.activity, ...change } });
const support = (name: SignalName, m: TripletMeasures) => SIGNALS[name](m, profile);

describe('logBand: support of a positive figure against a band, on a log scale', () => {
  const band = { min: 10, max: 100 };
  const fade = 4;

  it('is 1 anywhere inside the band, edges included', () => {
    for (const value of [10, 31.6, 100]) expect(logBand(value, band, fade)).toBe(1);
  });

  it('is 0 at √fade beyond either edge and -1 at fade beyond it, clamped past that', () => {
    expect(logBand(100 * Math.sqrt(fade), band, fade)).toBeCloseTo(0, 12);
    expect(logBand(10 / Math.sqrt(fade), band, fade)).toBeCloseTo(0, 12);
    expect(logBand(100 * fade, band, fade)).toBeCloseTo(-1, 12);
    expect(logBand(10 / fade, band, fade)).toBeCloseTo(-1, 12);
    expect(logBand(1e9, band, fade)).toBe(-1);
  });

  it('fades symmetrically: twice the top is as far out as half the bottom', () => {
    expect(logBand(200, band, fade)).toBeCloseTo(logBand(5, band, fade), 12);
    const s = logBand(200, band, fade);
    expect(s).toBeGreaterThan(-1);
    expect(s).toBeLessThan(1);
  });

  it('falls monotonically away from the band', () => {
    const above = [100, 120, 150, 200, 300, 400].map((v) => logBand(v, band, fade));
    for (let i = 1; i < above.length; i++) expect(above[i]).toBeLessThanOrEqual(above[i - 1]);
    const below = [10, 8, 6, 4, 3, 2.5].map((v) => logBand(v, band, fade));
    for (let i = 1; i < below.length; i++) expect(below[i]).toBeLessThanOrEqual(below[i - 1]);
  });

  it('is -1 for zero below a positive band, for NaN and for negative figures; open bands hold', () => {
    expect(logBand(0, band, fade)).toBe(-1);
    expect(logBand(Number.NaN, band, fade)).toBe(-1);
    expect(logBand(-5, band, fade)).toBe(-1);
    expect(logBand(0, { min: 0, max: 5 }, fade)).toBe(1);
    expect(logBand(1e12, { min: 1, max: Number.POSITIVE_INFINITY }, fade)).toBe(1);
    expect(logBand(Number.POSITIVE_INFINITY, band, fade)).toBe(-1);
  });
});

describe('shareAtLeast: support of a share, linear', () => {
  it('is 1 at or above the minimum, 0 halfway down the fade, -1 a whole fade below', () => {
    expect(shareAtLeast(0.9, 0.9, 0.4)).toBe(1);
    expect(shareAtLeast(1, 0.9, 0.4)).toBe(1);
    expect(shareAtLeast(0.7, 0.9, 0.4)).toBeCloseTo(0, 12);
    expect(shareAtLeast(0.8, 0.9, 0.4)).toBeCloseTo(0.5, 12);
    expect(shareAtLeast(0.5, 0.9, 0.4)).toBeCloseTo(-1, 12);
    expect(shareAtLeast(0, 0.9, 0.4)).toBe(-1);
  });

  it('is -1 for NaN and negative shares', () => {
    expect(shareAtLeast(Number.NaN, 0.9, 0.4)).toBe(-1);
    expect(shareAtLeast(-0.1, 0.9, 0.4)).toBe(-1);
  });
});

describe('behaviour signals at their default thresholds', () => {
  it('all hold fully for a Stratum session', () => {
    for (const name of ALL_SIGNALS) expect([name, support(name, stratum)]).toEqual([name, 1]);
    expect(ALL_SIGNALS).toHaveLength(10);
  });

  // Just outside a band: support below 1, still above -1 (graded, not a cliff) ...
  it.each([
    ['long-lived', { longestSessionSeconds: 250 }],
    ['ack-psh', { ackPshShare: 0.85 }],
    ['small-packets', { bytesPerPacket: { toServer: 80, toClient: 250 } }],
    ['small-packets', { bytesPerPacket: { toServer: 130, toClient: 500 } }],
    ['steady-rate', { packetsPerMinute: { toServer: 6, toClient: 1.5 } }],
    ['symmetric', { packetRatio: 1.3 }],
    ['not-bulk', { bytesPerMinute: 30_000 }],
    ['not-clockwork', { activity: { ...stratum.activity, dispersion: 0.6 } }],
    ['even', { activity: { ...stratum.activity, dispersion: 18 } }],
  ] as const)('%s is partly met on %j', (name, change) => {
    const s = support(name, withMeasures(change))!;
    expect(s).toBeLessThan(1);
    expect(s).toBeGreaterThan(-1);
  });

  // ... and far outside it, fully against.
  it.each([
    ['long-lived', { longestSessionSeconds: 60 }],
    ['ack-psh', { ackPshShare: 0.3 }],
    ['small-packets', { bytesPerPacket: { toServer: 130, toClient: 1400 } }],
    // Nothing but bare ACKs towards the server (40 B): the fade (2.5) below the 100 B floor.
    ['small-packets', { bytesPerPacket: { toServer: 40, toClient: 250 } }],
    ['steady-rate', { packetsPerMinute: { toServer: 600, toClient: 5 } }],
    ['steady-rate', { packetsPerMinute: { toServer: 6, toClient: 0.1 } }],
    // Request/response polling (2:1) is past maxPacketRatio by more than the fade.
    ['symmetric', { packetRatio: 2 }],
    ['symmetric', { packetRatio: 2.5 }],
    ['symmetric', { packetRatio: Number.POSITIVE_INFINITY }],
    ['not-bulk', { bytesPerMinute: 200_000 }],
    ['periodic-pushes', { serverDataShare: 0.5 }],
    ['periodic-pushes', { longestRecordGapSeconds: 240 }],
    // A keepalive timer: every bin alike.
    ['not-clockwork', { activity: { ...stratum.activity, dispersion: 0 } }],
    ['even', { activity: { ...stratum.activity, dispersion: 200 } }],
  ] as const)('%s counts fully against on %j', (name, change) => {
    expect(support(name, withMeasures(change))).toBe(-1);
  });

  it('grades a figure further out as no better', () => {
    const { max } = profile.packetsPerMinute;
    const rates = [max, max * 1.2, max * 1.5, max * 2, max * 2.5].map((toServer) => support('steady-rate', withMeasures({ packetsPerMinute: { toServer, toClient: 5 } }))!);
    expect(rates[0]).toBe(1);
    for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeLessThan(rates[i - 1]);
  });

  it('takes the weaker direction for sizes and rates', () => {
    const oneWay = support('small-packets', withMeasures({ bytesPerPacket: { toServer: 130, toClient: 800 } }))!;
    const bothWays = support('small-packets', withMeasures({ bytesPerPacket: { toServer: 800, toClient: 800 } }))!;
    expect(oneWay).toBeLessThan(1);
    expect(bothWays).toBeCloseTo(oneWay, 12);
  });

  it('judges each direction against its own size band', () => {
    const { toServer, toClient } = profile.bytesPerPacket;
    expect(toServer.max).toBeGreaterThan(toClient.max);
    const between = (toServer.max + toClient.max) / 2;
    expect(support('small-packets', withMeasures({ bytesPerPacket: { toServer: between, toClient: 250 } }))).toBe(1);
    expect(support('small-packets', withMeasures({ bytesPerPacket: { toServer: 130, toClient: between } }))).toBeLessThan(1);
    expect(support('small-packets', withMeasures({ bytesPerPacket: { toServer: toServer.min, toClient: toClient.min } }))).toBe(1);
    expect(support('small-packets', withMeasures({ bytesPerPacket: { toServer: toServer.min - 1, toClient: 250 } }))).toBeLessThan(1);
  });

  it('ack-psh loses a full point when a reset or urgent data was seen', () => {
    expect(support('ack-psh', withMeasures({ flagsSeen: ACK_PSH | RST }))).toBe(0);
    expect(support('ack-psh', withMeasures({ flagsSeen: ACK_PSH | URG }))).toBe(0);
    const partly = support('ack-psh', withMeasures({ ackPshShare: 0.8 }))!;
    expect(support('ack-psh', withMeasures({ ackPshShare: 0.8, flagsSeen: ACK_PSH | RST }))).toBeCloseTo(partly - 1, 12);
    // Clamped: never below -1.
    expect(support('ack-psh', withMeasures({ ackPshShare: 0.3, flagsSeen: ACK_PSH | RST }))).toBe(-1);
  });

  it('lets ECN bits through: they come from the handshake, not from the conversation', () => {
    expect(support('ack-psh', withMeasures({ flagsSeen: ACK_PSH | 0xc0 }))).toBe(1);
  });

  it('answers unknown where records cannot tell', () => {
    expect(support('ack-psh', withMeasures({ ackPshShare: Number.NaN }))).toBeUndefined();
    expect(support('periodic-pushes', withMeasures({ fineRecords: 2 }))).toBeUndefined();
    expect(support('periodic-pushes', withMeasures({ fineRecords: Number.NaN }))).toBeUndefined();
  });

  it('answers unknown for flags and job pushes under packet sampling, and judges the rest', () => {
    const sampled = withMeasures({ sampling: 100 });
    expect(support('ack-psh', sampled)).toBeUndefined();
    expect(support('periodic-pushes', sampled)).toBeUndefined();
    for (const name of ['long-lived', 'small-packets', 'steady-rate', 'symmetric', 'not-bulk', 'persistent', 'not-clockwork', 'even'] as const) {
      expect([name, support(name, sampled)]).toEqual([name, 1]);
    }
  });

  it('periodic-pushes is all or nothing', () => {
    for (const change of [{}, { serverDataShare: 0.89 }, { longestRecordGapSeconds: 101 }, { longestRecordGapSeconds: 100 }]) {
      expect([1, -1]).toContain(support('periodic-pushes', withMeasures(change)));
    }
  });

  it('holds nothing when the config is unusable', () => {
    // A broken setting reads as NaN: no signal is met (its support is NaN or unknown).
    const broken = readProfile({ profile: { bytesPerPacket: 'big' } });
    for (const name of ALL_SIGNALS) {
      const s = SIGNALS[name](stratum, broken);
      expect([name, s !== undefined && s >= 1]).toEqual([name, false]);
    }
  });
});

describe('persistent: active in (nearly) every 5-minute bin it spans', () => {
  const { minBins, minActiveShare } = profile.activity;

  it('is unknown before enough inner bins, and known from there on', () => {
    expect(support('persistent', withActivity({ bins: minBins - 1 }))).toBeUndefined();
    expect(support('persistent', withActivity({ bins: 0, activeShare: Number.NaN }))).toBeUndefined();
    expect(support('persistent', withActivity({ bins: minBins }))).toBe(1);
  });

  it('holds at the minimum share, fades linearly below it, and counts against a channel that wakes every half hour', () => {
    expect(support('persistent', withActivity({ activeShare: minActiveShare }))).toBe(1);
    const slightly = support('persistent', withActivity({ activeShare: minActiveShare - 0.05 }))!;
    expect(slightly).toBeLessThan(1);
    expect(slightly).toBeGreaterThan(0);
    expect(support('persistent', withActivity({ activeShare: 1 / 6 }))).toBe(-1);
  });

  it('under sampling, judges the share against what a steady stream of the same packets would keep active', () => {
    // At 1:100 a miner's ~50 packets a bin leave about 40 % of the bins empty by chance.
    const expected = 1 - Math.exp(-0.5);
    const sampled = (activeShare: number) => withMeasures({ sampling: 100, activity: { bins: 40, activeShare, expectedActiveShare: expected, dispersion: 1, meanPerBin: 0.5, binsMeaningful: true } });
    expect(support('persistent', sampled(expected))).toBe(1);
    expect(support('persistent', sampled(expected / 4))).toBe(-1);
    expect(support('persistent', withActivity({ expectedActiveShare: 0 }))).toBeUndefined();
  });

  it('is unknown when records longer than a bin make the bins meaningless', () => {
    expect(support('persistent', withActivity({ binsMeaningful: false }))).toBeUndefined();
  });
});

describe('not-clockwork: packets per bin scatter at least like a Poisson stream', () => {
  const { minBins, dispersion } = profile.activity;

  it('holds from the minimum dispersion up (open above), fades on a log scale below it, -1 at fade below it', () => {
    expect(support('not-clockwork', withActivity({ dispersion: dispersion.min }))).toBe(1);
    expect(support('not-clockwork', withActivity({ dispersion: 1 }))).toBe(1);
    expect(support('not-clockwork', withActivity({ dispersion: 500 }))).toBe(1);
    const partly = support('not-clockwork', withActivity({ dispersion: dispersion.min / 1.5 }))!;
    expect(partly).toBeLessThan(1);
    expect(partly).toBeGreaterThan(-1);
    expect(support('not-clockwork', withActivity({ dispersion: dispersion.min / profile.fade.dispersion }))).toBeCloseTo(-1, 12);
    // A keepalive timer: the same packets in every bin.
    expect(support('not-clockwork', withActivity({ dispersion: 0 }))).toBe(-1);
  });

  it('is unknown before enough inner bins, without two active ones, or when the bins are meaningless', () => {
    expect(support('not-clockwork', withActivity({ bins: minBins - 1 }))).toBeUndefined();
    expect(support('not-clockwork', withActivity({ dispersion: Number.NaN }))).toBeUndefined();
    expect(support('not-clockwork', withActivity({ binsMeaningful: false }))).toBeUndefined();
  });

  it('is one of the needs of a sustained verdict', () => {
    expect(profile.grade.needs).toContain('not-clockwork');
  });
});

describe('even: packets per active bin vary like a steady stream', () => {
  const { minBins } = profile.activity;
  const maxDispersion = profile.activity.dispersion.max;

  it('holds up to the maximum dispersion, fades on a log scale past it, -1 at fade times it', () => {
    expect(support('even', withActivity({ dispersion: 0 }))).toBe(1);
    expect(support('even', withActivity({ dispersion: maxDispersion }))).toBe(1);
    const partly = support('even', withActivity({ dispersion: maxDispersion * 1.5 }))!;
    expect(partly).toBeLessThan(1);
    expect(partly).toBeGreaterThan(-1);
    expect(support('even', withActivity({ dispersion: maxDispersion * profile.fade.dispersion }))).toBeCloseTo(-1, 12);
    expect(support('even', withActivity({ dispersion: 500 }))).toBe(-1);
  });

  it('raises the ceiling with the packets per bin: a fast miner scatters more, relative to its mean no more', () => {
    const { maxRelative } = profile.activity.dispersion;
    // 250 packets a bin (an ASIC's pool session): variance/mean 40 is within the relative ceiling.
    const fast = { meanPerBin: 250, dispersion: Math.min(40, maxRelative * 250) };
    expect(support('even', withActivity(fast))).toBe(1);
    // The same variance/mean on a quiet socket of 30 packets a bin is a person's bursts.
    expect(support('even', withActivity({ ...fast, meanPerBin: 30 }))!).toBeLessThan(0);
    // An unknown mean falls back to the fixed ceiling.
    expect(support('even', withActivity({ dispersion: maxDispersion, meanPerBin: Number.NaN }))).toBe(1);
  });

  it('is unknown before enough inner bins or without two active ones', () => {
    expect(support('even', withActivity({ bins: minBins - 1 }))).toBeUndefined();
    expect(support('even', withActivity({ dispersion: Number.NaN }))).toBeUndefined();
    expect(support('even', withActivity({ binsMeaningful: false }))).toBeUndefined();
    // Six bins, four of them inner, one of those active: no scatter to tell.
    expect(activityOf({ ...NO_ACTIVITY, firstBin: 0, counts: [5, 0, 9, 0, 0, 3] }, 3).dispersion).toBeNaN();
  });
});

describe('maxOverlap', () => {
  it('counts sessions open at one instant', () => {
    expect(maxOverlap([])).toBe(0);
    expect(maxOverlap([[0, 10], [5, 15], [9, 20], [16, 30]])).toBe(3);
    expect(maxOverlap([[0, 10], [11, 20]])).toBe(1);
    expect(maxOverlap([[0, 10], [10, 20]])).toBe(2);
  });
});
