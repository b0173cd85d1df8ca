/**
 * Long, quiet or periodic conversations that are not mining. None may reach
 * behaviour.stratum-like; where a profile alone already fails, the test shows it on a port that
 * is not on the exclusion list too, so the exclusion is a second guard, not the only one.
 */
import { BEHAVIOUR_CODES, FLOW_BEHAVIOUR_CODES } from '../../../detectors/flow-behaviour/codes';
import { connection, PROFILES } from './records';
import { behaviourRun, codesOf, defaults, sweepAfter } from './run';

const HOUR = 3600;
const UNLISTED_PORT = 7000;

describe('flow-behaviour: look-alikes stay below stratum-like', () => {
  it.each([
    ['MQTT keepalive', PROFILES.mqtt, 1883],
    ['MQTT over TLS keepalive', PROFILES.mqtt, 8883],
    ['SSH ServerAliveInterval', PROFILES.sshKeepalive, 22],
    ['APNs push channel', PROFILES.pushChannel, 5223],
    ['FCM push channel', PROFILES.pushChannel, 5228],
  ])('%s on its own port produces no evidence at all', (_name, profile, serverPort) => {
    expect(sweepAfter(behaviourRun(), connection({ seconds: 4 * HOUR, recordSeconds: 60, serverPort, ...profile }))).toEqual([]);
  });

  it.each([
    ['MQTT keepalive', PROFILES.mqtt],
    ['SSH keepalive', PROFILES.sshKeepalive],
    ['push channel', PROFILES.pushChannel],
  ])('%s fails on its rate profile even on an unlisted port', (_name, profile) => {
    const evidence = sweepAfter(behaviourRun(), connection({ seconds: 4 * HOUR, recordSeconds: 60, serverPort: UNLISTED_PORT, ...profile }));
    expect(evidence).toEqual([]);
  });

  it('keeps the keepalive, tunnel and node ports on the exclusion list by default', () => {
    const excluded = defaults().detectors.stratumProfile.excludedPorts;
    expect(excluded).toEqual(expect.arrayContaining([22, 1883, 8883, 5223, 5228, 1194, 8333, 30303]));
  });

  it('an OpenVPN tunnel over TCP fails on rate and volume, on any port', () => {
    for (const serverPort of [1194, UNLISTED_PORT]) {
      const evidence = sweepAfter(behaviourRun(), connection({ seconds: HOUR, recordSeconds: 60, serverPort, ...PROFILES.vpnTunnel }));
      expect(evidence).toEqual([]);
    }
  });

  it('WireGuard and IKE tunnels are UDP and never tracked', () => {
    for (const serverPort of [51820, 500, 4500]) {
      const tunnel = connection({ seconds: HOUR, recordSeconds: 60, serverPort, ...PROFILES.miner }).map((r) => ({ ...r, protocol: 17 }));
      expect(sweepAfter(behaviourRun(), tunnel)).toEqual([]);
    }
  });

  it('a bulk data-centre transfer fails on size, rate and volume', () => {
    const evidence = sweepAfter(behaviourRun(), connection({ seconds: HOUR, recordSeconds: 60, serverPort: 9866, ...PROFILES.bulk }));
    expect(evidence).toEqual([]);
  });

  it('a short web session is never judged', () => {
    const evidence = sweepAfter(behaviourRun(), connection({ seconds: 20, recordSeconds: 60, serverPort: 443, ...PROFILES.web }));
    expect(evidence).toEqual([]);
  });

  it('request/response polling of a node API stays below stratum-like: its 2:1 packet ratio is not Stratum', () => {
    const { grade } = defaults().detectors.stratumProfile;
    for (const recordSeconds of [60, 300]) {
      const evidence = sweepAfter(behaviourRun(), connection({ seconds: 4 * HOUR, recordSeconds, serverPort: 8545, ...PROFILES.rpcPolling }));
      // At most a watch-list entry, with the imbalance named.
      expect(codesOf(evidence).filter((c) => c !== BEHAVIOUR_CODES.weak)).toEqual([]);
      for (const e of evidence) {
        expect(e.facts.points).toBeLessThan(grade.stratumLikeAt);
        expect(String(e.facts.partial)).toMatch(/symmetric -0\.\d+/);
      }
    }
  });

  it('the same polling balanced would score higher: the ratio is what holds it down', () => {
    const balanced = { ...PROFILES.rpcPolling, toClient: { packets: 8, bytes: 8 * 230 } };
    const [polling] = sweepAfter(behaviourRun({ profile: { ...defaults().detectors.stratumProfile, grade: { ...defaults().detectors.stratumProfile.grade, weakAt: -100 } } }),
      connection({ seconds: 4 * HOUR, recordSeconds: 300, serverPort: 8545, ...PROFILES.rpcPolling }));
    const [even] = sweepAfter(behaviourRun(), connection({ seconds: 4 * HOUR, recordSeconds: 300, serverPort: 8545, ...balanced }));
    expect(even.facts.points as number).toBeGreaterThan(polling.facts.points as number);
  });

  it.each([
    ['MQTT keepalive', PROFILES.mqtt],
    ['SSH keepalive', PROFILES.sshKeepalive],
    ['push channel', PROFILES.pushChannel],
    ['OpenVPN tunnel', PROFILES.vpnTunnel],
    ['bulk transfer', PROFILES.bulk],
    ['web session', PROFILES.web],
  ])('%s on an unlisted port scores below weakAt, whatever the record length', (_name, profile) => {
    const { grade } = defaults().detectors.stratumProfile;
    // weakAt pushed out of reach so every verdict shows its points.
    const open = behaviourRun({ profile: { ...defaults().detectors.stratumProfile, grade: { ...grade, weakAt: -1000 } } });
    for (const recordSeconds of [60, 300, 1800]) {
      const evidence = sweepAfter(behaviourRun(), connection({ seconds: 4 * HOUR, recordSeconds, serverPort: UNLISTED_PORT, ...profile }));
      expect(evidence).toEqual([]);
    }
    const [shown] = sweepAfter(open, connection({ seconds: 4 * HOUR, recordSeconds: 60, serverPort: UNLISTED_PORT, ...profile }));
    expect(shown.facts.points).toBeLessThan(grade.weakAt);
  });

  it('a weak verdict stays below the flagging level and never names its peer a pool', () => {
    const weak = FLOW_BEHAVIOUR_CODES.find((c) => c.code === BEHAVIOUR_CODES.weak)!;
    expect(weak.weight * 100).toBeLessThan(defaults().score.mediumAt);
    expect(weak.peerIsPool).toBe(false);
  });
});
