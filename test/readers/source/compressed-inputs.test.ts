/**
 * Compressed and piped inputs: every compression Debian's own tools write, FIFOs and standard
 * input give exactly what the plain file gives; progress counts compressed bytes; a broken or
 * truncated stream is an issue (or, with nothing decodable, an unreadable input), never a crash.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseConfig } from '../../../src/config/load';
import type { FlowRecord } from '../../../src/flow/flow-record';
import { InputError, readInput } from '../../../src/readers/input';
import type { InputIssue } from '../../../src/readers/issues';
import { sniffCompression } from '../../../src/readers/source/compression';
import { fixturePath, repoRoot } from '../../helpers/scan';

const dir = mkdtempSync(join(tmpdir(), 'rigsweep-compressed-'));
const config = parseConfig({});

const TOOLS: Record<string, string[]> = { gzip: ['gzip', '-c'], bzip2: ['bzip2', '-c'], xz: ['xz', '-c'], zstd: ['zstd', '-q', '-c'] };

function compress(path: string, tool: string, name: string): string {
  const [command, ...args] = TOOLS[tool];
  const out = join(dir, name);
  writeFileSync(out, execFileSync(command, [...args, path], { maxBuffer: 1 << 28 }));
  return out;
}

async function read(path: string, options: Parameters<typeof readInput>[3] = {}) {
  const flows: FlowRecord[] = [];
  const issues: InputIssue[] = [];
  const progress: number[] = [];
  const stats = await readInput(path, config, { flow: (f) => flows.push(f), issue: (i) => issues.push(i) }, { ...options, onProgress: (b) => progress.push(b) });
  return { flows, issues, stats, progress };
}

const brief = (f: FlowRecord) => `${f.protocol} ${f.client.ip}:${f.client.port}>${f.server.ip}:${f.server.port} ${f.toServer.bytes}/${f.toClient.bytes} ${f.payload?.toServer.bytes.length ?? -1}`;

const inputs = [fixturePath('demo.pcap'), fixturePath('two-interfaces.pcapng'), join(repoRoot, 'fixtures/exports/nfdump-1.7.1-stratum-v1.csv'), join(repoRoot, 'fixtures/exports/goflow2-v2.jsonl')];

describe('compressed inputs', () => {
  const plain = new Map<string, Awaited<ReturnType<typeof read>>>();
  beforeAll(async () => {
    for (const input of inputs) plain.set(input, await read(input));
  });

  it.each(Object.keys(TOOLS).flatMap((tool) => inputs.map((input) => [tool, input] as const)))('%s of %s reads as the plain file', async (tool, input) => {
    // A name that says nothing about the compression: the magic bytes decide.
    const path = compress(input, tool, `${tool}-${input.split('/').pop()}.data`);
    const got = await read(path);
    const want = plain.get(input)!;
    expect(got.stats.compression).toBe(tool);
    expect(got.stats.format).toBe(want.stats.format);
    expect(got.stats.decodedBytes).toBe(statSync(input).size);
    expect(got.stats.packets).toBe(want.stats.packets);
    expect(got.flows.map(brief)).toEqual(want.flows.map(brief));
    expect(got.stats.issueCounts).toEqual(want.stats.issueCounts);
    // Progress counts the bytes read from disk: the compressed size, not the decoded one.
    expect(got.progress[got.progress.length - 1]).toBe(statSync(path).size);
    expect(got.stats.bytes).toBe(statSync(path).size);
  });

  it('takes a plain file named .gz as plain', async () => {
    const path = join(dir, 'not-really.pcap.gz');
    writeFileSync(path, readFileSync(fixturePath('demo.pcap')));
    const got = await read(path);
    expect(got.stats).toMatchObject({ compression: 'none', format: 'pcap' });
    expect(got.flows.map(brief)).toEqual(plain.get(fixturePath('demo.pcap'))!.flows.map(brief));
  });

  it('reads concatenated gzip members as one stream, as gunzip does', async () => {
    const csv = readFileSync(inputs[2], 'utf8').split('\n');
    const half = Math.floor(csv.length / 2);
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    writeFileSync(a, csv.slice(0, half).join('\n') + '\n');
    writeFileSync(b, csv.slice(half).join('\n'));
    const joined = join(dir, 'joined.csv.gz');
    writeFileSync(joined, Buffer.concat([execFileSync('gzip', ['-c', a]), execFileSync('gzip', ['-c', b])]));
    expect((await read(joined)).flows.map(brief)).toEqual(plain.get(inputs[2])!.flows.map(brief));
  });

  it.each(Object.keys(TOOLS))('a truncated %s stream reads what it decoded and reports the break', async (tool) => {
    // An export several compression blocks long (bzip2 blocks are 900 kB), cut in the middle.
    const [header, ...rows] = readFileSync(inputs[2], 'utf8').trimEnd().split('\n');
    const big = join(dir, 'big.csv');
    const lines = [header];
    // Varied counters (a seeded LCG) so the stream compresses like real exports, to several MB.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; lines.length < 200_000; i++) {
      const fields = rows[i % rows.length].split(',');
      [fields[5], fields[11], fields[12]] = [String(1024 + (next() % 60000)), String(1 + (next() % 5000)), String(40 + (next() % 9_000_000))];
      lines.push(fields.join(','));
    }
    writeFileSync(big, lines.join('\n') + '\n');
    const bytes = readFileSync(compress(big, tool, `cut-src.${tool}`));
    const cut = join(dir, `cut.${tool}`);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const got = await read(cut);
    expect(got.stats.format).toBe('nfdump-csv');
    expect(got.flows.length).toBeGreaterThan(1000);
    expect(got.flows.length).toBeLessThan(lines.length - 1);
    const broken = got.issues.find((i) => i.code === 'input.unreadable');
    expect(broken?.message).toMatch(new RegExp(`${tool} stream broken`));
  });

  it('a compressed magic followed by garbage is an unreadable input with its reason', async () => {
    const path = join(dir, 'garbage.gz');
    writeFileSync(path, Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(200, 0xee)]));
    const error = await read(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/garbage\.gz: gzip stream broken/);
  });

  it('names the compression when what is inside is no known format', async () => {
    const path = join(dir, 'text.zst');
    writeFileSync(path, execFileSync('zstd', ['-q', '-c'], { input: 'hello, this is not a capture\n'.repeat(50) }));
    const error = (await read(path).catch((e: unknown) => e)) as InputError;
    expect(error.code).toBe('input.unknown-format');
    expect(error.message).toMatch(/unknown format \(after zstd decompression\)/);
  });

  it('tells compressions by magic bytes only', () => {
    expect(sniffCompression(Buffer.from('BZh91AY'))).toBe('bzip2');
    expect(sniffCompression(Buffer.from('BZhello'))).toBe('none');
    expect(sniffCompression(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0]))).toBe('zstd');
    expect(sniffCompression(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0]))).toBe('xz');
    expect(sniffCompression(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a]))).toBe('none');
    expect(sniffCompression(Buffer.alloc(0))).toBe('none');
  });

  it('survives random bytes behind every compression magic (fuzz)', async () => {
    const magics = [[0x1f, 0x8b], [0x42, 0x5a, 0x68, 0x39], [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], [0x28, 0xb5, 0x2f, 0xfd]];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...magics), fc.uint8Array({ maxLength: 2000 }), async (magic, tail) => {
        const path = join(dir, `fuzz-${n++}`);
        writeFileSync(path, Buffer.concat([Buffer.from(magic), Buffer.from(tail)]));
        try {
          await read(path);
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('piped inputs', () => {
  it('reads standard input ("-"), compressed or not', async () => {
    const want = (await read(fixturePath('demo.pcap'))).flows.map(brief);
    const plainStdin = await read('-', { stdin: createReadStream(fixturePath('demo.pcap'), { highWaterMark: 4096 }) });
    expect(plainStdin.flows.map(brief)).toEqual(want);
    const gz = compress(fixturePath('demo.pcap'), 'gzip', 'stdin.gz');
    const gzStdin = await read('-', { stdin: createReadStream(gz, { highWaterMark: 1000 }) });
    expect(gzStdin.stats.compression).toBe('gzip');
    expect(gzStdin.flows.map(brief)).toEqual(want);
  });

  it('reads a FIFO as its writer fills it', async () => {
    const fifo = join(dir, 'exports.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `cat "${inputs[2]}" > "${fifo}"`]);
    const exited = new Promise((resolve) => writer.on('exit', resolve));
    const got = await read(fifo);
    expect(await exited).toBe(0);
    expect(got.stats.format).toBe('nfdump-csv');
    expect(got.flows.map(brief)).toEqual((await read(inputs[2])).flows.map(brief));
  });

  it('reads an empty standard input as an unknown format, not a hang', async () => {
    const empty = join(dir, 'empty');
    writeFileSync(empty, '');
    const error = (await read('-', { stdin: createReadStream(empty) }).catch((e: unknown) => e)) as InputError;
    expect(error.code).toBe('input.unknown-format');
  });
});
