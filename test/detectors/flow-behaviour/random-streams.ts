/**
 * Random TCP record streams for the window-part properties: a few triplets and client ports,
 * short and long records, both directions or one, with or without TCP flags, times to the
 * millisecond (so sums of fractional times are exercised), cut into consecutive files.
 */
import fc from 'fast-check';
import type { FlowRecord } from '../../../src/detect/api';
import { configSchema } from '../../../src/config/schema';
import { makeFlow } from '../../helpers/flows';
import { byEndTime, cutAt } from './parts';
import { T0 } from './records';

export interface StreamNames {
  clients: readonly string[];
  servers: readonly string[];
  serverPorts: readonly number[];
  clientPorts: readonly number[];
}

const [FIN, SYN, RST, PSH, ACK, URG] = [0x01, 0x02, 0x04, 0x08, 0x10, 0x20];
// A reset or urgent record now and then: often enough to be seen, rarely enough that most
// triplets can still be stratum-like (one such record anywhere rules a triplet out).
const flags = fc.oneof(
  { arbitrary: fc.constantFrom(0, ACK | PSH, ACK, ACK | PSH | FIN, ACK | PSH | SYN), weight: 19 },
  { arbitrary: fc.constantFrom(ACK | RST, ACK | PSH | URG), weight: 1 },
);
const direction = fc
  .tuple(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 60 })), fc.integer({ min: 40, max: 1500 }), flags)
  .map(([packets, size, flags]) => ({ packets, bytes: packets * size, payloadBytes: 0, tcpFlags: packets ? flags : 0 }));

export function tcpRecord(names: StreamNames): fc.Arbitrary<FlowRecord> {
  return fc
    .record({
      client: fc.constantFrom(...names.clients),
      server: fc.constantFrom(...names.servers),
      serverPort: fc.constantFrom(...names.serverPorts),
      clientPort: fc.constantFrom(...names.clientPorts),
      startMs: fc.integer({ min: 0, max: 7200 * 1000 }),
      seconds: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 200, max: 1800 })),
      source: fc.constantFrom('flow-export' as const, 'packet' as const),
      toServer: direction,
      toClient: direction,
    })
    .map((r) => {
      const firstSeen = T0 + r.startMs / 1000;
      return makeFlow({
        source: r.source,
        client: r.client,
        server: r.server,
        clientPort: r.clientPort,
        serverPort: r.serverPort,
        firstSeen,
        lastSeen: firstSeen + r.seconds,
        extra: { payload: undefined, toServer: r.toServer, toClient: r.toClient },
      });
    });
}

/** A stream in the order an exporter writes it, cut into 1-4 consecutive files. */
export function consecutiveFiles(record: fc.Arbitrary<FlowRecord>): fc.Arbitrary<{ records: FlowRecord[]; files: FlowRecord[][] }> {
  return fc
    .tuple(fc.array(record, { minLength: 1, maxLength: 60 }), fc.array(fc.nat(60), { maxLength: 3 }))
    .map(([unordered, cuts]) => {
      const records = byEndTime(unordered);
      return { records, files: cutAt(records, cuts) };
    });
}

/** The profile's every threshold wide open, so random records get verdicts and form patterns. */
export const WIDE_OPEN_PROFILE = {
  ...configSchema.parse({}).detectors.stratumProfile,
  longLivedSeconds: 120,
  bytesPerPacket: { toServer: { min: 0, max: 1e9 }, toClient: { min: 0, max: 1e9 } },
  packetsPerMinute: { min: 0, max: 1e9 },
  maxPacketRatio: 1e9,
  maxBytesPerMinute: 1e12,
  minAckPshShare: 0.5,
  pushes: { maxGapSeconds: 100, minRecords: 1, minShare: 0.5 },
  excludedPorts: [],
  activity: { ...configSchema.parse({}).detectors.stratumProfile.activity, dispersion: { min: 0, max: 1e9 } },
  // No needs either: random records are rarely long enough for the bins to tell clockwork.
  grade: { ...configSchema.parse({}).detectors.stratumProfile.grade, needs: [], weakAt: -1000, stratumLikeAt: -1000, sustainedAt: -1000 },
};
