/**
 * The sampling rate on text export records (FlowRecord.sampling): goflow2's sampling_rate with
 * counters scaled by it; nfdump CSV and configured CSV state none, so flowExport.samplingRate
 * applies to them (and to goflow2 lines whose rate is absent or 0); a rate that is no rate is an
 * issue, never set.
 */
import { readFileSync } from 'node:fs';
import { exportToFlowRecord } from '../../../src/flow/export-record';
import { readGoflow2Json } from '../../../src/readers/text/goflow2-json';
import { readMappedCsv } from '../../../src/readers/text/mapped-csv';
import { readNfdumpCsv } from '../../../src/readers/text/nfdump-csv';
import { brief, collect, config, exportFixture, issueLines, writeTemp } from './text-kit';

const v2Lines = readFileSync(exportFixture('goflow2-v2.jsonl'), 'utf8').trimEnd().split('\n');
const base = JSON.parse(v2Lines[0]) as Record<string, unknown>;
const goflow = (changes: Record<string, unknown>, drop: string[] = []) => {
  const o = { ...base, ...changes };
  for (const key of drop) delete o[key];
  return JSON.stringify(o);
};
const mappedSettings = JSON.parse(readFileSync(exportFixture('mapped.config.json'), 'utf8')) as { mappedCsv: object };

describe('goflow2 JSON sampling', () => {
  it('carries sampling_rate, counters scaled; none for an unsampled line', async () => {
    const text = [goflow({ sampling_rate: 100, packets: 3, bytes: 300 }), goflow({ sampling_rate: 1, packets: 3, bytes: 300 })].join('\n');
    const { flows, issues } = await collect(readGoflow2Json, writeTemp(text, 'jsonl'));
    expect(issues).toEqual([]);
    expect(flows.map((f) => [brief(f), f.sampling])).toEqual([
      ['6 192.168.1.20:50522 > 203.0.113.7:3333 up 300/30000 down 0/0', 100],
      ['6 192.168.1.20:50522 > 203.0.113.7:3333 up 3/300 down 0/0', undefined],
    ]);
    expect('sampling' in flows[1]).toBe(false);
  });

  it('applies flowExport.samplingRate where sampling_rate is absent or 0, not where one is stated', async () => {
    const text = [goflow({ sampling_rate: 0, packets: 3, bytes: 300 }), goflow({ packets: 3, bytes: 300 }, ['sampling_rate']), goflow({ sampling_rate: 100, packets: 3, bytes: 300 }), goflow({ sampling_rate: 1, packets: 3, bytes: 300 })].join('\n');
    const { flows, issues } = await collect(readGoflow2Json, writeTemp(text, 'jsonl'), config({ flowExport: { samplingRate: 10 } }));
    expect(issues).toEqual([]);
    expect(flows.map((f) => [f.toServer.packets, f.toServer.bytes, f.sampling])).toEqual([
      [30, 3_000, 10],
      [30, 3_000, 10],
      [300, 30_000, 100],
      [3, 300, undefined],
    ]);
  });

  it.each([
    ['negative', -5],
    ['past 2^31', 2 ** 32],
    ['not a number', 'many'],
    ['below 1', 0.5],
  ])('never sets a rate that is %s: the record is kept unscaled, with an issue', async (_name, rate) => {
    const { flows, issues } = await collect(readGoflow2Json, writeTemp(goflow({ sampling_rate: rate, packets: 3, bytes: 300 }), 'jsonl'), config({ flowExport: { samplingRate: 10 } }));
    expect(issueLines(issues)).toEqual(['text.bad-sampling-rate@1']);
    expect(flows.map((f) => [f.toServer.packets, f.toServer.bytes, f.sampling])).toEqual([[3, 300, undefined]]);
  });
});

describe('nfdump CSV and configured CSV: no sampling column', () => {
  it('have no sampling by default', async () => {
    const nfdump = await collect(readNfdumpCsv, exportFixture('nfdump-1.7-compact.csv'));
    const mapped = await collect(readMappedCsv, exportFixture('mapped.csv'), config(mappedSettings));
    expect(nfdump.flows.length).toBeGreaterThan(0);
    expect(mapped.flows.length).toBeGreaterThan(0);
    expect([...nfdump.flows, ...mapped.flows].every((f) => !('sampling' in f))).toBe(true);
  });

  it('take flowExport.samplingRate: counters scaled by it, and it as sampling', async () => {
    const plain = await collect(readNfdumpCsv, exportFixture('nfdump-1.7-compact.csv'));
    const sampled = await collect(readNfdumpCsv, exportFixture('nfdump-1.7-compact.csv'), config({ flowExport: { samplingRate: 100 } }));
    expect(sampled.issues).toEqual([]);
    expect(sampled.flows.map((f) => f.sampling)).toEqual(plain.flows.map(() => 100));
    expect(sampled.flows.map((f) => [f.toServer.packets, f.toServer.bytes, f.toClient.packets, f.toClient.bytes])).toEqual(
      plain.flows.map((f) => [f.toServer.packets * 100, f.toServer.bytes * 100, f.toClient.packets * 100, f.toClient.bytes * 100]),
    );
    const mapped = await collect(readMappedCsv, exportFixture('mapped.csv'), config({ ...mappedSettings, flowExport: { samplingRate: 4 } }));
    const mappedPlain = await collect(readMappedCsv, exportFixture('mapped.csv'), config(mappedSettings));
    expect(mapped.flows.map((f) => [f.toServer.packets, f.toClient.bytes, f.sampling])).toEqual(mappedPlain.flows.map((f) => [f.toServer.packets * 4, f.toClient.bytes * 4, 4]));
  });
});

describe('flowExport.samplingRate', () => {
  it.each([0, -1, 1.5, 2 ** 31 + 1, Number.NaN])('refuses %s', (rate) => {
    expect(() => config({ flowExport: { samplingRate: rate } })).toThrow();
  });

  it('defaults to 1', () => {
    expect(config().flowExport.samplingRate).toBe(1);
  });
});

describe('exportToFlowRecord: the one place the configured rate applies', () => {
  const e = { src: '10.0.0.5', dst: '203.0.113.9', srcPort: 50123, dstPort: 3333, protocol: 6, packets: 3, bytes: 300, first: 1000, last: 1060, reversePackets: 2, reverseBytes: 120 };
  const counters = (f: ReturnType<typeof exportToFlowRecord>) => [f.toServer.packets, f.toServer.bytes, f.toClient.packets, f.toClient.bytes, f.sampling];

  it.each([
    ['none stated, no configured rate', undefined, 1, [3, 300, 2, 120, undefined]],
    ['none stated: the configured rate scales and is carried', undefined, 10, [30, 3_000, 20, 1_200, 10]],
    ['a stated rate (counters already scaled) wins', 100, 10, [3, 300, 2, 120, 100]],
    ['stated unsampled', 1, 10, [3, 300, 2, 120, undefined]],
    ['stated sampled, rate unknown (0)', 0, 10, [3, 300, 2, 120, undefined]],
    ['a stated rate that is no rate', 2 ** 40, 10, [3, 300, 2, 120, undefined]],
    ['a NaN stated rate', NaN, 10, [3, 300, 2, 120, undefined]],
  ] as const)('%s', (_name, sampling, configured, expected) => {
    expect(counters(exportToFlowRecord({ ...e, sampling }, configured))).toEqual(expected);
  });
});
