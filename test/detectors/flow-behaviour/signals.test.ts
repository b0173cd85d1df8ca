import type { TripletMeasures } from '../../../detectors/flow-behaviour/measures';
import { maxOverlap } from '../../../detectors/flow-behaviour/overlap';
import { readProfile } from '../../../detectors/flow-behaviour/profile';
import { SIGNALS } from '../../../detectors/flow-behaviour/signals';
import { behaviourSettings } from './run';

const profile = readProfile(behaviourSettings());
const ACK_PSH = 0x18;

const stratum: TripletMeasures = {
  sessionSeconds: 3600,
  longestSessionSeconds: 3600,
  sessions: 1,
  concurrentSessions: 1,
  packetsPerMinute: { toServer: 6, toClient: 5 },
  bytesPerPacket: { toServer: 120, toClient: 300 },
  packetRatio: 1.2,
  bytesPerMinute: 2200,
  ackPshShare: 1,
  flagsSeen: ACK_PSH | 0x03,
  fineRecords: 60,
  serverDataShare: 1,
  longestRecordGapSeconds: 0,
};
const withMeasures = (change: Partial<TripletMeasures>) => ({ ...stratum, ...change });

describe('behaviour signals at their default thresholds', () => {
  it('all hold for a Stratum session', () => {
    for (const signal of Object.values(SIGNALS)) expect(signal(stratum, profile)).toBe(true);
  });

  it.each([
    ['long-lived', { longestSessionSeconds: 300 }],
    ['ack-psh', { ackPshShare: 0.85 }],
    ['ack-psh', { flagsSeen: ACK_PSH | 0x04 }],
    ['small-packets', { bytesPerPacket: { toServer: 54, toClient: 300 } }],
    ['small-packets', { bytesPerPacket: { toServer: 120, toClient: 1400 } }],
    ['steady-rate', { packetsPerMinute: { toServer: 6, toClient: 1 } }],
    ['steady-rate', { packetsPerMinute: { toServer: 600, toClient: 5 } }],
    ['symmetric', { packetRatio: 2 }],
    ['not-bulk', { bytesPerMinute: 50_000 }],
    ['periodic-pushes', { serverDataShare: 0.5 }],
    ['periodic-pushes', { longestRecordGapSeconds: 240 }],
  ] as const)('%s fails on %j', (name, change) => {
    expect(SIGNALS[name](withMeasures(change), profile)).toBe(false);
  });

  it('answers unknown where records cannot tell', () => {
    expect(SIGNALS['ack-psh'](withMeasures({ ackPshShare: Number.NaN }), profile)).toBeUndefined();
    expect(SIGNALS['periodic-pushes'](withMeasures({ fineRecords: 2 }), profile)).toBeUndefined();
  });

  it('lets ECN bits through: they come from the handshake, not from the conversation', () => {
    expect(SIGNALS['ack-psh'](withMeasures({ flagsSeen: ACK_PSH | 0xc0 }), profile)).toBe(true);
  });

  it('holds nothing when the config is unusable', () => {
    const broken = readProfile({ profile: { bytesPerPacket: 'big' } });
    expect(SIGNALS['small-packets'](stratum, broken)).toBe(false);
    expect(SIGNALS['long-lived'](stratum, broken)).toBe(false);
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
