/**
 * What a Stratum session looks like in flow counters: the thresholds of the signals, read from the
 * `profile` part of a config section. flow-behaviour and site-pattern read the same shape, so
 * "stratum-like" means one thing in both.
 */
import { numberAt, portsAt, sectionAt, type Section } from './read-settings';

export interface Range {
  min: number;
  max: number;
}

export interface StratumProfile {
  longLivedSeconds: number;
  /** Average IP bytes per packet, checked in each direction. */
  bytesPerPacket: Range;
  /** Packets per minute of session time, checked in each direction. */
  packetsPerMinute: Range;
  /** Larger over smaller packet count of the two directions. */
  maxPacketRatio: number;
  /** Both directions together, per minute of session time. */
  maxBytesPerMinute: number;
  /** Share of TCP-flagged records carrying both ACK and PSH. */
  minAckPshShare: number;
  pushes: { maxGapSeconds: number; minRecords: number; minShare: number };
  /** Server ports of keepalive services, tunnels and blockchain peers: never judged. */
  excludedPorts: ReadonlySet<number>;
}

function rangeAt(section: Section, key: string): Range {
  const range = sectionAt(section, key);
  return { min: numberAt(range, 'min'), max: numberAt(range, 'max') };
}

export function readProfile(settings: Section | undefined): StratumProfile {
  const profile = sectionAt(settings, 'profile');
  const pushes = sectionAt(profile, 'pushes');
  return {
    longLivedSeconds: numberAt(profile, 'longLivedSeconds'),
    bytesPerPacket: rangeAt(profile, 'bytesPerPacket'),
    packetsPerMinute: rangeAt(profile, 'packetsPerMinute'),
    maxPacketRatio: numberAt(profile, 'maxPacketRatio'),
    maxBytesPerMinute: numberAt(profile, 'maxBytesPerMinute'),
    minAckPshShare: numberAt(profile, 'minAckPshShare'),
    pushes: {
      maxGapSeconds: numberAt(pushes, 'maxGapSeconds'),
      minRecords: numberAt(pushes, 'minRecords'),
      minShare: numberAt(pushes, 'minShare'),
    },
    excludedPorts: portsAt(profile, 'excludedPorts'),
  };
}
