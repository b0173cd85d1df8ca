import {
  dataSet,
  optionsTemplateSet,
  set,
  templateSet,
  v9Message,
  V9_IPV4_FIELDS,
  type FieldValue,
  type TemplateField,
} from '../../../fixtures/lib/netflow-writer';
import { asExported, codes, newDecoder } from './netflow-kit';

const EXPORT = 1_700_000_000;
const UPTIME = 7_200_000;
const header = { sysUptime: UPTIME, unixSeconds: EXPORT, sourceId: 0 };

/** 8 src, 12 dst, 7/11 ports, 4 protocol, 6 flags, 2 packets, 1 bytes, 22 first, 21 last. */
function record(src: string, dst: string, srcPort: number, dstPort: number, packets: number, bytes: number): FieldValue[] {
  return [src, dst, srcPort, dstPort, 6, 0x18, packets, bytes, UPTIME - 60_000, UPTIME - 1_000];
}

const miner = record('10.0.0.5', '203.0.113.9', 50123, 3333, 40, 3_200);

describe('NetFlow v9', () => {
  it('decodes data through its template, with times relative to the header uptime', () => {
    const d = newDecoder();
    d.decode(v9Message({ ...header, sourceId: 7 }, [templateSet(9, [{ id: 256, fields: V9_IPV4_FIELDS }]), dataSet(256, V9_IPV4_FIELDS, [miner])]), '192.0.2.1');
    expect(d.issues).toEqual([]);
    expect(d.flows).toHaveLength(1);
    const f = d.flows[0];
    expect(asExported(f)).toEqual({ src: '10.0.0.5', dst: '203.0.113.9', srcPort: 50123, dstPort: 3333, protocol: 6, packets: 40, bytes: 3_200 });
    expect([f.firstSeen, f.lastSeen]).toEqual([EXPORT - 60, EXPORT - 1]);
    expect(f.toServer.tcpFlags).toBe(0x18);
    expect(f.exporter).toBe('192.0.2.1#7');
  });

  it('holds data that arrives before its template and decodes it with its own header times', () => {
    const d = newDecoder();
    d.decode(v9Message({ ...header, unixSeconds: EXPORT - 30 }, [dataSet(256, V9_IPV4_FIELDS, [miner])]));
    expect(d.flows).toEqual([]);
    expect(d.decoder.pendingCount).toBe(1);
    d.decode(v9Message(header, [templateSet(9, [{ id: 256, fields: V9_IPV4_FIELDS }])]));
    expect(d.decoder.pendingCount).toBe(0);
    expect(d.flows).toHaveLength(1);
    expect(d.flows[0].lastSeen).toBe(EXPORT - 30 - 1);
    d.decoder.flush();
    expect(d.issues).toEqual([]);
  });

  it('uses a redefined template for later data, and ignores identical resends', () => {
    const d = newDecoder();
    const swapped: TemplateField[] = [V9_IPV4_FIELDS[1], V9_IPV4_FIELDS[0], ...V9_IPV4_FIELDS.slice(2)];
    d.decode(v9Message(header, [templateSet(9, [{ id: 256, fields: V9_IPV4_FIELDS }]), dataSet(256, V9_IPV4_FIELDS, [miner])]));
    d.decode(v9Message(header, [templateSet(9, [{ id: 256, fields: V9_IPV4_FIELDS }])]));
    expect(d.decoder.templateCount).toBe(1);
    d.decode(v9Message(header, [templateSet(9, [{ id: 256, fields: swapped }]), dataSet(256, V9_IPV4_FIELDS, [miner])]));
    // The same bytes read through the new layout: the first address is now the destination.
    expect(d.flows.map((f) => asExported(f).src)).toEqual(['10.0.0.5', '203.0.113.9']);
    expect(d.decoder.templateCount).toBe(1);
  });

  it('keeps templates per exporter and per source id', () => {
    const d = newDecoder();
    const other: TemplateField[] = [{ id: 12, length: 4 }, { id: 8, length: 4 }, { id: 2, length: 4 }];
    d.decode(v9Message(header, [templateSet(9, [{ id: 300, fields: V9_IPV4_FIELDS }])]), 'a');
    d.decode(v9Message(header, [templateSet(9, [{ id: 300, fields: other }])]), 'b');
    d.decode(v9Message({ ...header, sourceId: 2 }, [templateSet(9, [{ id: 300, fields: other }])]), 'a');
    d.decode(v9Message(header, [dataSet(300, V9_IPV4_FIELDS, [miner])]), 'a');
    d.decode(v9Message(header, [dataSet(300, other, [['10.9.9.9', '10.8.8.8', 5]])]), 'b');
    d.decode(v9Message({ ...header, sourceId: 2 }, [dataSet(300, other, [['10.7.7.7', '10.6.6.6', 6]])]), 'a');
    expect(d.flows.map((f) => [f.exporter, asExported(f).src, asExported(f).packets])).toEqual([
      ['a', '10.0.0.5', 40],
      ['b', '10.8.8.8', 5],
      ['a#2', '10.6.6.6', 6],
    ]);
  });

  it('applies the sampling interval of options data: per sampler id, else the exporter-wide one', () => {
    const d = newDecoder();
    const samplerFields: TemplateField[] = [...V9_IPV4_FIELDS, { id: 48, length: 1 }];
    const sets = [
      // Scope "system" (type 1, which as a field type would be a byte counter: must not be read as one).
      optionsTemplateSet(9, [{ id: 260, scope: [{ id: 1, length: 4 }], fields: [{ id: 34, length: 4 }, { id: 35, length: 1 }] }]),
      optionsTemplateSet(9, [{ id: 261, scope: [{ id: 2, length: 4 }], fields: [{ id: 48, length: 1 }, { id: 49, length: 1 }, { id: 50, length: 4 }] }]),
      dataSet(260, [{ id: 1, length: 4 }, { id: 34, length: 4 }, { id: 35, length: 1 }], [[0, 10, 1]]),
      dataSet(261, [{ id: 2, length: 4 }, { id: 48, length: 1 }, { id: 49, length: 1 }, { id: 50, length: 4 }], [[3, 1, 2, 100], [3, 2, 2, 1000]]),
      templateSet(9, [{ id: 256, fields: V9_IPV4_FIELDS }, { id: 257, fields: samplerFields }]),
      dataSet(256, V9_IPV4_FIELDS, [miner]),
      dataSet(257, samplerFields, [[...miner, 1], [...miner, 2], [...miner, 9]]),
    ];
    d.decode(v9Message(header, sets));
    expect(d.issues).toEqual([]);
    expect(d.flows.map((f) => asExported(f).packets)).toEqual([400, 4_000, 40_000, 400]);
  });

  it('reads counters of any width, skips zero-length fields and 4-byte padding', () => {
    const d = newDecoder();
    const fields: TemplateField[] = [
      { id: 8, length: 4 }, { id: 12, length: 4 }, { id: 95, length: 0 }, { id: 4, length: 1 },
      { id: 2, length: 2 }, { id: 1, length: 8 }, { id: 7, length: 2 }, { id: 11, length: 2 },
    ];
    d.decode(v9Message(header, [templateSet(9, [{ id: 256, fields }]), dataSet(256, fields, [['10.0.0.1', '10.0.0.2', Buffer.alloc(0), 17, 65_535, 2 ** 40, 5353, 5353]])]));
    expect(d.issues).toEqual([]);
    expect(asExported(d.flows[0])).toMatchObject({ protocol: 17, packets: 65_535, bytes: 2 ** 40 });
  });

  it('takes the later of repeated fields (a tunnel inner header) and the set address family', () => {
    const d = newDecoder();
    // Outer IPv6 header (protocol 4, IPIP), then the inner IPv4 header's fields, as Huawei sends.
    const fields: TemplateField[] = [
      { id: 27, length: 16 }, { id: 28, length: 16 }, { id: 4, length: 1 }, { id: 7, length: 2 }, { id: 11, length: 2 }, { id: 2, length: 4 },
      { id: 8, length: 4 }, { id: 12, length: 4 }, { id: 4, length: 1 }, { id: 7, length: 2 }, { id: 11, length: 2 },
    ];
    const tunnelled = ['2001:db8::1', '2001:db8::2', 4, 0, 0, 7, '192.0.2.110', '192.0.2.14', 17, 2222, 1111];
    const plainV6 = ['2001:db8::1', '2001:db8::2', 17, 53, 40000, 3, '0.0.0.0', '0.0.0.0', 17, 53, 40000];
    d.decode(v9Message(header, [templateSet(9, [{ id: 256, fields }]), dataSet(256, fields, [tunnelled, plainV6])]));
    expect(d.flows.map(asExported)).toEqual([
      { src: '192.0.2.110', dst: '192.0.2.14', srcPort: 2222, dstPort: 1111, protocol: 17, packets: 7, bytes: 0 },
      { src: '2001:db8::1', dst: '2001:db8::2', srcPort: 53, dstPort: 40000, protocol: 17, packets: 3, bytes: 0 },
    ]);
  });

  it('reads firewall initiator/responder counters (Cisco ASA NSEL) as the two directions', () => {
    const d = newDecoder();
    const fields: TemplateField[] = [
      { id: 8, length: 4 }, { id: 12, length: 4 }, { id: 7, length: 2 }, { id: 11, length: 2 }, { id: 4, length: 1 },
      { id: 231, length: 4 }, { id: 232, length: 4 }, { id: 298, length: 4 }, { id: 299, length: 4 },
    ];
    d.decode(v9Message(header, [templateSet(9, [{ id: 263, fields }]), dataSet(263, fields, [['10.0.0.5', '198.51.100.1', 50000, 443, 6, 500, 9_000, 5, 8]])]));
    const f = d.flows[0];
    expect([f.toServer.bytes, f.toServer.packets, f.toClient.bytes, f.toClient.packets]).toEqual([500, 5, 9_000, 8]);
  });

  it('decodes several templates in one flowset and several data flowsets in one message', () => {
    const d = newDecoder();
    const v6: TemplateField[] = [{ id: 27, length: 16 }, { id: 28, length: 16 }, { id: 2, length: 4 }];
    d.decode(
      v9Message(header, [
        templateSet(9, [{ id: 256, fields: V9_IPV4_FIELDS }, { id: 257, fields: v6 }]),
        dataSet(257, v6, [['2001:db8::5', 'fe80::1', 2]]),
        dataSet(256, V9_IPV4_FIELDS, [miner, miner]),
      ]),
    );
    expect(d.flows.map((f) => asExported(f).src)).toEqual(['2001:db8::5', '10.0.0.5', '10.0.0.5']);
  });

  it('reports a reserved flowset id and goes on with the next flowset', () => {
    const d = newDecoder();
    d.decode(v9Message(header, [set(9, Buffer.alloc(8)), templateSet(9, [{ id: 256, fields: V9_IPV4_FIELDS }]), dataSet(256, V9_IPV4_FIELDS, [miner])]), 'x', 5);
    expect(codes(d.issues)).toEqual(['netflow.bad-set']);
    expect(d.issues[0]).toMatchObject({ offset: 5, message: expect.stringContaining('set id 9 at byte 20') });
    expect(d.flows).toHaveLength(1);
  });
});
