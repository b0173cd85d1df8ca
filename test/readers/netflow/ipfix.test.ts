import {
  dataSet,
  ExportStreamWriter,
  ipv4Number,
  ipfixMessage,
  IPFIX_IPV4_FIELDS,
  optionsTemplateSet,
  templateSet,
  VARIABLE,
  withdrawalSet,
  type FieldValue,
  type TemplateField,
} from '../../../fixtures/lib/netflow-writer';
import { asExported, codes, newDecoder } from './netflow-kit';

const EXPORT = 1_700_000_000;
const header = { exportTime: EXPORT, domainId: 0 };
const START_MS = (EXPORT - 120) * 1000;

/** 8, 12, 7, 11, 4, 6, 2 (8 bytes), 1 (8 bytes), 152, 153. */
const miner: FieldValue[] = ['10.0.0.5', '203.0.113.9', 50123, 3333, 6, 0x18, 40, 3_200, START_MS, START_MS + 60_000];

function ntp(seconds: number): Buffer {
  const b = Buffer.alloc(8);
  const whole = Math.floor(seconds);
  b.writeUInt32BE(whole + 2_208_988_800, 0);
  b.writeUInt32BE(Math.round((seconds - whole) * 2 ** 32), 4);
  return b;
}

function decodeOne(fields: TemplateField[], values: FieldValue[], extraSets: Buffer[] = []) {
  const d = newDecoder();
  d.decode(ipfixMessage(header, [...extraSets, templateSet(10, [{ id: 256, fields }]), dataSet(256, fields, [values])]));
  return d;
}

describe('IPFIX', () => {
  it('decodes a record with millisecond times and names the observation domain', () => {
    const d = newDecoder();
    d.decode(ipfixMessage({ ...header, domainId: 3 }, [templateSet(10, [{ id: 256, fields: IPFIX_IPV4_FIELDS }]), dataSet(256, IPFIX_IPV4_FIELDS, [miner])]), '192.0.2.1');
    expect(d.issues).toEqual([]);
    const f = d.flows[0];
    expect(asExported(f)).toEqual({ src: '10.0.0.5', dst: '203.0.113.9', srcPort: 50123, dstPort: 3333, protocol: 6, packets: 40, bytes: 3_200 });
    expect([f.firstSeen, f.lastSeen, f.exporter]).toEqual([EXPORT - 120, EXPORT - 60, '192.0.2.1#3']);
  });

  it.each([
    ['seconds (150/151)', [{ id: 150, length: 4 }, { id: 151, length: 4 }], [EXPORT - 100, EXPORT - 40], 0],
    ['microseconds, NTP format (154/155)', [{ id: 154, length: 8 }, { id: 155, length: 8 }], [ntp(EXPORT - 100.25), ntp(EXPORT - 40.5)], 1e-6],
    ['nanoseconds, NTP format (156/157)', [{ id: 156, length: 8 }, { id: 157, length: 8 }], [ntp(EXPORT - 100.25), ntp(EXPORT - 40.5)], 1e-6],
    ['delta microseconds before export (158/159)', [{ id: 158, length: 4 }, { id: 159, length: 4 }], [100_250_000, 40_500_000], 1e-6],
  ] as Array<[string, TemplateField[], FieldValue[], number]>)('reads start and end times in %s', (_name, timeFields, times, precision) => {
    const fields = [...IPFIX_IPV4_FIELDS.slice(0, 8), ...timeFields];
    const d = decodeOne(fields, [...miner.slice(0, 8), ...times]);
    const f = d.flows[0];
    const start = precision === 0 ? EXPORT - 100 : EXPORT - 100.25;
    const end = precision === 0 ? EXPORT - 40 : EXPORT - 40.5;
    expect(Math.abs(f.firstSeen - start)).toBeLessThanOrEqual(precision);
    expect(Math.abs(f.lastSeen - end)).toBeLessThanOrEqual(precision);
  });

  it('reads uptime times against systemInitTimeMilliseconds from the record or from options data', () => {
    const uptimeFields: TemplateField[] = [...IPFIX_IPV4_FIELDS.slice(0, 8), { id: 22, length: 4 }, { id: 21, length: 4 }];
    const init = (EXPORT - 86_400) * 1000;
    const inRecord = decodeOne([...uptimeFields, { id: 160, length: 8 }], [...miner.slice(0, 8), 86_000_000, 86_300_000, init]);
    expect([inRecord.flows[0].firstSeen, inRecord.flows[0].lastSeen]).toEqual([EXPORT - 400, EXPORT - 100]);

    const options = [
      optionsTemplateSet(10, [{ id: 338, scope: [{ id: 149, length: 4 }], fields: [{ id: 160, length: 8 }] }]),
      dataSet(338, [{ id: 149, length: 4 }, { id: 160, length: 8 }], [[0, init]]),
    ];
    const fromOptions = decodeOne(uptimeFields, [...miner.slice(0, 8), 86_000_000, 86_300_000], options);
    expect([fromOptions.flows[0].firstSeen, fromOptions.flows[0].lastSeen]).toEqual([EXPORT - 400, EXPORT - 100]);

    // With no init time known the record ends at the export time and keeps its 300 s duration.
    const unknown = decodeOne(uptimeFields, [...miner.slice(0, 8), 86_000_000, 86_300_000]);
    expect([unknown.flows[0].firstSeen, unknown.flows[0].lastSeen]).toEqual([EXPORT - 300, EXPORT]);
  });

  it('uses the export time when a record has no times at all', () => {
    const d = decodeOne(IPFIX_IPV4_FIELDS.slice(0, 8), miner.slice(0, 8));
    expect([d.flows[0].firstSeen, d.flows[0].lastSeen]).toEqual([EXPORT, EXPORT]);
  });

  it('skips variable-length and enterprise fields by their length', () => {
    const fields: TemplateField[] = [
      { id: 82, length: VARIABLE }, // interfaceName, short length prefix
      { id: 100, length: 6, enterprise: 9 },
      { id: 8, length: 4 },
      { id: 7, length: VARIABLE, enterprise: 3054 }, // an enterprise element numbered like a port
      { id: 94, length: VARIABLE }, // applicationDescription, 3-byte length prefix
      { id: 12, length: 4 },
      { id: 2, length: 4 },
    ];
    const d = decodeOne(fields, ['eth0', Buffer.alloc(6, 0xee), '10.1.1.1', Buffer.alloc(2, 0x44), 'x'.repeat(300), '10.2.2.2', 9]);
    expect(d.issues).toEqual([]);
    expect(asExported(d.flows[0])).toMatchObject({ src: '10.1.1.1', dst: '10.2.2.2', srcPort: 0, packets: 9 });
  });

  it('reads variable-length addresses of the right size and skips records whose size is wrong', () => {
    const fields: TemplateField[] = [{ id: 8, length: VARIABLE }, { id: 12, length: VARIABLE }, { id: 2, length: 4 }];
    const d = newDecoder();
    const records = [
      [Buffer.from([10, 0, 0, 1]), Buffer.from([10, 0, 0, 2]), 1],
      [Buffer.from([10, 0, 0]), Buffer.from([10, 0, 0, 2]), 2],
      [Buffer.from([10, 0, 0, 3]), Buffer.from([10, 0, 0, 4]), 3],
    ];
    d.decode(ipfixMessage(header, [templateSet(10, [{ id: 256, fields }]), dataSet(256, fields, records)]));
    expect(d.flows.map((f) => [asExported(f).src, asExported(f).packets])).toEqual([['10.0.0.1', 1], ['10.0.0.3', 3]]);
    expect(d.issues).toEqual([]);
  });

  it('puts biflow reverse counters (RFC 5103, PEN 29305) on the other direction', () => {
    const fields: TemplateField[] = [
      ...IPFIX_IPV4_FIELDS.slice(0, 8),
      { id: 2, length: 8, enterprise: 29305 }, { id: 1, length: 8, enterprise: 29305 }, { id: 6, length: 1, enterprise: 29305 },
    ];
    // The pool (source port 3333) is the record's source: the miner becomes the client.
    const fromPool: FieldValue[] = ['203.0.113.9', '10.0.0.5', 3333, 50123, 6, 0x18, 30, 9_000, 45, 2_700, 0x1b];
    const f = decodeOne(fields, fromPool).flows[0];
    expect([f.client.ip, f.server.ip]).toEqual(['10.0.0.5', '203.0.113.9']);
    expect(f.toServer).toEqual({ packets: 45, bytes: 2_700, payloadBytes: 0, tcpFlags: 0x1b });
    expect(f.toClient).toEqual({ packets: 30, bytes: 9_000, payloadBytes: 0, tcpFlags: 0x18 });
  });

  it('decodes IPv6 records', () => {
    const fields: TemplateField[] = [{ id: 27, length: 16 }, { id: 28, length: 16 }, { id: 7, length: 2 }, { id: 11, length: 2 }, { id: 4, length: 1 }, { id: 2, length: 8 }];
    const f = decodeOne(fields, ['2001:db8::10', '2001:db8:ffff::3', 50000, 4444, 6, 12]).flows[0];
    expect(asExported(f)).toMatchObject({ src: '2001:db8::10', dst: '2001:db8:ffff::3', dstPort: 4444, packets: 12 });
  });

  it('withdraws one template, all data templates, or all options templates', () => {
    const d = newDecoder();
    const options = optionsTemplateSet(10, [{ id: 400, scope: [{ id: 149, length: 4 }], fields: [{ id: 160, length: 8 }] }]);
    const templates = templateSet(10, [{ id: 256, fields: IPFIX_IPV4_FIELDS }, { id: 257, fields: IPFIX_IPV4_FIELDS }]);
    d.decode(ipfixMessage(header, [templates, options]));
    expect(d.decoder.templateCount).toBe(3);
    d.decode(ipfixMessage(header, [withdrawalSet('data', [256])]));
    expect(d.decoder.templateCount).toBe(2);
    d.decode(ipfixMessage(header, [withdrawalSet('options', [3])]));
    expect(d.decoder.templateCount).toBe(1);
    d.decode(ipfixMessage(header, [dataSet(257, IPFIX_IPV4_FIELDS, [miner]), dataSet(256, IPFIX_IPV4_FIELDS, [miner])]));
    expect(d.flows).toHaveLength(1);
    expect(d.decoder.pendingCount).toBe(1);
    d.decode(ipfixMessage(header, [templates, withdrawalSet('data', [2])]));
    expect(d.decoder.templateCount).toBe(0);
    expect(d.flows).toHaveLength(2); // the held set, decoded when 256 came back
    d.decoder.flush();
    expect(d.issues).toEqual([]);
  });

  it.each([
    ['samplingPacketInterval alone (Cisco, Juniper)', [{ id: 305, length: 4 }], [512], 512],
    ['samplingPacketInterval and samplingPacketSpace', [{ id: 305, length: 4 }, { id: 306, length: 4 }], [1, 99], 100],
    ['samplingSize of samplingPopulation', [{ id: 305, length: 4 }, { id: 309, length: 4 }, { id: 310, length: 4 }], [1, 1, 256], 256],
    ['samplingProbability', [{ id: 311, length: 8 }], [Buffer.from([0x3f, 0x50, 0x62, 0x4d, 0xd2, 0xf1, 0xa9, 0xfc])], 1000],
  ] as Array<[string, TemplateField[], FieldValue[], number]>)('applies PSAMP sampling from options per selector id: %s', (_name, samplingFields, values, rate) => {
    const scope: TemplateField[] = [{ id: 302, length: 4 }];
    const dataFields: TemplateField[] = [...IPFIX_IPV4_FIELDS, { id: 302, length: 4 }];
    const d = newDecoder();
    d.decode(
      ipfixMessage(header, [
        optionsTemplateSet(10, [{ id: 257, scope, fields: samplingFields }]),
        dataSet(257, [...scope, ...samplingFields], [[7, ...values]]),
        templateSet(10, [{ id: 300, fields: dataFields }]),
        dataSet(300, dataFields, [[...miner, 7], [...miner, 8]]),
      ]),
    );
    expect(d.flows.map((f) => asExported(f).packets)).toEqual([40 * rate, 40]);
  });

  it('reads reduced-size counters', () => {
    const fields: TemplateField[] = [{ id: 8, length: 4 }, { id: 12, length: 4 }, { id: 2, length: 1 }, { id: 1, length: 3 }];
    expect(asExported(decodeOne(fields, ['10.0.0.1', '10.0.0.2', 200, 70_000]).flows[0])).toMatchObject({ packets: 200, bytes: 70_000 });
  });

  it('decodes the complete sets of a message longer than the datagram, and says so', () => {
    const d = newDecoder();
    const message = ipfixMessage(header, [templateSet(10, [{ id: 256, fields: IPFIX_IPV4_FIELDS }]), dataSet(256, IPFIX_IPV4_FIELDS, [miner]), dataSet(256, IPFIX_IPV4_FIELDS, [miner])]);
    d.decode(message.subarray(0, message.length - 8), 'x', 40);
    expect(d.flows).toHaveLength(1);
    expect(codes(d.issues)).toEqual(['netflow.truncated', 'netflow.bad-set']);
    expect(d.issues.every((i) => i.offset === 40)).toBe(true);
  });

  it('ignores bytes after the declared message length', () => {
    const d = newDecoder();
    const message = ipfixMessage(header, [templateSet(10, [{ id: 256, fields: IPFIX_IPV4_FIELDS }]), dataSet(256, IPFIX_IPV4_FIELDS, [miner])]);
    d.decode(Buffer.concat([message, Buffer.from('trailing bytes of the datagram')]));
    expect([d.flows.length, d.issues]).toEqual([1, []]);
  });

  it('decodes what the streaming writer packs, record for record', () => {
    const writer = new ExportStreamWriter({ version: 10, fields: IPFIX_IPV4_FIELDS, domainId: 9, templateEvery: 3 });
    const d = newDecoder();
    for (let i = 0; i < 1000; i++) {
      const values = [ipv4Number('10.0.0.0') + i, ipv4Number('203.0.113.9'), 40000 + i, 3333, 6, 0x18, i + 1, 100 * (i + 1), START_MS + i, START_MS + 2 * i];
      const message = writer.add(values, EXPORT);
      if (message) d.decode(message);
    }
    const last = writer.flush();
    if (last) d.decode(last);
    expect(d.issues).toEqual([]);
    expect(d.flows).toHaveLength(1000);
    d.flows.forEach((f, i) => {
      expect(asExported(f)).toEqual({ src: `10.0.${i >> 8}.${i & 0xff}`, dst: '203.0.113.9', srcPort: 40000 + i, dstPort: 3333, protocol: 6, packets: i + 1, bytes: 100 * (i + 1) });
      expect([f.firstSeen, f.lastSeen, f.exporter]).toEqual([(START_MS + i) / 1000, (START_MS + 2 * i) / 1000, '192.0.2.9#9']);
    });
  });
});
