/** Random records through the table and every pattern, without the run's guard: nothing throws. */
import fc from 'fast-check';
import { readProfile } from '../../../detectors/flow-behaviour/profile';
import { TripletTable } from '../../../detectors/flow-behaviour/triplet-table';
import { fanIns } from '../../../detectors/site-pattern/fan-in';
import { farms } from '../../../detectors/site-pattern/farm';
import { miningSessions } from '../../../detectors/site-pattern/mining-sessions';
import { proxies } from '../../../detectors/site-pattern/proxy';
import { arbitraryFlow } from '../pool-domain/arbitrary-flow';
import { defaults } from '../flow-behaviour/run';

// Every threshold wide open, so random records do become "stratum-like" and reach the patterns.
const DEFAULT_PROFILE = defaults().detectors.stratumProfile;
const anything = readProfile({
  profile: {
    ...DEFAULT_PROFILE,
    // No needs: random records are rarely long enough for the bins to tell clockwork.
    grade: { ...DEFAULT_PROFILE.grade, needs: [], weakAt: -1000, stratumLikeAt: -1000, sustainedAt: -1000 },
    longLivedSeconds: -1,
    bytesPerPacket: { toServer: { min: 0, max: Number.MAX_VALUE }, toClient: { min: 0, max: Number.MAX_VALUE } },
    activity: { ...DEFAULT_PROFILE.activity, dispersion: { min: 0, max: Number.MAX_VALUE } },
    packetsPerMinute: { min: 0, max: Number.MAX_VALUE },
    maxPacketRatio: Number.MAX_VALUE,
    maxBytesPerMinute: Number.MAX_VALUE,
    minAckPshShare: 0,
    pushes: { maxGapSeconds: 100, minRecords: 1, minShare: 0 },
    excludedPorts: [],
  },
});

it('site patterns never throw on random records', () => {
  const flows = fc.array(
    arbitraryFlow.map((f) => ({ ...f, protocol: 6, client: { ...f.client, ip: `10.0.0.${Math.abs(f.client.port) % 4}` } })),
    { maxLength: 40 },
  );
  const isHome = (ip: string) => ip.startsWith('10.');
  let reached = 0;
  fc.assert(
    fc.property(flows, (records) => {
      const table = new TripletTable(16, 100);
      for (const r of records) table.add(r);
      const sessions = miningSessions(table.values(), anything);
      reached += sessions.length;
      for (const f of [...farms(sessions, isHome, 2), ...fanIns(sessions, isHome, 2), ...proxies(sessions, isHome, 1)]) {
        expect(f.size).toBeGreaterThan(0);
      }
    }),
    { numRuns: 300 },
  );
  expect(reached).toBeGreaterThan(0);
});
