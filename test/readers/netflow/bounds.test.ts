/** The decoder's state stays bounded: templates, held data sets and their age. */
import { dataSet, ipfixMessage, IPFIX_IPV4_FIELDS, templateSet, v9Message, V9_IPV4_FIELDS } from '../../../fixtures/lib/netflow-writer';
import { codes, newDecoder } from './netflow-kit';

const T = 1_700_000_000;
const record = ['10.0.0.5', '203.0.113.9', 50123, 3333, 6, 0x18, 40, 3_200, 1, 2];
const v9At = (seconds: number, sets: Buffer[], sourceId = 0) => v9Message({ sysUptime: 1000, unixSeconds: seconds, sourceId }, sets);

describe('decoder bounds', () => {
  it('keeps at most maxTemplates templates, dropping the oldest with an issue', () => {
    const d = newDecoder({ maxTemplates: 8 });
    for (let i = 0; i < 100; i++) {
      d.decode(ipfixMessage({ exportTime: T, domainId: i % 3 }, [templateSet(10, [{ id: 256 + i, fields: IPFIX_IPV4_FIELDS }])]), `192.0.2.${i % 5}`);
      expect(d.decoder.templateCount).toBeLessThanOrEqual(8);
    }
    expect(d.decoder.templateCount).toBe(8);
    expect(codes(d.issues)).toEqual(new Array(92).fill('netflow.template-evicted'));
    // The newest template still decodes; the oldest is gone, so its data waits.
    d.decode(ipfixMessage({ exportTime: T, domainId: 99 % 3 }, [dataSet(256 + 99, IPFIX_IPV4_FIELDS, [record])]), '192.0.2.4');
    d.decode(ipfixMessage({ exportTime: T, domainId: 0 }, [dataSet(256, IPFIX_IPV4_FIELDS, [record])]), '192.0.2.0');
    expect(d.flows).toHaveLength(1);
    expect(d.decoder.pendingCount).toBe(1);
  });

  it('refreshes nothing when a template is resent unchanged (no eviction churn)', () => {
    const d = newDecoder({ maxTemplates: 2 });
    for (let i = 0; i < 50; i++) d.decode(v9At(T, [templateSet(9, [{ id: 256, fields: V9_IPV4_FIELDS }, { id: 257, fields: V9_IPV4_FIELDS }])]));
    expect(d.decoder.templateCount).toBe(2);
    expect(d.issues).toEqual([]);
  });

  it('holds at most maxPendingSets data sets, dropping the oldest with an issue', () => {
    const d = newDecoder({ maxPendingSets: 3 });
    for (let i = 0; i < 10; i++) {
      d.decode(v9At(T + i, [dataSet(256 + (i % 2), V9_IPV4_FIELDS, [record])], i % 4), 'x', 100 + i);
      expect(d.decoder.pendingCount).toBeLessThanOrEqual(3);
    }
    expect(codes(d.issues)).toEqual(new Array(7).fill('netflow.template-missing'));
    expect(d.issues.map((i) => i.offset)).toEqual([100, 101, 102, 103, 104, 105, 106]);
  });

  it('holds nothing when maxPendingSets is 0', () => {
    const d = newDecoder({ maxPendingSets: 0 });
    d.decode(v9At(T, [dataSet(256, V9_IPV4_FIELDS, [record])]));
    expect([d.decoder.pendingCount, codes(d.issues)]).toEqual([0, ['netflow.template-missing']]);
  });

  it('gives up on held data after pendingTimeoutSeconds of the same exporter’s export time', () => {
    const d = newDecoder({ pendingTimeoutSeconds: 600 });
    d.decode(v9At(T, [dataSet(256, V9_IPV4_FIELDS, [record])]), 'a', 1);
    // Another exporter's clock does not age it, nor does this exporter's within the timeout.
    d.decode(v9At(T + 5_000, [templateSet(9, [{ id: 999, fields: V9_IPV4_FIELDS }])]), 'b');
    d.decode(v9At(T + 600, [templateSet(9, [{ id: 999, fields: V9_IPV4_FIELDS }])]), 'a');
    expect(d.decoder.pendingCount).toBe(1);
    d.decode(v9At(T + 601, [templateSet(9, [{ id: 998, fields: V9_IPV4_FIELDS }])]), 'a');
    expect(d.decoder.pendingCount).toBe(0);
    expect(d.issues).toEqual([{ code: 'netflow.template-missing', offset: 1, message: expect.stringMatching(/1 data set\(s\) for template 256 of exporter a .*within 600 s/) }]);
    // Too late: the template's arrival decodes nothing.
    d.decode(v9At(T + 602, [templateSet(9, [{ id: 256, fields: V9_IPV4_FIELDS }])]), 'a');
    expect(d.flows).toEqual([]);
  });

  it('reports what is still held at flush, one issue per exporter and template with the count', () => {
    const d = newDecoder();
    for (let i = 0; i < 5; i++) d.decode(v9At(T, [dataSet(256, V9_IPV4_FIELDS, [record])]), 'a', 10 + i);
    d.decode(v9At(T, [dataSet(257, V9_IPV4_FIELDS, [record])]), 'a', 20);
    d.decode(v9At(T, [dataSet(256, V9_IPV4_FIELDS, [record])]), 'b', 30);
    d.decoder.flush();
    expect(d.issues.map((i) => [i.offset, /^(\d+) data set\(s\) for template (\d+) of exporter (\w)/.exec(i.message)?.slice(1)])).toEqual([
      [10, ['5', '256', 'a']],
      [20, ['1', '257', 'a']],
      [30, ['1', '256', 'b']],
    ]);
    expect(d.decoder.pendingCount).toBe(0);
  });
});
