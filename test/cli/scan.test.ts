import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main';
import { fixturePath } from '../helpers/scan';

async function run(...argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough() as unknown as NodeJS.WriteStream;
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  (stderr as unknown as PassThrough).on('data', (d) => (err += d));
  const code = await main(argv, { stdout, stderr });
  return { code, out, err };
}

const demo = fixturePath('demo.pcap');
const dir = mkdtempSync(join(tmpdir(), 'rigsweep-cli-'));

describe('rigsweep scan', () => {
  it('prints the analyst table and exits 0 whatever it found', async () => {
    const { code, out } = await run('scan', demo, '--no-progress');
    expect(code).toBe(0);
    expect(out).toMatch(/^rigsweep: [1-9]\d* flagged/);
    expect(out).toContain('HIGH');
  });

  it('exits 1 with --fail-on when a finding reaches the level', async () => {
    expect((await run('scan', demo, '--fail-on', 'medium')).code).toBe(1);
  });

  it('writes the JSON contract to --out', async () => {
    const out = join(dir, 'report.json');
    const { code } = await run('scan', demo, '--format', 'json', '--out', out);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.reportVersion).toBe(1);
    expect(report.inputs[0]).toMatchObject({ path: demo, format: 'pcap' });
    expect(report.hosts.length).toBeGreaterThan(0);
  });

  it.each([
    [['scan'], /at least one input/],
    [['scan', demo, '--format', 'pdf'], /unknown --format pdf/],
    [['scan', demo, '--fail-on', 'low'], /--fail-on takes medium or high/],
    [['scan', demo, '--bogus'], /Unknown option/],
    [['frobnicate'], /unknown command/],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    const { code, err } = await run(...argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('exits 2 on a bad config, naming the key', async () => {
    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ score: { mediumAt: 'x' }, nope: 1 }));
    const { code, err } = await run('scan', demo, '--config', config);
    expect(code).toBe(2);
    expect(err).toContain('score.mediumAt');
    expect(err).toContain('nope');
  });

  it('exits 3 with a one-line reason for an unknown-format input, still scanning and reporting the rest', async () => {
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, 'this is not a capture at all');
    const { code, out, err } = await run('scan', demo, junk, '--format', 'json');
    expect(code).toBe(3);
    expect(err).toMatch(/junk\.bin: unknown format/);
    expect(JSON.parse(out).hosts.length).toBeGreaterThan(0);
  });

  it('stops before reading anything when a named input is missing: its path once, no report, exit 3', async () => {
    const missing = join(dir, 'missing.pcap');
    for (const format of ['table', 'json']) {
      const { code, out, err } = await run('scan', demo, missing, '--format', format, '--no-progress');
      expect(code).toBe(3);
      expect(out).toBe('');
      expect(err).toBe(`rigsweep: ${missing}: cannot read: ENOENT\n`);
    }
  });

  it('writes no empty report when no input could be read: one line for it on stderr', async () => {
    const junk = join(dir, 'only-junk.bin');
    writeFileSync(junk, 'not a capture');
    const { code, out, err } = await run('scan', junk, '--no-progress');
    expect(code).toBe(3);
    expect(out).toBe('');
    expect(err.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^rigsweep: \S*only-junk\.bin: unknown format/)]);
  });

  it('names the input once next to its problem in the table', async () => {
    const junk = join(dir, 'junk-table.bin');
    writeFileSync(junk, 'still not a capture');
    const { out } = await run('scan', demo, junk, '--no-progress');
    const line = out.split('\n').find((l) => l.includes('junk-table.bin'))!;
    expect(line.split(junk).length - 1).toBe(1);
    expect(line).toMatch(/junk-table\.bin: unknown format/);
  });

  it('escapes control characters of a file name it reports on stderr', async () => {
    const hostile = join(dir, 'x\u001b]0;pwned\u0007\u001b[31m.pcap');
    const { code, err } = await run('scan', hostile, '--no-progress');
    expect(code).toBe(3);
    expect(err).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(err).toContain('x\\x1b]0;pwned\\x07\\x1b[31m.pcap: cannot read: ENOENT');
  });
});
