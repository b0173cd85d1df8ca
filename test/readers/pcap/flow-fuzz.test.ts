import fc from 'fast-check';
import type { DecodedPacket } from '../../../src/readers/pcap/packet';
import { assemble, tcpPacket, udpPacket } from './flow-helpers';

/** Few hosts and ports, so that packets collide into shared flows and both directions. */
const packetArbitrary: fc.Arbitrary<(time: number) => DecodedPacket> = fc
  .record({
    tcp: fc.boolean(),
    forward: fc.boolean(),
    host: fc.constantFrom('10.0.0.1', '10.0.0.2', 'fd00::1'),
    port: fc.constantFrom(53, 3333, 50000, 50001),
    seq: fc.oneof(fc.nat(40), fc.constant(0xfffffff0), fc.nat(0xffffffff)),
    flags: fc.nat(0x3f),
    payload: fc.uint8Array({ maxLength: 60 }),
    dnsLike: fc.boolean(),
  })
  .map((spec) => (time: number) => {
    const payload = Buffer.from(spec.payload);
    if (spec.dnsLike && payload.length >= 3) payload[2] |= 0x80;
    const ends = { src: spec.host, dst: '203.0.113.9', srcPort: spec.port, dstPort: 4444 };
    const oriented = spec.forward ? ends : { src: ends.dst, dst: ends.src, srcPort: ends.dstPort, dstPort: ends.srcPort };
    return spec.tcp
      ? tcpPacket({ ...oriented, seq: spec.seq, flags: spec.flags, payload, time })
      : udpPacket({ ...oriented, payload, time });
  });

describe('FlowAssembler on random packets', () => {
  it('never throws, and accounts for every packet exactly once', () => {
    const scenario = fc.record({
      packets: fc.array(fc.tuple(packetArbitrary, fc.double({ min: -1, max: 40, noNaN: true })), { maxLength: 200 }),
      payloadBytes: fc.constantFrom(0, 8, 64),
      maxPendingSegments: fc.constantFrom(0, 2, 64),
    });
    fc.assert(
      fc.property(scenario, ({ packets, payloadBytes, maxPendingSegments }) => {
        const { feed, assembler, flows } = assemble({
          maxFlows: 16,
          payloadBytes,
          maxPendingSegments,
          tcpIdleSeconds: 60,
          udpIdleSeconds: 20,
          activeTimeoutSeconds: 100,
        });
        let time = 1000;
        const fed = packets.map(([make, step]) => make((time += step)));
        feed(fed);
        assembler.flush();
        const counted = flows.reduce((n, f) => n + f.toServer.packets + f.toClient.packets, 0);
        expect(counted + assembler.stats.afterClose).toBe(fed.length);
        expect(assembler.size).toBe(0);
        for (const flow of flows) {
          expect(flow.lastSeen).toBeGreaterThanOrEqual(flow.firstSeen);
          if (payloadBytes === 0) expect(flow.payload).toBeUndefined();
          else expect(flow.payload?.toServer.bytes.length ?? 0).toBeLessThanOrEqual(payloadBytes);
        }
      }),
      { numRuns: 300 },
    );
  });
});
