/**
 * Damaged nfcapd files: a cut block, an impossible block size, a block that does not decompress,
 * a real corrupt 1.6 file, and fast-check's random bytes, truncations and mutations of real
 * files. The reader never throws past the file header, always finishes, reports only catalogued
 * issues with file offsets, and reads the blocks after the damage.
 */
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ISSUE_CODES } from '../../../src/errors/codes';
import { sniffHead } from '../../../src/readers/sniff';
import { repoRoot } from '../../helpers/corpus';
import { fixturePath } from '../../helpers/scan';
import { expectSameAsNfdump, nfdumpMerge, nfpcapdFiles, readFile, tempDir } from './nfdump-kit';

/** A real LZ4 file whose data blocks are repeated `times` (NumBlocks updated, no appendix): nfdump reads it too. */
function repeatedBlocks(file: Buffer, times: number): { file: Buffer; blockOffsets: number[] } {
  const appendix = Number(file.readBigUInt64LE(24));
  const data = file.subarray(40, appendix > 0 ? appendix : file.length);
  const header = Buffer.from(file.subarray(0, 40));
  header.writeUInt16LE(0, 18); // no appendix blocks
  header.writeBigUInt64LE(0n, 24);
  const out = Buffer.concat([header, ...Array<Buffer>(times).fill(data)]);
  const blockOffsets: number[] = [];
  for (let pos = 40; pos + 12 <= out.length; pos += 12 + out.readUInt32LE(pos + 4)) blockOffsets.push(pos);
  out.writeUInt32LE(blockOffsets.length, 36);
  return { file: out, blockOffsets };
}

const write = (name: string, bytes: Buffer) => {
  const path = join(tempDir('bad'), name);
  writeFileSync(path, bytes);
  return path;
};

let lz4: Buffer;
let plain: Buffer;
beforeAll(() => {
  const files = nfpcapdFiles(fixturePath('demo.pcap'));
  lz4 = readFileSync(nfdumpMerge(files, '-y'));
  plain = readFileSync(nfdumpMerge(files));
});

describe('damaged blocks', () => {
  it('sniffs as nfcapd', () => {
    expect(sniffHead(lz4)).toBe('nfcapd');
    expect(sniffHead(readFileSync(join(repoRoot, 'fixtures/nfcapd/v1-lzo-small.nfcapd')))).toBe('nfcapd');
  });

  it('the repeated-block file reads exactly as nfdump reads it', async () => {
    const path = write('repeated.nfcapd', repeatedBlocks(lz4, 3).file);
    const read = await readFile(path);
    expect(read.issues).toEqual([]);
    expectSameAsNfdump(path, read);
  });

  it('a file cut inside a block: nfdump.truncated at that block, every block before it read', async () => {
    const { file, blockOffsets } = repeatedBlocks(lz4, 3);
    const whole = await readFile(write('whole.nfcapd', file));
    const last = blockOffsets[blockOffsets.length - 1];
    const cut = await readFile(write('whole.nfcapd', file.subarray(0, last + 20)));
    expect(cut.issues.map((i) => [i.code, i.offset])).toEqual([['nfdump.truncated', last]]);
    expect(cut.flows).toEqual(whole.flows.slice(0, whole.flows.length - file.readUInt32LE(last)));
    expect(cut.totals.packets).toBe(blockOffsets.length - 1);
  });

  it('an impossible block size: nfdump.bad-block at its offset, reading resumes at the next block', async () => {
    const { file, blockOffsets } = repeatedBlocks(lz4, 3);
    const whole = await readFile(write('whole.nfcapd', file));
    const broken = Buffer.from(file);
    const victim = blockOffsets[1];
    broken.writeUInt32LE(0x7fffffff, victim + 4);
    const read = await readFile(write('bad-size.nfcapd', broken));
    expect(read.issues.map((i) => [i.code, i.offset])).toEqual([['nfdump.bad-block', victim]]);
    expect(read.totals.packets).toBe(blockOffsets.length - 1);
    const lost = whole.flows.length - read.flows.length;
    expect(lost).toBe(file.readUInt32LE(victim));
  });

  it('a block that does not decompress is one nfdump.decompress issue; the others are read', async () => {
    const { file, blockOffsets } = repeatedBlocks(lz4, 3);
    const whole = await readFile(write('whole.nfcapd', file));
    const broken = Buffer.from(file);
    const victim = blockOffsets[1];
    broken.fill(0, victim + 12, victim + 12 + broken.readUInt32LE(victim + 4));
    const read = await readFile(write('bad-lz4.nfcapd', broken));
    expect(read.issues.map((i) => [i.code, i.offset])).toEqual([['nfdump.decompress', victim]]);
    expect(whole.flows.length - read.flows.length).toBe(file.readUInt32LE(victim));
  });

  it("a real corrupt 1.6 file (nfdump 1.7.1 exits on it) is read to its end with issues", async () => {
    const read = await readFile(join(repoRoot, 'fixtures/nfcapd/v1-corrupt.nfcapd'));
    expect(read.issues.length).toBeGreaterThan(0);
    for (const issue of read.issues) expect(Object.keys(ISSUE_CODES)).toContain(issue.code);
    expect(read.totals.packets).toBeGreaterThan(1);
  });

  it('an unreadable header rejects with one line', async () => {
    await expect(readFile(write('short.nfcapd', lz4.subarray(0, 20)))).rejects.toThrow(/truncated/);
    const encrypted = Buffer.from(lz4);
    encrypted[17] = 1;
    await expect(readFile(write('encrypted.nfcapd', encrypted))).rejects.toThrow(/encrypted/);
  });
});

describe('fuzz', () => {
  const TIME_LIMIT_MS = 2000;
  const known = new Set(Object.keys(ISSUE_CODES));

  async function survives(bytes: Buffer): Promise<void> {
    const path = write('fuzz.nfcapd', bytes);
    const started = Date.now();
    let result;
    try {
      result = await readFile(path);
    } catch (e) {
      // only the file header may be fatal
      expect(String(e)).toMatch(/nfcapd/);
      return;
    }
    expect(Date.now() - started).toBeLessThan(TIME_LIMIT_MS);
    for (const issue of result.issues) {
      expect(known.has(issue.code)).toBe(true);
      expect(issue.offset).toBeGreaterThanOrEqual(0);
      expect(issue.offset).toBeLessThanOrEqual(bytes.length);
    }
  }

  it('random bytes after a valid header', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(0, 1, 2, 3, 4), fc.uint8Array({ maxLength: 4096 }), async (compression, body) => {
        const header = Buffer.from(plain.subarray(0, 40));
        header[16] = compression;
        await survives(Buffer.concat([header, Buffer.from(body)]));
      }),
      { numRuns: 150 },
    );
  });

  it('truncations and byte mutations of real files (plain, LZ4, 1.6 LZO)', async () => {
    const v1 = readFileSync(join(repoRoot, 'fixtures/nfcapd/v1-lzo-small.nfcapd'));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(plain, lz4, v1),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
        fc.option(fc.nat()),
        async (file, mutations, cut) => {
          const bytes = Buffer.from(file);
          for (const [at, value] of mutations) bytes[at % bytes.length] = value;
          await survives(cut === null ? bytes : bytes.subarray(0, cut % (bytes.length + 1)));
        },
      ),
      { numRuns: 150 },
    );
  });
});
