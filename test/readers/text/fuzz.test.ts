/**
 * Random text and random damage to valid files: every text reader finishes, never throws, and
 * accounts for what it read. The only rejection allowed is a CSV header that no longer names the
 * needed columns (nothing in such a file can be read), with its one-line message.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { ISSUE_CODES } from '../../../src/errors/codes';
import type { FormatReader } from '../../../src/readers/format-reader';
import { readGoflow2Json } from '../../../src/readers/text/goflow2-json';
import { readMappedCsv } from '../../../src/readers/text/mapped-csv';
import { readNfdumpCsv } from '../../../src/readers/text/nfdump-csv';
import { ExportHeaderError } from '../../../src/readers/text/text-export-reader';
import { collect, config, exportFixture, writeTemp } from './text-kit';

const mappedSettings = config(JSON.parse(readFileSync(exportFixture('mapped.config.json'), 'utf8')));

interface Case {
  name: string;
  reader: FormatReader;
  sample: Buffer;
  settings: ReturnType<typeof config>;
  hasHeader: boolean;
}

const cases: Case[] = [
  { name: 'nfdump 1.6', reader: readNfdumpCsv, sample: readFileSync(exportFixture('nfdump-1.6.csv')), settings: config(), hasHeader: true },
  { name: 'nfdump compact', reader: readNfdumpCsv, sample: readFileSync(exportFixture('nfdump-1.7-compact.csv')), settings: config(), hasHeader: true },
  { name: 'goflow2 v2', reader: readGoflow2Json, sample: readFileSync(exportFixture('goflow2-v2.jsonl')), settings: config(), hasHeader: false },
  { name: 'goflow2 v1', reader: readGoflow2Json, sample: readFileSync(exportFixture('goflow2-v1.jsonl')), settings: config(), hasHeader: false },
  { name: 'mapped CSV', reader: readMappedCsv, sample: readFileSync(exportFixture('mapped.csv')), settings: mappedSettings, hasHeader: true },
];

/** A random edit of a file: the kinds of damage truncation, bad disks and bad exporters cause. */
const damage = (sample: Buffer) =>
  fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 40 }) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 60 }) }),
      fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
      fc.record({ kind: fc.constant('text' as const), at: fc.nat(), text: fc.string({ unit: fc.constantFrom(',', ';', '"', '\n', '\r', '{', '}', ':', '.', '0', '9', 'x', ' ') , maxLength: 20 }) }),
    ),
    { minLength: 1, maxLength: 6 },
  ).map((edits) => {
    let bytes = Buffer.from(sample);
    for (const e of edits) {
      const at = bytes.length === 0 ? 0 : e.at % bytes.length;
      if (e.kind === 'truncate') bytes = bytes.subarray(0, at);
      else if (e.kind === 'flip') bytes[at] = e.byte;
      else if (e.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(e.bytes), bytes.subarray(at)]);
      else if (e.kind === 'delete') bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + e.length)]);
      else if (e.kind === 'duplicate') bytes = Buffer.concat([bytes.subarray(0, at + e.length), bytes.subarray(at)]);
      else bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(e.text), bytes.subarray(at)]);
    }
    return bytes;
  });

const linesOf = (bytes: Buffer) => bytes.toString('latin1').split('\n').map((l) => l.replace(/\r$/, ''));

/** The sample's lines that are records (each reads as one flow). */
function recordLines(c: Case): Set<string> {
  const lines = linesOf(c.sample).slice(c.hasHeader ? 1 : 0);
  return new Set(lines.filter((l) => l !== '' && l !== 'Summary' && !l.startsWith('flows,') && !/^[\d,]+$/.test(l)));
}

/** Reads the bytes and checks the reader's account of them; returns the flows read (0 when it rejected). */
async function readsSafely(c: Case, bytes: Buffer): Promise<number> {
  let result;
  try {
    result = await collect(c.reader, writeTemp(bytes), c.settings);
  } catch (e) {
    // Only a CSV header that lost its columns may stop a read, and it says so in one line.
    expect(c.hasHeader).toBe(true);
    expect(e).toBeInstanceOf(ExportHeaderError);
    expect((e as Error).message).not.toContain('\n');
    return -1;
  }
  const { flows, issues, totals } = result;
  expect(totals.flows).toBe(flows.length);
  const lines = bytes.length === 0 ? 0 : bytes.toString('latin1').split('\n').length - (bytes[bytes.length - 1] === 0x0a ? 1 : 0);
  expect(totals.packets).toBe(lines);
  for (const issue of issues) {
    expect(Object.keys(ISSUE_CODES)).toContain(issue.code);
    expect(issue.offset).toBeGreaterThanOrEqual(0);
    expect(issue.offset).toBeLessThanOrEqual(lines);
  }
  for (const f of flows) {
    expect(f.lastSeen).toBeGreaterThanOrEqual(f.firstSeen);
    expect(Number.isFinite(f.firstSeen)).toBe(true);
    for (const n of [f.toServer.packets, f.toServer.bytes, f.toClient.packets, f.toClient.bytes]) expect(n).toBeGreaterThanOrEqual(0);
  }
  return flows.length;
}

describe.each(cases)('$name reader under fuzzing', (c) => {
  it('survives random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        await readsSafely(c, Buffer.from(bytes));
      }),
      { numRuns: 40 },
    );
  });

  it('survives random text after its own header', async () => {
    const header = c.hasHeader ? c.sample.subarray(0, c.sample.indexOf(0x0a) + 1) : Buffer.alloc(0);
    const text = fc.string({ unit: fc.constantFrom('1', '9', '.', ',', ';', ':', '"', '{', '}', '[', ']', '-', ' ', '\n', 'a', 'T', 'Z'), maxLength: 600 });
    await fc.assert(
      fc.asyncProperty(text, async (t) => {
        await readsSafely(c, Buffer.concat([header, Buffer.from(t)]));
      }),
      { numRuns: 40 },
    );
  });

  it('survives random damage to a valid file, still reading the rows left whole', async () => {
    const records = recordLines(c);
    const header = linesOf(c.sample)[0];
    expect(records.size).toBeGreaterThan(2);
    await fc.assert(
      fc.asyncProperty(damage(c.sample), async (bytes) => {
        const flows = await readsSafely(c, bytes);
        const lines = linesOf(bytes);
        if (c.hasHeader && lines[0] !== header) return;
        const whole = lines.slice(c.hasHeader ? 1 : 0).filter((l) => records.has(l)).length;
        expect(flows).toBeGreaterThanOrEqual(whole);
      }),
      { numRuns: 60 },
    );
  });
});
