/**
 * The scale-out promise: the same inputs scanned by `rigsweep scan` and enqueued to 1, 2 or 4
 * worker processes give the same addresses, levels, scores, roles and evidence counts —
 * including behaviour judged over sessions that span several export files.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killAll } from '../../helpers/processes';
import { queueConfig, queueEnv, reportJson, runCli, startWorker, stopWorker, verdicts } from '../../helpers/queue';
import { useRedisServer } from '../../helpers/redis-server';
import { fixturePath } from '../../helpers/scan';
import { SPLIT_FARM, SPLIT_MINERS, writeSplitExports } from '../../helpers/split-exports';
import type { Report } from '../../../src/report/model';

const redis = useRedisServer();
afterAll(killAll);

let inputs: string[];
let scanned: Report;
// The inputs lie 12 hours apart in capture time and the workers take them in any order: the
// retention must cover that span (see the retention test in test/queue/replay.redis.test.ts).
const config = queueConfig({ windowRetentionSeconds: 86_400 });

beforeAll(async () => {
  const exports = await writeSplitExports(mkdtempSync(join(tmpdir(), 'rigsweep-split-')));
  inputs = [...['demo.pcap', 'nat-farm.pcap', 'xmrig.pcap', 'eth-proxy.pcap', 'truncated.pcap'].map(fixturePath), ...exports];
  const scan = await runCli(['scan', '--format', 'json', '--no-progress', '--config', config, ...inputs], process.env);
  expect(scan.code).toBe(0); // truncated.pcap is bad input: its issues are reported, the rest is read
  scanned = JSON.parse(scan.stdout) as Report;
}, 60_000);

describe('the scan itself', () => {
  it('needs the files together: each split export alone judges no session as mining behaviour', async () => {
    const flaggedAlone = new Set<string>();
    for (const file of inputs.slice(-4)) {
      const one = JSON.parse((await runCli(['scan', '--format', 'json', '--no-progress', file], process.env)).stdout) as Report;
      for (const h of one.hosts) if (h.level !== 'low') flaggedAlone.add(h.ip);
    }
    const together = scanned.hosts.filter((h) => h.level !== 'low').map((h) => h.ip);
    for (const ip of [...SPLIT_MINERS, SPLIT_FARM]) {
      expect(together).toContain(ip);
      expect(flaggedAlone.has(ip)).toBe(false);
    }
  }, 60_000);
});

describe.each([1, 2, 4])('%i worker process(es)', (workers) => {
  it('give the report a scan gives', async () => {
    const env = queueEnv(redis.url(), redis.newPrefix(), config);
    const running = await Promise.all(Array.from({ length: workers }, () => startWorker(env)));
    try {
      const enqueued = await runCli(['enqueue', '--wait', ...inputs], env, 120_000);
      expect(enqueued.stdout.match(/^enqueued /gm)).toHaveLength(inputs.length);
      const queued = await reportJson(env);
      expect(verdicts(queued)).toEqual(verdicts(scanned));
      expect(queued.summary.flagged).toEqual(scanned.summary.flagged);
      expect(queued.inputs.map((i) => [i.path, i.format, i.flows, i.error !== undefined])).toEqual(scanned.inputs.map((i) => [i.path, i.format, i.flows, i.error !== undefined]));
      if (workers > 1) {
        // The work really was shared: more than one worker logged an ingested input.
        const busy = running.filter((w) => w.stderr().includes('"msg":"ingested"') || w.stderr().includes('"msg":"input unreadable"'));
        expect(busy.length).toBeGreaterThan(1);
      }
    } finally {
      await Promise.all(running.map(stopWorker));
    }
  }, 180_000);
});
