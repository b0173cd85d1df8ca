/**
 * The built `rigsweep scan` as a real process on the inputs an operator names: pipes on standard
 * input (zcat, or a compressed stream straight in), a FIFO, a rotated directory of real nfcapd
 * files and the one nfcapd is still writing, `-R FIRST:LAST`, `--since/--until`, `scan --help`, and
 * the usage errors (exit 2). Needs the build (`npx tsc -p tsconfig.json`; `npm test` does it).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/report/model';
import { rotatedNfcapdDir, nfcapdRuns } from '../helpers/nfcapd-dir';
import { cliPath, killAll, start } from '../helpers/processes';
import { runCli, verdicts, type CliResult } from '../helpers/queue';
import { fixturePath, flaggedIps } from '../helpers/scan';

afterAll(killAll);

const work = mkdtempSync(join(tmpdir(), 'rigsweep-scan-inputs-'));
const demo = fixturePath('demo.pcap');

async function scanJson(...args: string[]): Promise<Report> {
  const result = await runCli(['scan', '--format', 'json', '--no-progress', ...args], process.env);
  if (result.code !== 0) throw new Error(`scan ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Report;
}

/** A shell pipeline into the built CLI, as typed at a prompt (pipefail: a failing zcat fails it). */
async function pipeline(script: string): Promise<CliResult> {
  const run = start('bash', ['-c', `set -euo pipefail; ${script}`], { ...process.env, NODE: process.execPath, CLI: cliPath });
  const code = await new Promise<number | null>((resolve) => run.child.once('close', resolve));
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

const levelsAndRoles = (report: Report) => report.hosts.filter((h) => h.level !== 'low').map((h) => `${h.ip} ${h.level} ${h.role}`).sort();

describe('piped and compressed inputs', () => {
  let plain: Report;
  const gz = join(work, 'demo.pcap.gz');
  beforeAll(async () => {
    writeFileSync(gz, execFileSync('gzip', ['-c', demo]));
    plain = await scanJson(demo);
    expect(flaggedIps(plain).length).toBeGreaterThan(0);
  });

  it('zcat x.gz | rigsweep scan - flags what the plain file flags', async () => {
    const piped = await pipeline(`zcat "${gz}" | "$NODE" "$CLI" scan - --format json --no-progress`);
    expect(piped.stderr).toBe('');
    expect(piped.code).toBe(0);
    const report = JSON.parse(piped.stdout) as Report;
    expect(report.inputs.map((i) => [i.path, i.format, i.compression, i.packets])).toEqual([['-', 'pcap', 'none', plain.inputs[0].packets]]);
    expect(flaggedIps(report)).toEqual(flaggedIps(plain));
    expect(verdicts(report)).toEqual(verdicts(plain));
  });

  it('cat x.gz | rigsweep scan - decompresses the stream itself', async () => {
    const piped = await pipeline(`cat "${gz}" | "$NODE" "$CLI" scan - --format json --no-progress`);
    expect(piped.code).toBe(0);
    const report = JSON.parse(piped.stdout) as Report;
    expect(report.inputs.map((i) => [i.path, i.format, i.compression])).toEqual([['-', 'pcap', 'gzip']]);
    expect(report.inputs[0].decodedBytes).toBe(plain.inputs[0].bytes);
    expect(verdicts(report)).toEqual(verdicts(plain));
  });

  it('a FIFO fed by zstd reads as the file, next to a plain file', async () => {
    const fifo = join(work, 'xmrig.fifo');
    execFileSync('mkfifo', [fifo]);
    const both = await pipeline(`timeout 20 zstd -q -c "${fixturePath('xmrig.pcap')}" > "${fifo}" & "$NODE" "$CLI" scan "${fifo}" "${demo}" --format json --no-progress; wait`);
    expect(both.code).toBe(0);
    const report = JSON.parse(both.stdout) as Report;
    expect(report.inputs.map((i) => [i.path, i.format, i.compression])).toEqual([[fifo, 'pcap', 'zstd'], [demo, 'pcap', 'none']]);
    expect(verdicts(report)).toEqual(verdicts(await scanJson(fixturePath('xmrig.pcap'), demo)));
  });

  it('a broken gzip stream on standard input is an unreadable input (exit 3), not a crash', async () => {
    const piped = await pipeline(`head -c 20 "${gz}" | "$NODE" "$CLI" scan - --format json --no-progress || echo "exit $?" >&2`);
    expect(piped.stderr).toMatch(/^rigsweep: -: .*\nexit 3\n$/);
  });
});

// Capture times: stratum-v1 00:00–00:10, xmrig 01:14:59–01:24:57, demo 12:00–12:09 on 2021-09-27 (UTC).
const CAPTURES = [
  { pcap: 'stratum-v1.pcap', slot: '202109270000', miners: ['192.168.1.10'] },
  { pcap: 'xmrig.pcap', slot: '202109270110', miners: ['192.168.1.16'] },
  { pcap: 'demo.pcap', slot: '202109271200', miners: ['192.168.1.21', '192.168.1.22', '192.168.1.23', '192.168.1.24'] },
];

describe('a rotated directory of real nfcapd files', () => {
  let dir: string;
  let files: string[];
  let byHand: Report;
  const [stratumMiner, xmrigMiner] = [CAPTURES[0].miners[0], CAPTURES[1].miners[0]];
  const demoMiners = CAPTURES[2].miners;

  beforeAll(async () => {
    ({ dir, files } = await rotatedNfcapdDir(CAPTURES));
    // The file nfcapd is still writing: eth-proxy.pcap's records, whose miner would be flagged if read.
    const [current] = await nfcapdRuns([{ pcap: 'eth-proxy.pcap', slot: '202109271300' }]);
    copyFileSync(current.file, join(dir, 'nfcapd.current.31337'));
    expect(flaggedIps(await scanJson(join(dir, 'nfcapd.current.31337')))).toEqual(['192.168.1.15']);
    byHand = await scanJson(...files);
  }, 25_000);

  it('holds what the test means it to: three rotated files and one being written', () => {
    const names = execFileSync('ls', [dir]).toString().trim().split('\n');
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(names.filter((n) => n.startsWith('nfcapd.current.'))).toHaveLength(1);
    expect(byHand.inputs.every((i) => i.format === 'nfcapd' && i.flows > 0 && !i.error)).toBe(true);
    for (const c of CAPTURES) for (const ip of c.miners) expect(flaggedIps(byHand)).toContain(ip);
  });

  it('scan DIR = scanning its finished files named by hand, in name order', async () => {
    const scanned = await scanJson(dir);
    expect(scanned.inputs.map((i) => i.path)).toEqual(files);
    expect(scanned.inputs).toEqual(byHand.inputs);
    expect(verdicts(scanned)).toEqual(verdicts(byHand));
    expect(flaggedIps(scanned)).not.toContain('192.168.1.15');
  });

  it('-R FIRST:LAST scans just that range, both ends included', async () => {
    const [first, second, third] = files;
    const tail = await scanJson('-R', `${second}:${third.slice(dir.length + 1)}`);
    expect(tail.inputs.map((i) => i.path)).toEqual(files.slice(1, 3));
    expect(flaggedIps(tail)).toContain(xmrigMiner);
    expect(flaggedIps(tail)).not.toContain(stratumMiner);
    expect(verdicts(tail)).toEqual(verdicts(await scanJson(second, third)));

    const one = await scanJson('--range', `${first}:${first}`);
    expect(one.inputs.map((i) => i.path)).toEqual([first]);
    expect(flaggedIps(one)).toEqual([stratumMiner]);
  });

  it('-R and named inputs together: the named first, then the range', async () => {
    const both = await scanJson(demo, '-R', `${files[0]}:${files[1]}`);
    expect(both.inputs.map((i) => i.path)).toEqual([demo, files[0], files[1]]);
  });

  it('--since leaves out records before it, counted per input, and the miner seen only then', async () => {
    const since = await scanJson(dir, '--since', '2021-09-27T01:00');
    const [stratum, xmrig, demoFile] = since.inputs;
    expect(stratum.outsideWindow).toBe(byHand.inputs[0].flows);
    expect(xmrig.outsideWindow).toBeUndefined();
    expect(demoFile.outsideWindow).toBeUndefined();
    // flows still counts every record read
    expect(since.inputs.map((i) => i.flows)).toEqual(byHand.inputs.map((i) => i.flows));
    expect(flaggedIps(since)).not.toContain(stratumMiner);
    expect(flaggedIps(since)).toEqual(flaggedIps(byHand).filter((ip) => ip !== stratumMiner));
    // The same instant as Unix seconds, or with an offset, is the same window.
    for (const same of ['1632704400', '2021-09-27T03:00+02:00']) expect(verdicts(await scanJson(dir, '--since', same))).toEqual(verdicts(since));
  });

  it('--until leaves out records from it on: the demo miners are not flagged', async () => {
    const until = await scanJson(dir, '--until', '2021-09-27T12:00Z');
    expect(until.inputs.map((i) => i.outsideWindow)).toEqual([undefined, undefined, byHand.inputs[2].flows]);
    for (const ip of demoMiners) expect(flaggedIps(until)).not.toContain(ip);
    expect(flaggedIps(until)).toEqual([stratumMiner, xmrigMiner].sort());
  });

  it('a window that cuts a session keeps the session: only the records wholly outside are left out', async () => {
    // xmrig's pool session runs 01:14:59–01:24:57; its DNS lookup (two records) ends at 01:15:00.
    const cut = await scanJson(dir, '--since', '2021-09-27T01:20Z', '--until', '2021-09-27T01:21Z');
    const [stratum, xmrig, demoFile] = cut.inputs;
    expect(stratum.outsideWindow).toBe(stratum.flows);
    expect(demoFile.outsideWindow).toBe(demoFile.flows);
    expect(xmrig.flows - (xmrig.outsideWindow ?? 0)).toBe(2); // the session, both directions
    expect(levelsAndRoles(cut)).toEqual(levelsAndRoles(await scanJson(files[1])).filter((l) => l.startsWith(`${xmrigMiner} `)));
  });

  it('a window nothing falls in flags nothing and says so per input', async () => {
    const none = await scanJson(dir, '--since', '2030-01-01');
    expect(none.inputs.map((i) => i.outsideWindow)).toEqual(byHand.inputs.map((i) => i.flows));
    expect(none.summary.flagged.total).toBe(0);
  });
});

describe('rigsweep scan --help', () => {
  const OPTIONS = ['-R, --range', '--since', '--until', '--format', '--out', '--config', '--owners', '--fail-on', '--no-progress'];

  it.each([[['scan', '--help']], [['scan', '-h']], [['scan', demo, '--since', 'nonsense', '--help']]])('%j prints the help on stdout and exits 0', async (args) => {
    const help = await runCli(args, process.env);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(/^usage: rigsweep scan <inputs\.\.\.>/);
    for (const option of OPTIONS) expect(help.stdout).toContain(option);
    // The usage line names each option too, and nothing the parser does not take.
    const usage = help.stdout.slice(0, help.stdout.indexOf('\n\n'));
    const named = [...usage.matchAll(/\[(-[-\w]+)/g)].map((m) => m[1]).sort();
    expect(named).toEqual(['--config', '--fail-on', '--format', '--intel-out', '--no-progress', '--out', '--owners', '--probe', '--probe-dry-run', '--since', '--until', '-R'].sort());
    expect(help.stdout).toMatch(/exit codes: 0 ok .* 2 usage/s);
  });

  it('every option the help names is one scan takes', async () => {
    const out = join(work, 'help-options.json');
    const owners = join(work, 'owners.csv');
    writeFileSync(owners, 'cidr,owner,nature\n192.168.1.0/24,lab,internal\n');
    const config = join(work, 'config.json');
    writeFileSync(config, '{}');
    const result = await runCli(
      ['scan', demo, '--since', '2021-09-27T00:00Z', '--until', '1632787200', '--format', 'json', '--out', out, '--config', config, '--owners', owners, '--fail-on', 'high', '--no-progress', '-R', `${demo}:demo.pcap`],
      process.env,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1); // --fail-on high reached
  });
});

describe('usage errors exit 2 with the reason and the usage', () => {
  const emptyDir = join(work, 'empty');
  const writingOnly = join(work, 'writing-only');
  mkdirSync(emptyDir);
  mkdirSync(writingOnly);
  copyFileSync(demo, join(writingOnly, 'nfcapd.current.1'));
  const captures = fixturePath('');

  it.concurrent.each([
    [['scan'], 'scan needs at least one input'],
    [['scan', demo, '--since', 'yesterday'], '--since takes an ISO 8601 time (2026-12-03T06:00Z) or Unix seconds, not yesterday'],
    [['scan', demo, '--until', '2021-02-30T00:00Z'], '--until: 2021-02-30T00:00Z is not a valid time'],
    [['scan', demo, '--since', '2021-09-27T12:00Z', '--until', '2021-09-27T12:00'], '--since (2021-09-27T12:00Z) must be before --until (2021-09-27T12:00)'],
    [['scan', '-R', `${join(captures, 'xmrig.pcap')}:demo.pcap`], 'xmrig.pcap sorts after demo.pcap'],
    [['scan', '-R', `${join(captures, 'demo.pcap')}:zz-none.pcap`], `${join(captures, 'zz-none.pcap')} does not exist`],
    [['scan', '-R', `${join(captures, 'demo.pcap')}:${join(work, 'demo.pcap.gz')}`], 'both ends must be in one directory'],
    [['scan', '-R', join(captures, 'demo.pcap')], 'expected FIRST:LAST'],
    [['scan', '-', '-'], 'standard input ("-") can be read only once'],
    [['scan', emptyDir], `no input files in ${emptyDir}`],
    [['scan', writingOnly], `no input files in ${writingOnly}`],
    [['enqueue', '-'], 'enqueue takes paths workers can open, not standard input'],
    // Independent processes: run side by side to keep the file fast.
  ])('%j', async (args, message) => {
    // No Redis anywhere: enqueue must refuse before it would need one.
    const result = await runCli(args, { ...process.env, REDIS_URL: 'redis://127.0.0.1:1' }, 15_000);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const [reason, usage] = result.stderr.split('\n');
    expect(reason).toContain(message);
    expect(reason).toMatch(/^rigsweep: /);
    expect(usage).toMatch(new RegExp(`^usage: rigsweep ${args[0]} `));
  });
});
