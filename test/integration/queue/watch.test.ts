/**
 * `rigsweep enqueue --watch DIR` on a rotating directory: a file is enqueued once it is finished
 * (renamed from nfcapd's temporary name), exactly once, also across a restart of the watcher.
 */
import { copyFileSync, mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, killAll, start, waitFor } from '../../helpers/processes';
import { queueConfig, queueEnv, reportJson, startWorker, stopWorker } from '../../helpers/queue';
import { drained, ingestQueue } from '../../helpers/queue-jobs';
import { useRedisServer } from '../../helpers/redis-server';
import { fixturePath } from '../../helpers/scan';

const redis = useRedisServer();
afterAll(killAll);

const enqueuedLines = (stderr: string) => stderr.split('\n').filter((l) => l.includes('"msg":"enqueued"'));

it('enqueues each finished file once, never one still being written, across restarts', async () => {
  const prefix = redis.newPrefix();
  const env = queueEnv(redis.url(), prefix, queueConfig({ watchPollSeconds: 0.1, watchSettleSeconds: 0.3 }));
  const dir = mkdtempSync(join(tmpdir(), 'rigsweep-watch-'));
  const queue = ingestQueue(redis.url(), prefix);
  const worker = await startWorker(env);
  const watch = () => start(process.execPath, [cliPath, 'enqueue', '--watch', dir], env);
  try {
    const watcher = watch();
    await waitFor(watcher, () => watcher.stderr().includes('"msg":"watching"'), 'the watcher');
    // nfcapd writes under a temporary name, then renames the finished file.
    copyFileSync(fixturePath('demo.pcap'), join(dir, 'nfcapd.current.4242'));
    await new Promise((r) => setTimeout(r, 1000));
    expect(enqueuedLines(watcher.stderr())).toEqual([]);
    renameSync(join(dir, 'nfcapd.current.4242'), join(dir, 'nfcapd.202109271200'));
    await waitFor(watcher, () => enqueuedLines(watcher.stderr()).length === 1, 'the finished file to be enqueued');
    watcher.child.kill('SIGTERM');
    expect(await watcher.exited).toBe(0);

    const again = watch();
    await waitFor(again, () => again.stderr().includes('"msg":"watching"'), 'the restarted watcher');
    await new Promise((r) => setTimeout(r, 1000));
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    expect(enqueuedLines(again.stderr())).toEqual([]);

    const jobs = await drained(queue);
    expect(jobs).toHaveLength(1);
    const report = await reportJson(env);
    expect(report.inputs.map((i) => i.path)).toEqual([join(dir, 'nfcapd.202109271200')]);
    expect(report.summary.flagged.total).toBe(8);
  } finally {
    await stopWorker(worker);
    await queue.close();
  }
}, 60_000);
