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

  it('exits 3 with a one-line reason for a missing or unknown-format input, still scanning the rest', async () => {
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, 'this is not a capture at all');
    const { code, out, err } = await run('scan', demo, junk, join(dir, 'missing.pcap'), '--format', 'json');
    expect(code).toBe(3);
    expect(err).toMatch(/junk\.bin: unknown format/);
    expect(err).toMatch(/missing\.pcap: cannot read: ENOENT/);
    expect(JSON.parse(out).hosts.length).toBeGreaterThan(0);
  });
});
