/**
 * The follow-up flow end to end: addresses flagged by the workers' sweep appear as new, with one
 * follow-up job each; an analyst confirms one and dismisses another; a later input with the
 * same addresses raises nothing for the dismissed one, and reports show it dismissed, not flagged.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FollowupEntry } from '../../../src/followup/entry';
import { QUEUE } from '../../../src/queue/names';
import { killAll } from '../../helpers/processes';
import { queueConfig, queueEnv, reportJson, runCli, startWorker, stopWorker } from '../../helpers/queue';
import { queueOf } from '../../helpers/queue-jobs';
import { useRedisServer } from '../../helpers/redis-server';
import { fixturePath } from '../../helpers/scan';

const redis = useRedisServer();
afterAll(killAll);

async function followups(env: NodeJS.ProcessEnv, state?: string): Promise<FollowupEntry[]> {
  const result = await runCli(['followup', 'list', '--format', 'json', ...(state ? ['--state', state] : [])], env);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as FollowupEntry[];
}

it('flag → confirm/dismiss → the allowlist holds on a later input', async () => {
  const prefix = redis.newPrefix();
  // A tiny retention: window parts go at once, the analysts' decisions must not.
  const env = queueEnv(redis.url(), prefix, queueConfig({ windowRetentionSeconds: 1 }));
  const followupQueue = queueOf(QUEUE.followup, redis.url(), prefix);
  const worker = await startWorker(env);
  try {
    expect((await runCli(['enqueue', '--wait', fixturePath('demo.pcap')], env)).code).toBe(0);
    const first = await reportJson(env);
    const flagged = first.hosts.filter((h) => h.level !== 'low').map((h) => h.ip).sort();
    expect(flagged).toHaveLength(8);
    const listed = await followups(env);
    expect(listed.map((e) => e.ip).sort()).toEqual(flagged);
    expect(listed.every((e) => e.state === 'new' && e.history.length === 1)).toBe(true);
    const jobs = await followupQueue.getJobs(['waiting']);
    expect(jobs.map((j) => j.data.ip).sort()).toEqual(flagged);
    expect(jobs.every((j) => j.data.reason === 'new' && j.data.codes.length > 0)).toBe(true);

    const [dismissed, confirmed] = ['192.168.1.21', '192.168.1.22'];
    expect((await runCli(['followup', 'dismiss', dismissed, '--note', 'lab rig, owner known'], env)).stdout).toMatch(/dismissed \(lab rig/);
    expect((await runCli(['followup', 'confirm', confirmed, '--note', 'ticket 4711'], env)).code).toBe(0);
    expect((await followups(env, 'dismissed')).map((e) => e.ip)).toEqual([dismissed]);

    // A later input: the same addresses mining again (a new file version of the same traffic).
    const later = join(mkdtempSync(join(tmpdir(), 'rigsweep-later-')), 'later.pcap');
    copyFileSync(fixturePath('demo.pcap'), later);
    expect((await runCli(['enqueue', '--wait', later], env)).code).toBe(0);
    const second = await reportJson(env);
    const host = second.hosts.find((h) => h.ip === dismissed)!;
    expect(host.level).toBe('high');
    expect(host.followup).toMatchObject({ state: 'dismissed', note: 'lab rig, owner known' });
    expect(second.summary.flagged.total).toBe(7);
    expect(second.summary.dismissed).toBe(1);
    expect(second.hosts.find((h) => h.ip === confirmed)!.followup?.state).toBe('confirmed');
    // Wide enough for the follow-up column whole (a table fits COLUMNS off a terminal).
    const table = await runCli(['report', '--no-sweep'], { ...env, COLUMNS: '400' });
    expect(table.stdout).toMatch(new RegExp(`${dismissed.replace(/\./g, '\\.')}.*dismissed \\(allowlisted\\): lab rig`));
    expect(table.stdout).toMatch(/7 flagged .*1 dismissed by analysts/);
    // No second follow-up job for anyone: nothing rose, and the dismissed address never raises.
    expect(await followupQueue.getJobCountByTypes('waiting')).toBe(8);
    const kept = await followups(env);
    expect(kept.find((e) => e.ip === confirmed)).toMatchObject({ state: 'confirmed', note: 'ticket 4711', level: 'high' });
  } finally {
    await stopWorker(worker);
    await followupQueue.close();
  }
}, 120_000);

it('refuses what it cannot do, with usage errors', async () => {
  const env = queueEnv(redis.url(), redis.newPrefix(), queueConfig());
  expect((await runCli(['followup', 'close', '10.0.0.1'], env)).code).toBe(2);
  expect((await runCli(['followup', 'dismiss'], env)).code).toBe(2);
  expect((await runCli(['followup', 'list', '--state', 'open'], env)).code).toBe(2);
});
