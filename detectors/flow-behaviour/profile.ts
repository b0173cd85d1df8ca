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
  /** Average IP bytes per packet, a band for each direction. */
  bytesPerPacket: { toServer: Range; toClient: Range };
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
  /** Persistence and evenness over 5-minute bins (activity-bins.ts). */
  activity: { minBins: number; minActiveShare: number; dispersion: Range & { maxRelative: number } };
  /** How far beyond its band each kind of figure fades to counting fully against (signals.ts). */
  fade: { duration: number; share: number; size: number; rate: number; ratio: number; volume: number; dispersion: number };
  /** Points per signal at full support, and the points each verdict needs (verdict.ts). */
  grade: Grade;
}

export interface Grade {
  /** Signals a sustained verdict (and a site pattern's session) needs fully inside their bands. */
  needs: readonly string[];
  /** Per signal: points at support 1 (gain) and at support -1 (loss). */
  weights: Readonly<Record<string, { gain: number; loss: number }>>;
  weakAt: number;
  stratumLikeAt: number;
  /** ... or this share of the points the known signals could give, whichever is lower. */
  stratumLikeShare: number;
  sustainedAt: number;
  /** Packets actually sampled (counters over the rate) a sampled sustained verdict needs. */
  minSampledPackets: number;
  /** Session time a sustained verdict needs on top of its points. */
  sustainedSeconds: number;
  /** Destination context: the home clients of one endpoint judged together (verdict.ts). */
  peers: { minClients: number; burstyDispersion: number; minBurstyShare: number; weight: number };
}

function stringsAt(section: Section, key: string): string[] {
  const value = section[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function weightsAt(section: Section, key: string): Record<string, { gain: number; loss: number }> {
  const map = sectionAt(section, key);
  return Object.fromEntries(Object.keys(map).map((k) => [k, { gain: numberAt(sectionAt(map, k), 'gain'), loss: numberAt(sectionAt(map, k), 'loss') }]));
}

function rangeAt(section: Section, key: string): Range {
  const range = sectionAt(section, key);
  return { min: numberAt(range, 'min'), max: numberAt(range, 'max') };
}

export function readProfile(settings: Section | undefined): StratumProfile {
  const profile = sectionAt(settings, 'profile');
  const pushes = sectionAt(profile, 'pushes');
  const activity = sectionAt(profile, 'activity');
  const fade = sectionAt(profile, 'fade');
  const grade = sectionAt(profile, 'grade');
  const peers = sectionAt(grade, 'peers');
  return {
    longLivedSeconds: numberAt(profile, 'longLivedSeconds'),
    bytesPerPacket: { toServer: rangeAt(sectionAt(profile, 'bytesPerPacket'), 'toServer'), toClient: rangeAt(sectionAt(profile, 'bytesPerPacket'), 'toClient') },
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
    activity: {
      minBins: numberAt(activity, 'minBins'),
      minActiveShare: numberAt(activity, 'minActiveShare'),
      dispersion: { ...rangeAt(activity, 'dispersion'), maxRelative: numberAt(sectionAt(activity, 'dispersion'), 'maxRelative') },
    },
    fade: {
      duration: numberAt(fade, 'duration'),
      share: numberAt(fade, 'share'),
      size: numberAt(fade, 'size'),
      rate: numberAt(fade, 'rate'),
      ratio: numberAt(fade, 'ratio'),
      volume: numberAt(fade, 'volume'),
      dispersion: numberAt(fade, 'dispersion'),
    },
    grade: {
      needs: stringsAt(grade, 'needs'),
      weights: weightsAt(grade, 'weights'),
      weakAt: numberAt(grade, 'weakAt'),
      stratumLikeAt: numberAt(grade, 'stratumLikeAt'),
      stratumLikeShare: numberAt(grade, 'stratumLikeShare'),
      sustainedAt: numberAt(grade, 'sustainedAt'),
      sustainedSeconds: numberAt(grade, 'sustainedSeconds'),
      minSampledPackets: numberAt(grade, 'minSampledPackets'),
      peers: {
        minClients: numberAt(peers, 'minClients'),
        burstyDispersion: numberAt(peers, 'burstyDispersion'),
        minBurstyShare: numberAt(peers, 'minBurstyShare'),
        weight: numberAt(peers, 'weight'),
      },
    },
  };
}
