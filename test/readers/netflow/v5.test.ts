import { v5Message, type V5Record } from '../../../fixtures/lib/netflow-writer';
import { codes, newDecoder } from './netflow-kit';

const EXPORT = 1_700_000_000;
const UPTIME = 3_600_000;

const minerToPool: V5Record = {
  src: '10.0.0.5', dst: '203.0.113.9', srcPort: 50123, dstPort: 3333, protocol: 6,
  packets: 40, bytes: 3_200, first: UPTIME - 90_000, last: UPTIME - 500, tcpFlags: 0x18,
};

describe('NetFlow v5', () => {
  it('decodes a record: endpoints, counters, flags and absolute times', () => {
    const d = newDecoder();
    d.decode(v5Message({ sysUptime: UPTIME, unixSeconds: EXPORT, unixNanos: 250_000_000 }, [minerToPool]), '192.0.2.1', 77);
    expect(d.issues).toEqual([]);
    expect(d.flows).toEqual([
      {
        source: 'flow-export',
        protocol: 6,
        client: { ip: '10.0.0.5', port: 50123 },
        server: { ip: '203.0.113.9', port: 3333 },
        clientBy: 'guess',
        firstSeen: EXPORT + 0.25 - 90,
        lastSeen: EXPORT + 0.25 - 0.5,
        toServer: { packets: 40, bytes: 3_200, payloadBytes: 0, tcpFlags: 0x18 },
        toClient: { packets: 0, bytes: 0, payloadBytes: 0, tcpFlags: 0 },
        endReason: 'export',
        exporter: '192.0.2.1',
      },
    ]);
  });

  it('gives the counters of a record sent by the server to toClient', () => {
    const d = newDecoder();
    const reply: V5Record = { ...minerToPool, src: '203.0.113.9', dst: '10.0.0.5', srcPort: 3333, dstPort: 50123, packets: 30 };
    d.decode(v5Message({ sysUptime: UPTIME, unixSeconds: EXPORT }, [reply]));
    const [f] = d.flows;
    expect([f.client, f.server]).toEqual([{ ip: '10.0.0.5', port: 50123 }, { ip: '203.0.113.9', port: 3333 }]);
    expect([f.toServer.packets, f.toClient.packets]).toEqual([0, 30]);
    expect(f.toClient.tcpFlags).toBe(0x18);
  });

  it('reads uptimes across the 32-bit wrap', () => {
    const d = newDecoder();
    // The exporter's uptime wrapped 100 ms ago; the flow started 400 ms before the wrap.
    d.decode(v5Message({ sysUptime: 100, unixSeconds: EXPORT }, [{ ...minerToPool, first: 0xffffffff - 399, last: 50 }]));
    expect(d.flows[0].firstSeen).toBeCloseTo(EXPORT - 0.5, 6);
    expect(d.flows[0].lastSeen).toBeCloseTo(EXPORT - 0.05, 6);
  });

  it('multiplies counters by the header sampling interval, whatever the mode bits', () => {
    const d = newDecoder();
    d.decode(v5Message({ sysUptime: UPTIME, unixSeconds: EXPORT, samplingInterval: 100, samplingMode: 1 }, [minerToPool]));
    d.decode(v5Message({ sysUptime: UPTIME, unixSeconds: EXPORT, samplingInterval: 1000, samplingMode: 0 }, [minerToPool]));
    expect(d.flows.map((f) => [f.toServer.packets, f.toServer.bytes])).toEqual([
      [4_000, 320_000],
      [40_000, 3_200_000],
    ]);
  });

  it('zeroes the "ports" of ICMP (they hold type and code) and keeps the source as client', () => {
    const d = newDecoder();
    d.decode(v5Message({ sysUptime: UPTIME, unixSeconds: EXPORT }, [{ ...minerToPool, protocol: 1, srcPort: 0, dstPort: 0x0800 }]));
    expect([d.flows[0].client, d.flows[0].server]).toEqual([{ ip: '10.0.0.5', port: 0 }, { ip: '203.0.113.9', port: 0 }]);
  });

  it('decodes all 30 records of a full message', () => {
    const d = newDecoder();
    const records = Array.from({ length: 30 }, (_, i) => ({ ...minerToPool, srcPort: 40000 + i }));
    d.decode(v5Message({ sysUptime: UPTIME, unixSeconds: EXPORT }, records));
    expect(d.flows.map((f) => f.client.port)).toEqual(records.map((r) => r.srcPort));
  });

  it('reports impossible record counts and skips the message', () => {
    for (const count of [0, 31, 500]) {
      const d = newDecoder();
      d.decode(v5Message({ sysUptime: UPTIME, unixSeconds: EXPORT, count }, [minerToPool]), 'x', 9);
      expect(d.flows).toEqual([]);
      expect(d.issues).toEqual([{ code: 'netflow.bad-header', offset: 9, message: expect.stringContaining(`counts ${count} records`) }]);
    }
  });

  it('decodes the complete records of a message cut short, and says so', () => {
    const d = newDecoder();
    const full = v5Message({ sysUptime: UPTIME, unixSeconds: EXPORT }, [minerToPool, minerToPool, minerToPool]);
    d.decode(full.subarray(0, full.length - 10));
    expect(d.flows).toHaveLength(2);
    expect(codes(d.issues)).toEqual(['netflow.truncated']);
    d.decode(full.subarray(0, 20));
    expect(codes(d.issues)).toEqual(['netflow.truncated', 'netflow.truncated']);
    expect(d.flows).toHaveLength(2);
  });
});
