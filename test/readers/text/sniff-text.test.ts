/** The text formats' signatures: each recognises its own files and nothing else's. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { sniffHead } from '../../../src/readers/sniff';
import { looksLikeGoflow2Json } from '../../../src/readers/text/goflow2-json';
import { looksLikeMappedCsv } from '../../../src/readers/text/mapped-csv';
import { looksLikeNfdumpCsv } from '../../../src/readers/text/nfdump-csv';
import { CAPTURES_DIR, config, EXPORTS_DIR } from './text-kit';

const head = (path: string) => readFileSync(path).subarray(0, 4096);
const mapped = config(JSON.parse(readFileSync(join(EXPORTS_DIR, 'mapped.config.json'), 'utf8')));

const expected: Record<string, string> = {
  'nfdump-1.6.csv': 'nfdump-csv',
  'nfdump-1.7-compact.csv': 'nfdump-csv',
  'nfdump-1.7.1-stratum-v1.csv': 'nfdump-csv',
  'goflow2-v1.jsonl': 'goflow2-json',
  'goflow2-v2.jsonl': 'goflow2-json',
  'mapped.csv': 'mapped-csv',
};

describe('text export signatures', () => {
  it.each(Object.entries(expected))('recognise %s as %s', (file, format) => {
    expect(sniffHead(head(join(EXPORTS_DIR, file)), mapped)).toBe(format);
  });

  it('has a sample for every export fixture (so a new sample gets an expectation)', () => {
    const samples = readdirSync(EXPORTS_DIR).filter((f) => /\.(csv|jsonl)$/.test(f));
    expect(samples.sort()).toEqual(Object.keys(expected).sort());
  });

  it('never take a capture for a text export', () => {
    const captures = readdirSync(CAPTURES_DIR).filter((f) => /\.(pcap|pcapng)$/.test(f));
    expect(captures.length).toBeGreaterThan(10);
    for (const file of captures) {
      const bytes = head(join(CAPTURES_DIR, file));
      expect({ file, matched: [looksLikeNfdumpCsv(bytes), looksLikeGoflow2Json(bytes), looksLikeMappedCsv(bytes, mapped)] }).toEqual({
        file,
        matched: [false, false, false],
      });
    }
  });

  it('never take one text format for another', () => {
    for (const [file, format] of Object.entries(expected)) {
      const bytes = head(join(EXPORTS_DIR, file));
      expect({ file, nfdump: looksLikeNfdumpCsv(bytes), goflow2: looksLikeGoflow2Json(bytes), mapped: looksLikeMappedCsv(bytes, mapped) }).toEqual({
        file,
        nfdump: format === 'nfdump-csv',
        goflow2: format === 'goflow2-json',
        mapped: format === 'mapped-csv',
      });
    }
  });

  it('take a configured CSV only when a mapping is configured', () => {
    const bytes = head(join(EXPORTS_DIR, 'mapped.csv'));
    expect(looksLikeMappedCsv(bytes, config())).toBe(false);
    expect(looksLikeMappedCsv(bytes)).toBe(false);
    expect(sniffHead(bytes, config())).toBe('unknown');
  });

  it('recognise a goflow2 file whose first line is longer than the head', () => {
    const line = JSON.stringify({ type: 'IPFIX', src_addr: '192.0.2.1', dst_addr: '192.0.2.2', padding: 'x'.repeat(5000) });
    expect(looksLikeGoflow2Json(Buffer.from(line).subarray(0, 4096))).toBe(true);
  });

  it('say no to other text: near-miss headers, nfdump JSON, plain prose', () => {
    for (const text of [
      'ts,src,dst\n1,2,3\n',
      'ts,te,td,sa,da,sp,dp\n', // no protocol or counters
      '[\n{\n\t"type" : "FLOW",\n\t"src4_addr" : "192.168.1.1"\n}\n]\n', // nfdump -o json
      '{"message":"hello"}\n',
      'Once upon a time, a miner mined.\n',
    ]) {
      expect({ text, format: sniffHead(Buffer.from(text), mapped) }).toEqual({ text, format: 'unknown' });
    }
  });

  it('never throw on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const buf = Buffer.from(bytes);
        looksLikeNfdumpCsv(buf);
        looksLikeGoflow2Json(buf);
        looksLikeMappedCsv(buf, mapped);
      }),
      { numRuns: 500 },
    );
  });
});
