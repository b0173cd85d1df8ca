/**
 * The sampling rate on flows assembled from sFlow flow samples (FlowRecord.sampling): the rate
 * of the samples (their mean weight when an agent changed rate mid-flow), counters scaled by it;
 * none at 1-in-1; a rate that is no rate (0, past 2^31) counts the sample once and is not set.
 */
import { flowSample, sampledIpRecord, sflowDatagram, type SflowSample } from '../../../fixtures/lib/sflow-writer';
import { toExportedFlow, fromExportedFlow } from '../../../src/queue/exported-flow';
import { ingestJobSchema } from '../../../src/queue/payloads';
import { decodeDatagrams } from './sflow-kit';

const up = sampledIpRecord({ length: 100, protocol: 6, src: '10.0.0.5', dst: '203.0.113.9', srcPort: 50123, dstPort: 3333, tcpFlags: 0x18 });
const down = sampledIpRecord({ length: 60, protocol: 6, src: '203.0.113.9', dst: '10.0.0.5', srcPort: 3333, dstPort: 50123, tcpFlags: 0x10 });
const sample = (rate: number, record = up, sequence = 1): SflowSample => flowSample({ sequence, rate, records: [record] });
const decode = (...samples: SflowSample[]) =>
  decodeDatagrams(samples.map((s, i) => ({ time: 100 + i, payload: sflowDatagram({ agent: '192.0.2.7', sequence: i + 1, samples: [s] }) })));

describe('sFlow sampling', () => {
  it('carries the flow samples\' rate on the flow they make, counters scaled by it', () => {
    const { flows, issues } = decode(sample(100), sample(100, down, 2), sample(100, up, 3));
    expect(issues).toEqual([]);
    expect(flows.map((f) => [f.toServer.packets, f.toServer.bytes, f.toClient.packets, f.toClient.bytes, f.sampling])).toEqual([[200, 20_000, 100, 6_000, 100]]);
  });

  it('has no sampling at 1-in-1', () => {
    const { flows } = decode(sample(1), sample(1, down, 2));
    expect(flows.map((f) => [f.toServer.packets, f.toClient.packets, f.sampling])).toEqual([[1, 1, undefined]]);
    expect('sampling' in flows[0]).toBe(false);
  });

  it('takes the mean weight when the agent changed its rate within one flow', () => {
    const { flows } = decode(sample(100), sample(300, up, 2));
    expect(flows.map((f) => [f.toServer.packets, f.sampling])).toEqual([[400, 200]]);
  });

  it.each([
    ['0', 0],
    ['past 2^31', 2 ** 32 - 1],
  ])('never sets a rate of %s: each sample counts once', (_name, rate) => {
    const { flows, issues } = decode(sample(rate), sample(rate, down, 2));
    expect(issues).toEqual([]);
    expect(flows.map((f) => [f.toServer.packets, f.toServer.bytes, f.toClient.packets, f.sampling])).toEqual([[1, 100, 1, undefined]]);
  });

  it('keeps the rate through a queue job (collect --queue)', () => {
    const { flows } = decode(sample(64), sample(64, down, 2));
    const job = ingestJobSchema.parse(JSON.parse(JSON.stringify({ kind: 'records', origin: 'udp://0.0.0.0:6343', order: 1, records: flows.map(toExportedFlow) })));
    if (job.kind !== 'records') throw new Error('not a records job');
    expect(job.records.map(fromExportedFlow)).toEqual(flows);
    expect(job.records[0].sampling).toBe(64);
  });
});
