/**
 * Random bytes, and random damage to valid datagrams and files: decoding never throws, finishes
 * quickly, reports only catalogued issues, and holds no more flows than the table allows.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { ISSUE_CODES } from '../../../src/errors/codes';
import { ethernetFrame, ipPacket } from '../../../fixtures/lib/frames';
import { counterSample, extendedSwitchRecord, flowSample, pcapFrames, rawHeaderRecord, sampledIpRecord, sampleFrames, sflowDatagram } from '../../../fixtures/lib/sflow-writer';
import { fixturePath } from '../../helpers/scan';
import { decodeDatagrams, readSflowBytes } from './sflow-kit';

const TIME_LIMIT_MS = 2000;
const MAX_FLOWS = 32;
const seg = { src: '10.0.0.5', dst: '203.0.113.9', srcPort: 50123, dstPort: 3333, protocol: 'tcp' as const, seq: 7, payload: Buffer.from('{"id":1,"method":"mining.subscribe","params":[]}\n') };
const frame = ethernetFrame(seg);
const ip6 = ipPacket({ ...seg, src: 'fd00::5', dst: 'fd00::9' });

const VALID: Buffer[] = [
  sflowDatagram({ agent: '10.9.9.9', samples: [flowSample({ rate: 10, records: [rawHeaderRecord(frame, frame.length + 4, 1, 4), extendedSwitchRecord()] }), counterSample()] }),
  sflowDatagram({ agent: '2001:db8::9', samples: [flowSample({ rate: 3, expanded: true, records: [rawHeaderRecord(ip6, ip6.length, 12)] })] }),
  sflowDatagram({ agent: '10.9.9.8', samples: [flowSample({ rate: 5, records: [sampledIpRecord({ length: 60, protocol: 17, src: '10.1.0.1', dst: '10.1.0.2', srcPort: 4000, dstPort: 53 })] })] }),
  ...sampleFrames(pcapFrames(readFileSync(fixturePath('stratum-v1.pcap'))), { agent: '10.9.9.7', rate: 3, extras: true }).slice(0, 6).map((d) => d.bytes),
];

const mutated = fc
  .tuple(fc.constantFrom(...VALID), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }), fc.nat(), fc.boolean())
  .map(([valid, edits, cut, cutIt]) => {
    const b = Buffer.from(valid);
    for (const [at, value] of edits) b[at % b.length] = value;
    return cutIt ? b.subarray(0, cut % (b.length + 1)) : b;
  });
// Lengths are words: overwrite whole words with big, small and odd values too.
const wordEdited = fc.tuple(fc.constantFrom(...VALID), fc.array(fc.tuple(fc.nat(), fc.constantFrom(0, 1, 3, 4, 8, 0xffff, 0x7fffffff, 0xffffffff)), { maxLength: 4 })).map(([valid, edits]) => {
  const b = Buffer.from(valid);
  for (const [at, value] of edits) b.writeUInt32BE(value >>> 0, ((at % Math.floor(b.length / 4)) * 4) | 0);
  return b;
});
const randomBytes = fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.concat([Buffer.from([0, 0, 0, 5, 0, 0, 0, 1]), Buffer.from(a)]));
const datagram = fc.oneof(mutated, wordEdited, randomBytes, fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)));

function expectCatalogued(issues: Array<{ code: string }>): void {
  for (const i of issues) expect(Object.keys(ISSUE_CODES)).toContain(i.code);
}

describe('sFlow fuzzing', () => {
  it('decodes random and damaged datagrams without throwing, quickly, reporting only known issues', () => {
    fc.assert(
      fc.property(fc.array(datagram, { minLength: 1, maxLength: 8 }), (list) => {
        const started = Date.now();
        const { issues, decoder } = decodeDatagrams(list.map((payload, i) => ({ payload, time: i })), { capture: { maxFlows: MAX_FLOWS } });
        expect(Date.now() - started).toBeLessThan(TIME_LIMIT_MS);
        expectCatalogued(issues);
        expect(decoder.size).toBe(0);
      }),
      { numRuns: 400 },
    );
  });

  it('reads random and damaged files without throwing, quickly, reporting only known issues', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(datagram, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 512 }), async (list, chunk) => {
        const started = Date.now();
        const { issues, totals } = await readSflowBytes(Buffer.concat(list), chunk, { capture: { maxFlows: MAX_FLOWS } });
        expect(Date.now() - started).toBeLessThan(TIME_LIMIT_MS);
        expectCatalogued(issues);
        expect(totals.packets).toBeLessThanOrEqual(list.reduce((n, b) => n + b.length, 0));
      }),
      { numRuns: 200 },
    );
  });

  it('reports damage: a datagram with a broken sample length is an issue, never silent', () => {
    const valid = VALID[0];
    const b = Buffer.from(valid);
    b.writeUInt32BE(0x7fffffff, 28 + 4);
    expect(decodeDatagrams([{ payload: b }]).issues.map((i) => i.code)).toEqual(['sflow.bad-length']);
  });
});
