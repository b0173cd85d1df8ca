/**
 * The sampling rate on nfcapd records (FlowRecord.sampling): for records nfcapd flagged sampled
 * (its counters already scaled), the rate its sampler records state, chosen as nfcapd chose it;
 * none for unflagged records, which take flowExport.samplingRate instead; a flagged record whose
 * rate the file does not tell, or tells as no rate, keeps none (and no configured rate either).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../../src/config/load';
import { nfdumpJson, readFile, tempDir } from './nfdump-kit';
import { legacySamplerRecord, sampledRecord, samplerRecord, v2File, type SampledFlow } from './nfcapd-writer';

const nfcapdFixture = (name: string) => join(__dirname, '../../../fixtures/nfcapd', name);
const MS = 1_700_000_000_000;
const flow = (changes: Partial<SampledFlow>): Buffer =>
  sampledRecord({ src: '10.0.0.5', dst: '203.0.113.9', srcPort: 50123, dstPort: 3333, packets: 400, bytes: 32_000, msecFirst: MS, sysid: 1, sampled: true, ...changes });

let dir: string | undefined;
function file(records: Buffer[]): string {
  dir ??= tempDir('sampling');
  const path = join(dir, `nfcapd.${Math.random().toString(36).slice(2)}`);
  writeFileSync(path, v2File([records]));
  return path;
}

const rates = async (records: Buffer[], samplingRate = 1) => {
  const read = await readFile(file(records), parseConfig({ flowExport: { samplingRate } }));
  expect(read.issues).toEqual([]);
  return read.flows.map((f) => [f.toServer.packets, f.toServer.bytes, f.sampling]);
};

describe('nfcapd 1.7 (V3) sampling', () => {
  it('carries the rate of the sampler EXsamplerInfo names, counters as stored', async () => {
    const records = [samplerRecord(1, 5, 1, 99), samplerRecord(1, 6, 1, 9), flow({ samplerId: 5 }), flow({ samplerId: 6 })];
    expect(await rates(records)).toEqual([[400, 32_000, 100], [400, 32_000, 10]]);
  });

  it('prefers an overwrite sampler, then the named one, then the generic, then the default', async () => {
    expect(await rates([samplerRecord(1, 5, 1, 99), samplerRecord(1, -3, 1, 3), flow({ samplerId: 5 })])).toEqual([[400, 32_000, 4]]);
    expect(await rates([samplerRecord(1, -1, 1, 49), samplerRecord(1, -2, 1, 1), flow({ samplerId: 5 })])).toEqual([[400, 32_000, 50]]);
    expect(await rates([samplerRecord(1, -2, 1, 1), flow({ samplerId: 5 })])).toEqual([[400, 32_000, 2]]);
  });

  it('takes (packetInterval + spaceInterval) / packetInterval, and legacy type-9 intervals', async () => {
    expect(await rates([samplerRecord(1, 5, 2, 98), flow({ samplerId: 5 })])).toEqual([[400, 32_000, 50]]);
    expect(await rates([legacySamplerRecord(1, 5, 256), flow({ samplerId: 5 })])).toEqual([[400, 32_000, 256]]);
  });

  it('without EXsamplerInfo (v5, nfcapd -X): the exporter\'s samplers when they agree', async () => {
    expect(await rates([samplerRecord(1, 3, 1, 99), flow({ nfversion: 5 })])).toEqual([[400, 32_000, 100]]);
    expect(await rates([samplerRecord(1, 3, 1, 99), samplerRecord(1, 4, 1, 9), flow({})])).toEqual([[400, 32_000, undefined]]);
  });

  it('only the samplers of the record\'s own exporter count', async () => {
    expect(await rates([samplerRecord(2, 5, 1, 99), flow({ samplerId: 5, sysid: 1 }), flow({ samplerId: 5, sysid: 2 })])).toEqual([[400, 32_000, undefined], [400, 32_000, 100]]);
  });

  it('has no sampling for an unflagged record; the configured rate applies only to those', async () => {
    const records = [samplerRecord(1, 5, 1, 99), flow({ sampled: false, samplerId: 5 }), flow({ samplerId: 5 }), flow({ nfversion: 0x85 })];
    const plain = await rates(records);
    expect(plain).toEqual([[400, 32_000, undefined], [400, 32_000, 100], [400, 32_000, 100]]);
    const read = await readFile(file([flow({ sampled: false })]));
    expect('sampling' in read.flows[0]).toBe(false);
    // Flagged but unresolvable (sfcapd: no sampler record): counters as stored, no configured rate.
    expect(await rates([samplerRecord(1, 5, 1, 99), flow({ sampled: false }), flow({ samplerId: 5 }), flow({ sysid: 9, nfversion: 0x85 })], 8)).toEqual([
      [3_200, 256_000, 8],
      [400, 32_000, 100],
      [400, 32_000, undefined],
    ]);
  });

  it.each([
    ['packetInterval 0', samplerRecord(1, 5, 0, 99)],
    ['past 2^31', samplerRecord(1, 5, 1, 0xffffffff)],
    ['legacy interval 0', legacySamplerRecord(1, 5, 0)],
  ])('never sets a rate from a sampler of %s', async (_name, sampler) => {
    expect(await rates([sampler, flow({ samplerId: 5 })], 8)).toEqual([[400, 32_000, undefined]]);
  });

  it('a sampler record too short is an issue', async () => {
    const short = samplerRecord(1, 5, 1, 99).subarray(0, 16);
    short.writeUInt16LE(16, 2);
    const read = await readFile(file([short, flow({ samplerId: 5 })]));
    expect(read.issues.map((i) => i.code)).toEqual(['nfdump.bad-record']);
    expect(read.flows.map((f) => f.sampling)).toEqual([undefined]);
  });

  it('nfdump reads the written records as sampled or not, with the same counters', async () => {
    const path = file([samplerRecord(1, 5, 1, 99), flow({ samplerId: 5 }), flow({ sampled: false })]);
    const json = nfdumpJson(path);
    expect(json.map((j) => [j.sampled, j.in_packets])).toEqual([[1, 400], [0, 400]]);
  });
});

describe('nfcapd 1.6 (common record) sampling', () => {
  it.each(['v1-lzo-small.nfcapd', 'v1-bz2-first-block.nfcapd'])('%s: FLAG_SAMPLED records carry the exporter\'s type-9 sampler rate (1-in-3000)', async (name) => {
    const read = await readFile(nfcapdFixture(name));
    expect(read.flows.length).toBeGreaterThan(0);
    expect(new Set(read.flows.map((f) => f.sampling))).toEqual(new Set([3000]));
    // nfcapd scaled each record's whole sampled packets by 3000.
    expect(read.flows.every((f) => (f.toServer.packets + f.toClient.packets) % 3000 === 0)).toBe(true);
  });

  it('an unsampled 1.7 file has none', async () => {
    const read = await readFile(nfcapdFixture('v2-sample.nfcapd'));
    expect(read.flows.every((f) => !('sampling' in f))).toBe(true);
  });
});
