/**
 * The pcap reader against `pcap-parser` (the package the project started from) as an oracle on
 * clean microsecond files: the same records at the same offsets with the same times, for every
 * clean fixture and every real third-party capture in ../shared/corpus.
 *
 * rigsweep frames records itself (src/readers/pcap/README.md says why: pcap-parser stops at the
 * first bad record, knows no nanosecond files, and copies its whole buffer on every chunk), so
 * this test is where pcap-parser still earns its place: an independent reading of the format.
 */
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'pcap-parser';
import { readPath } from './capture-kit';

const CAPTURES = join(__dirname, '../../../fixtures/captures');
const CORPUS = join(__dirname, '../../../../shared/corpus');
const MICROSECOND_MAGICS = new Set(['d4c3b2a1', 'a1b2c3d4']);

interface Expectation { issues?: Record<string, number> }
const expected = JSON.parse(readFileSync(join(__dirname, '../../../fixtures/expected.json'), 'utf8')) as Record<string, Expectation>;

function pcapFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return pcapFiles(path);
    return name.endsWith('.pcap') ? [path] : [];
  });
}

const isMicrosecondPcap = (path: string) => MICROSECOND_MAGICS.has(readFileSync(path).subarray(0, 4).toString('hex'));
const clean = (path: string) => !path.startsWith(CAPTURES) || Object.keys(expected[path.slice(CAPTURES.length + 1)]?.issues ?? {}).length === 0;
const files = [...pcapFiles(CAPTURES), ...pcapFiles(CORPUS)].filter((p) => isMicrosecondPcap(p) && clean(p));

/** Every record pcap-parser reads: file offset → capture time in seconds. */
function oracle(path: string): Promise<Map<number, number>> {
  return new Promise((resolve, reject) => {
    const records = new Map<number, number>();
    let offset = 24;
    const parser = parse(createReadStream(path, { highWaterMark: 1 << 20 }));
    parser.on('packet', (p) => {
      records.set(offset, p.header.timestampSeconds + p.header.timestampMicroseconds / 1e6);
      offset += 16 + p.header.capturedLength;
    });
    parser.on('error', reject);
    parser.on('end', () => resolve(records));
  });
}

it('finds clean microsecond captures among the fixtures and the shared corpus', () => {
  expect(files.filter((f) => f.startsWith(CAPTURES)).length).toBeGreaterThan(15);
});

it.each(files.map((f) => [f.replace(/^.*\/(fixtures|corpus)\//, '$1/'), f]))('%s: the same records, offsets and times as pcap-parser', async (_name, path) => {
  const [theirs, ours] = await Promise.all([oracle(path), readPath(path, 'pcap')]);
  expect(ours.stats.packets).toBe(theirs.size);
  expect(ours.issues).toEqual([]);
  for (const packet of ours.packets) {
    const time = theirs.get(packet.offset);
    expect([packet.offset, time === undefined ? undefined : Math.abs(time - packet.time) < 1e-6]).toEqual([packet.offset, true]);
  }
});
