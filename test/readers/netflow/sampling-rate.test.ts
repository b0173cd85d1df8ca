/**
 * The sampling rate on NetFlow/IPFIX records (FlowRecord.sampling): the rate the exporter stated
 * (v5 header, v9/IPFIX options or in-record fields) with the counters scaled by it; none for
 * unsampled records; flowExport.samplingRate only where the exporter states nothing; a rate
 * that is no rate is never set.
 */
import {
  dataSet,
  ipfixMessage,
  IPFIX_IPV4_FIELDS,
  optionsTemplateSet,
  templateSet,
  v5Message,
  v9Message,
  V9_IPV4_FIELDS,
  type FieldValue,
  type TemplateField,
  type V5Record,
} from '../../../fixtures/lib/netflow-writer';
import { asExported, newDecoder } from './netflow-kit';

const EXPORT = 1_700_000_000;
const UPTIME = 3_600_000;
const START_MS = (EXPORT - 120) * 1000;

const v5Record: V5Record = {
  src: '10.0.0.5', dst: '203.0.113.9', srcPort: 50123, dstPort: 3333, protocol: 6,
  packets: 40, bytes: 3_200, first: UPTIME - 90_000, last: UPTIME - 500, tcpFlags: 0x18,
};
const v5 = (samplingInterval: number, samplingMode = 1) => v5Message({ sysUptime: UPTIME, unixSeconds: EXPORT, samplingInterval, samplingMode }, [v5Record]);

/** 8, 12, 7, 11, 4, 6, 2 (8 bytes), 1 (8 bytes), 152, 153. */
const miner: FieldValue[] = ['10.0.0.5', '203.0.113.9', 50123, 3333, 6, 0x18, 40, 3_200, START_MS, START_MS + 60_000];
const ipfixHeader = { exportTime: EXPORT, domainId: 0 };

const brief = (f: ReturnType<typeof newDecoder>['flows'][number]) => ({ packets: asExported(f).packets, bytes: asExported(f).bytes, sampling: f.sampling });

describe('NetFlow v5 sampling', () => {
  it('carries the header interval the counters were scaled by', () => {
    const d = newDecoder();
    d.decode(v5(100));
    expect(d.flows.map(brief)).toEqual([{ packets: 4_000, bytes: 320_000, sampling: 100 }]);
  });

  it('has no sampling for an unsampled message (interval 0 or 1)', () => {
    const d = newDecoder();
    d.decode(v5(0, 0));
    d.decode(v5(1));
    expect(d.flows.map(brief)).toEqual([{ packets: 40, bytes: 3_200, sampling: undefined }, { packets: 40, bytes: 3_200, sampling: undefined }]);
    expect(d.flows.every((f) => !('sampling' in f))).toBe(true);
  });

  it('applies flowExport.samplingRate only where the header states no interval', () => {
    const d = newDecoder({ samplingRate: 10 });
    d.decode(v5(0, 0)); // states nothing: the configured rate
    d.decode(v5(100)); // states its own: kept
    d.decode(v5(1)); // states "unsampled": kept
    expect(d.flows.map(brief)).toEqual([
      { packets: 400, bytes: 32_000, sampling: 10 },
      { packets: 4_000, bytes: 320_000, sampling: 100 },
      { packets: 40, bytes: 3_200, sampling: undefined },
    ]);
  });
});

describe('NetFlow v9 / IPFIX sampling', () => {
  it('carries the options-stated rate: per sampler id, else the exporter-wide one (v9)', () => {
    const d = newDecoder();
    const samplerFields: TemplateField[] = [...V9_IPV4_FIELDS, { id: 48, length: 1 }];
    const v9Miner: FieldValue[] = ['10.0.0.5', '203.0.113.9', 50123, 3333, 6, 0x18, 40, 3_200, 1000, 2000];
    d.decode(
      v9Message({ sysUptime: UPTIME, unixSeconds: EXPORT }, [
        optionsTemplateSet(9, [{ id: 260, scope: [{ id: 1, length: 4 }], fields: [{ id: 34, length: 4 }, { id: 35, length: 1 }] }]),
        optionsTemplateSet(9, [{ id: 261, scope: [{ id: 2, length: 4 }], fields: [{ id: 48, length: 1 }, { id: 50, length: 4 }] }]),
        dataSet(260, [{ id: 1, length: 4 }, { id: 34, length: 4 }, { id: 35, length: 1 }], [[0, 10, 1]]),
        dataSet(261, [{ id: 2, length: 4 }, { id: 48, length: 1 }, { id: 50, length: 4 }], [[3, 1, 100]]),
        templateSet(9, [{ id: 256, fields: V9_IPV4_FIELDS }, { id: 257, fields: samplerFields }]),
        dataSet(256, V9_IPV4_FIELDS, [v9Miner]),
        dataSet(257, samplerFields, [[...v9Miner, 1], [...v9Miner, 9]]),
      ]),
    );
    expect(d.issues).toEqual([]);
    expect(d.flows.map((f) => [asExported(f).packets, f.sampling])).toEqual([[400, 10], [4_000, 100], [400, 10]]);
  });

  it('carries a rate stated in the record itself (IPFIX samplingPacketInterval)', () => {
    const d = newDecoder({ samplingRate: 7 });
    const fields: TemplateField[] = [...IPFIX_IPV4_FIELDS, { id: 305, length: 4 }];
    d.decode(ipfixMessage(ipfixHeader, [templateSet(10, [{ id: 300, fields }]), dataSet(300, fields, [[...miner, 512]])]));
    expect(d.flows.map(brief)).toEqual([{ packets: 40 * 512, bytes: 3_200 * 512, sampling: 512 }]);
  });

  it('has no sampling for an unsampled record, and the configured rate only where none is stated', () => {
    const plain = newDecoder();
    const configured = newDecoder({ samplingRate: 4 });
    const message = ipfixMessage(ipfixHeader, [templateSet(10, [{ id: 256, fields: IPFIX_IPV4_FIELDS }]), dataSet(256, IPFIX_IPV4_FIELDS, [miner])]);
    plain.decode(message);
    configured.decode(message);
    expect(plain.flows.map(brief)).toEqual([{ packets: 40, bytes: 3_200, sampling: undefined }]);
    expect('sampling' in plain.flows[0]).toBe(false);
    expect(configured.flows.map(brief)).toEqual([{ packets: 160, bytes: 12_800, sampling: 4 }]);
  });

  it('keeps an options-stated 1 (unsampled) from the configured rate', () => {
    const d = newDecoder({ samplingRate: 4 });
    const scope: TemplateField[] = [{ id: 149, length: 4 }];
    const rate: TemplateField[] = [{ id: 305, length: 4 }];
    d.decode(
      ipfixMessage(ipfixHeader, [
        optionsTemplateSet(10, [{ id: 257, scope, fields: rate }]),
        dataSet(257, [...scope, ...rate], [[0, 1]]),
        templateSet(10, [{ id: 256, fields: IPFIX_IPV4_FIELDS }]),
        dataSet(256, IPFIX_IPV4_FIELDS, [miner]),
      ]),
    );
    expect(d.flows.map(brief)).toEqual([{ packets: 40, bytes: 3_200, sampling: undefined }]);
  });

  it.each([
    ['0', 0],
    ['past 2^31', 0xffffffff],
  ])('never sets a rate of %s: counters as sent (in-record and options)', (_name, bad) => {
    const d = newDecoder();
    const fields: TemplateField[] = [...IPFIX_IPV4_FIELDS, { id: 305, length: 4 }];
    const scope: TemplateField[] = [{ id: 149, length: 4 }];
    const rate: TemplateField[] = [{ id: 305, length: 4 }];
    d.decode(ipfixMessage(ipfixHeader, [templateSet(10, [{ id: 300, fields }]), dataSet(300, fields, [[...miner, bad]])]));
    d.decode(
      ipfixMessage({ exportTime: EXPORT, domainId: 5 }, [
        optionsTemplateSet(10, [{ id: 257, scope, fields: rate }]),
        dataSet(257, [...scope, ...rate], [[5, bad]]),
        templateSet(10, [{ id: 256, fields: IPFIX_IPV4_FIELDS }]),
        dataSet(256, IPFIX_IPV4_FIELDS, [miner]),
      ]),
    );
    expect(d.issues).toEqual([]);
    expect(d.flows.map(brief)).toEqual([{ packets: 40, bytes: 3_200, sampling: undefined }, { packets: 40, bytes: 3_200, sampling: undefined }]);
  });
});
