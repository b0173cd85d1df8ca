/**
 * `rigsweep scan --probe` and `--probe-dry-run` as a process: the endpoint suspected only by
 * flow shape is listed (dry run) or handed to the prober, which contacts nothing outside
 * probe.allow; the report keeps the guess, and every decision is on stderr. (What a verdict
 * does to the findings: test/probe/confirm.test.ts, with real servers behind `dial`.)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNfdumpCsv } from '../../fixtures/lib/nfdump-csv-writer';
import { runCli } from '../helpers/queue';
import { miner } from '../detectors/flow-behaviour/records';
import { flowRows } from '../helpers/flow-rows';
import type { Report } from '../../src/report/model';

const work = mkdtempSync(join(tmpdir(), 'rigsweep-scan-probe-'));
const flows = join(work, 'flows.csv');

beforeAll(async () => {
  await writeNfdumpCsv(flows, flowRows(miner({ client: '192.168.1.10', server: '198.51.100.7', serverPort: 3333, seconds: 4 * 3600, recordSeconds: 300 })));
});

const configWith = (probe: Record<string, unknown>) => {
  const path = join(work, `config-${Object.keys(probe).join('-') || 'none'}.json`);
  writeFileSync(path, JSON.stringify({ probe }));
  return path;
};

it('--probe-dry-run lists the suspect and what the allowlist decides, contacting nothing', async () => {
  const result = await runCli(['scan', flows, '--probe-dry-run', '--format', 'json', '--no-progress', '--config', configWith({ allow: ['198.51.100.0/24'] })], process.env);
  expect(result.code).toBe(0);
  expect(result.stderr).toMatch(/^rigsweep: probe \(dry run\): 198\.51\.100\.7:3333 probe: /m);
  expect(result.stderr).not.toMatch(/"event":"probe"[,}]/);
  const report = JSON.parse(result.stdout) as Report;
  expect(report.hosts.find((h) => h.ip === '192.168.1.10')).toMatchObject({ level: 'medium', bases: ['behaviour', 'port'] });
}, 60_000);

it('--probe with an empty allowlist logs the suspect as not allowed and keeps the guess', async () => {
  const result = await runCli(['scan', flows, '--probe', '--format', 'json', '--no-progress', '--config', configWith({})], process.env);
  expect(result.code).toBe(0);
  expect(result.stderr).toMatch(/"event":"probe-skipped".*"address":"198\.51\.100\.7","port":3333,"decision":"not-allowed"/);
  const report = JSON.parse(result.stdout) as Report;
  expect(report.hosts.find((h) => h.ip === '192.168.1.10')?.level).toBe('medium');
}, 60_000);
