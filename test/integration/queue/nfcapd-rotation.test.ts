/**
 * The queued path on real nfcapd files: `enqueue --watch DIR` while files appear as nfcapd's
 * rotation makes them (written as nfcapd.current.<pid>, renamed to nfcapd.YYYYMMDDhhmm), two
 * worker processes, a real redis-server; `report` then flags what `scan` of the same files flags.
 * And `enqueue -R FIRST:LAST --wait` enqueues exactly that range.
 */
import { copyFileSync, mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Report } from '../../../src/report/model';
import { nfcapdRuns, rotatedNfcapdDir } from '../../helpers/nfcapd-dir';
import { cliPath, killAll, start, waitFor } from '../../helpers/processes';
import { queueConfig, queueEnv, reportJson, runCli, startWorker, stopWorker, verdicts } from '../../helpers/queue';
import { drained, ingestQueue } from '../../helpers/queue-jobs';
import { useRedisServer } from '../../helpers/redis-server';
import { flaggedIps } from '../../helpers/scan';

const redis = useRedisServer();
afterAll(killAll);

// 12 hours of capture time between the first and the last file, taken by workers in any order.
const config = queueConfig({ watchPollSeconds: 0.1, watchSettleSeconds: 0.3, windowRetentionSeconds: 86_400 });
const CAPTURES = [
  { pcap: 'stratum-v1.pcap', slot: '202109270000' },
  { pcap: 'xmrig.pcap', slot: '202109270110' },
  { pcap: 'demo.pcap', slot: '202109271200' },
];

async function scanJson(args: string[]): Promise<Report> {
  const scan = await runCli(['scan', '--format', 'json', '--no-progress', '--config', config, ...args], process.env);
  if (scan.code !== 0) throw new Error(`scan exited ${scan.code}: ${scan.stderr}`);
  return JSON.parse(scan.stdout) as Report;
}

const levelsAndRoles = (report: Report) => Object.fromEntries(report.hosts.filter((h) => h.level !== 'low').map((h) => [h.ip, `${h.level} ${h.role}`]));
const enqueuedLines = (stderr: string) => stderr.split('\n').filter((l) => l.includes('"msg":"enqueued"'));

it('enqueue --watch on a directory nfcapd rotates into, two workers: report flags what scan flags', async () => {
  const env = queueEnv(redis.url(), redis.newPrefix(), config);
  const dir = mkdtempSync(join(tmpdir(), 'rigsweep-nfcapd-watch-'));
  const staged = await nfcapdRuns(CAPTURES);
  const queue = ingestQueue(redis.url(), env.RIGSWEEP_PREFIX!);
  const workers = await Promise.all([startWorker(env), startWorker(env)]);
  const watcher = start(process.execPath, [cliPath, 'enqueue', '--watch', dir], env);
  try {
    await waitFor(watcher, () => watcher.stderr().includes('"msg":"watching"'), 'the watcher');
    const finished: string[] = [];
    for (const [i, { slot, file }] of staged.entries()) {
      const writing = join(dir, `nfcapd.current.${4000 + i}`);
      copyFileSync(file, writing);
      // Longer than the settle time: only the rename may make it an input.
      await new Promise((r) => setTimeout(r, 600));
      expect(enqueuedLines(watcher.stderr())).toHaveLength(i);
      const done = join(dir, `nfcapd.${slot}`);
      renameSync(writing, done);
      finished.push(done);
      await waitFor(watcher, () => enqueuedLines(watcher.stderr()).length === i + 1, `${basename(done)} to be enqueued`);
    }
    expect(enqueuedLines(watcher.stderr()).map((l) => JSON.parse(l).input as string)).toEqual(finished);
    const jobs = await drained(queue);
    expect(jobs.map((j) => j.finishedOn !== undefined && j.failedReason === undefined)).toEqual(finished.map(() => true));

    const queued = await reportJson(env);
    const scanned = await scanJson([dir]);
    expect(scanned.inputs.map((i) => i.path)).toEqual(finished);
    expect([...queued.inputs.map((i) => i.path)].sort()).toEqual(finished);
    expect(flaggedIps(queued)).toEqual(flaggedIps(scanned));
    expect(levelsAndRoles(queued)).toEqual(levelsAndRoles(scanned));
    expect(Object.keys(levelsAndRoles(scanned))).toEqual(expect.arrayContaining(['192.168.1.10', '192.168.1.16', '192.168.1.21']));
    // Beyond level and role: scores and evidence too, as test/integration/queue/equivalence.test.ts holds for any inputs.
    expect(verdicts(queued)).toEqual(verdicts(scanned));
  } finally {
    watcher.child.kill('SIGTERM');
    await watcher.exited;
    await Promise.all(workers.map(stopWorker));
    await queue.close();
  }
}, 45_000);

it('enqueue -R FIRST:LAST --wait enqueues exactly that range, and the report is scan -R of it', async () => {
  const env = queueEnv(redis.url(), redis.newPrefix(), config);
  const { dir, files } = await rotatedNfcapdDir(CAPTURES);
  copyFileSync(files[2], join(dir, 'nfcapd.202109270500.tmp')); // sorts inside the range: never an input
  const range = `${files[0]}:${basename(files[1])}`;
  const workers = await Promise.all([startWorker(env), startWorker(env)]);
  try {
    const enqueued = await runCli(['enqueue', '-R', range, '--wait'], env);
    expect(enqueued.stderr).toBe('');
    expect(enqueued.code).toBe(0);
    expect(enqueued.stdout.split('\n').filter(Boolean).map((l) => l.replace(/ \(.*\)$/, ''))).toEqual(files.slice(0, 2).map((f) => `enqueued ${f}`));
    const queued = await reportJson(env);
    expect([...queued.inputs.map((i) => i.path)].sort()).toEqual(files.slice(0, 2));
    const scanned = await scanJson(['-R', range]);
    expect(levelsAndRoles(queued)).toEqual(levelsAndRoles(scanned));
    expect(flaggedIps(queued)).toEqual(['192.168.1.10', '192.168.1.16']);

    // The same range again: each file version once.
    const again = await runCli(['enqueue', '-R', range, '--wait'], env);
    expect(again.code).toBe(0);
    expect(again.stdout.split('\n').filter(Boolean)).toEqual(files.slice(0, 2).map((f) => `skipped ${f}: enqueued before`));
  } finally {
    await Promise.all(workers.map(stopWorker));
  }
}, 45_000);
