/** src/flow/export-record.ts: a unidirectional export record to an oriented FlowRecord. */
import fc from 'fast-check';
import { exportToFlowRecord, type ExportRecord } from '../../../src/flow/export-record';
import { firstTalkerIsClient, isServerPort } from '../../../src/flow/orientation';

const base: ExportRecord = {
  src: '192.168.1.20',
  dst: '203.0.113.7',
  srcPort: 50522,
  dstPort: 3333,
  protocol: 6,
  packets: 58,
  bytes: 5916,
  first: 1000,
  last: 1300,
  tcpFlags: 0x18,
};

describe('exportToFlowRecord', () => {
  it('puts a client → server record in toServer', () => {
    expect(exportToFlowRecord({ ...base, exporter: '10.0.0.1' })).toEqual({
      source: 'flow-export',
      protocol: 6,
      client: { ip: '192.168.1.20', port: 50522 },
      server: { ip: '203.0.113.7', port: 3333 },
      clientBy: 'guess',
      firstSeen: 1000,
      lastSeen: 1300,
      toServer: { packets: 58, bytes: 5916, payloadBytes: 0, tcpFlags: 0x18 },
      toClient: { packets: 0, bytes: 0, payloadBytes: 0, tcpFlags: 0 },
      endReason: 'export',
      exporter: '10.0.0.1',
    });
  });

  it('puts the reply record of the same connection on the same pair, in toClient', () => {
    const reply = exportToFlowRecord({ ...base, src: base.dst, dst: base.src, srcPort: base.dstPort, dstPort: base.srcPort, packets: 61, bytes: 12444 });
    expect(reply).toMatchObject({ client: { ip: '192.168.1.20', port: 50522 }, server: { ip: '203.0.113.7', port: 3333 } });
    expect(reply.toClient).toEqual({ packets: 61, bytes: 12444, payloadBytes: 0, tcpFlags: 0x18 });
    expect(reply.toServer.packets).toBe(0);
    expect(reply.exporter).toBeUndefined();
  });

  it('puts biflow reverse counters in the other direction, whichever way the record points', () => {
    const forward = exportToFlowRecord({ ...base, reversePackets: 61, reverseBytes: 12444, reverseTcpFlags: 0x19 });
    const backward = exportToFlowRecord({ ...base, src: base.dst, dst: base.src, srcPort: 3333, dstPort: 50522, packets: 61, bytes: 12444, tcpFlags: 0x19, reversePackets: 58, reverseBytes: 5916, reverseTcpFlags: 0x18 });
    expect(backward).toEqual(forward);
    expect(forward.toClient).toEqual({ packets: 61, bytes: 12444, payloadBytes: 0, tcpFlags: 0x19 });
  });

  it('gives port-less protocols port 0 and takes their source as the client', () => {
    const icmp = exportToFlowRecord({ ...base, protocol: 1, srcPort: 0, dstPort: 2048 });
    expect(icmp).toMatchObject({ client: { ip: '192.168.1.20', port: 0 }, server: { ip: '203.0.113.7', port: 0 } });
  });

  it('never lets lastSeen come before firstSeen', () => {
    expect(exportToFlowRecord({ ...base, last: 900 })).toMatchObject({ firstSeen: 1000, lastSeen: 1000 });
  });

  it('orients both directions of a connection onto the same pair, whatever the ports', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }), fc.constantFrom(6, 17, 132), (a, b, protocol) => {
        const there = exportToFlowRecord({ ...base, protocol, srcPort: a, dstPort: b });
        const back = exportToFlowRecord({ ...base, protocol, src: base.dst, dst: base.src, srcPort: b, dstPort: a, packets: 7, bytes: 700 });
        expect(back.client).toEqual(there.client);
        expect(back.server).toEqual(there.server);
        // Each record's counters land on its own side: together they fill both directions.
        expect(there.toServer.packets + back.toServer.packets).toBe(there.client.ip === base.src ? base.packets : 7);
      }),
    );
  });

  it('agrees with the packet reader whenever a port looks like a service, and takes the higher port as the client otherwise', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }), (a, b) => {
        fc.pre(a !== b);
        const srcIsClient = exportToFlowRecord({ ...base, srcPort: a, dstPort: b }).client.ip === base.src;
        if (isServerPort(a) || isServerPort(b)) expect(srcIsClient).toBe(firstTalkerIsClient(a, b));
        else expect(srcIsClient).toBe(a > b);
      }),
    );
  });
});
