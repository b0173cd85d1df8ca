/**
 * Inputs rigsweep cannot read, with a real redis-server and real worker processes: a file of an
 * unknown format and a file gone before the worker reads it (a file on NFS not there yet), next to
 * a good capture. Their jobs fail with the path and reason kept on the job; the unknown format at
 * once, the missing file after every try. The worker logs them at warn and counts them, and the
 * example alert fires on the series it exports (promtool). `enqueue --wait` says which failed and
 * why and exits 3; enqueuing a failed version again tries it again.
 */
import { metricsUrl, scrape } from '../../helpers/metrics-scrape';
import { copyFileSync, mkdtempSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killAll, waitFor, type Running } from '../../helpers/processes';
import { queueConfig, queueEnv, reportJson, runCli, startWorker, stopWorker } from '../../helpers/queue';
import { drained, ingestQueue } from '../../helpers/queue-jobs';
import { useRedisServer } from '../../helpers/redis-server';
import { fixturePath } from '../../helpers/scan';
import { promtool } from '../../metrics/promtool';
import { ruleExpressions } from '../../metrics/promql-names';

const redis = useRedisServer();
afterAll(killAll);

const RULES = join(__dirname, '../../../config/alerts.example.yml');
const ATTEMPTS = 3;



interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of one metric family in exposition text. */
function samples(text: string, name: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`))
    .map((line) => {
      const [, body, value] = /^[^{]+\{(.*)\} (\S+)$/.exec(line)!;
      const labels = Object.fromEntries([...body.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      return { name, labels, value: Number(value) };
    });
}

const value = (text: string, name: string, labels: Record<string, string>) =>
  samples(text, name).find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

/** The worker's JSON log lines at warn (pino level 40). */
const warnings = (worker: Running) =>
  worker
    .stderr()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.level === 40);

/** An alert's expression and its annotations' templates, from the example rules file. */
function alertRule(name: string): { expr: string; summary: string; description: string } {
  const text = readFileSync(RULES, 'utf8');
  const names = [...text.matchAll(/^\s*- alert: (\S+)/gm)].map((m) => m[1]);
  const blocks = text.split(/^\s*- alert: /m).slice(1);
  const block = blocks[names.indexOf(name)];
  const annotation = (key: string) => new RegExp(`^\\s*${key}: "(.*)"$`, 'm').exec(block)![1];
  return { expr: ruleExpressions(text)[names.indexOf(name)], summary: annotation('summary'), description: annotation('description') };
}

/** The alerts' input series in a promtool test: each scraped counter from 0 (a fresh worker) to its value, or growing by it every minute. */
function series(scraped: Sample[], values: (v: number) => string) {
  return scraped.map((s) => ({
    series: `${s.name}{${Object.entries({ job: 'rigsweep-workers', instance: 'w1:9464', ...s.labels })
      .map(([k, v]) => `${k}="${v}"`)
      .join(',')}}`,
    values: values(s.value),
  }));
}

it('unreadable and unknown-format inputs fail their jobs with the reason, are counted, logged at warn and alerted on; the good one completes', async () => {
  const prefix = redis.newPrefix();
  const env = queueEnv(redis.url(), prefix, queueConfig({ attempts: ATTEMPTS }));
  const queue = ingestQueue(redis.url(), prefix);
  const dir = mkdtempSync(join(tmpdir(), 'rigsweep-inputs-'));
  const good = join(dir, 'a-good.pcap');
  const garbage = join(dir, 'b-garbage.bin');
  const vanishing = join(dir, 'c-vanishing.pcap');
  copyFileSync(fixturePath('xmrig.pcap'), good);
  writeFileSync(garbage, Buffer.alloc(4096, 0x41));
  copyFileSync(fixturePath('demo.pcap'), vanishing);
  let worker: Running | undefined;
  try {
    // Enqueued while no worker runs; the file then goes before any worker reads it.
    expect((await runCli(['enqueue', dir], env)).code).toBe(0);
    unlinkSync(vanishing);
    worker = await startWorker(env, ['--metrics', '127.0.0.1:0']);
    const w = worker;
    await drained(queue);

    const failed = Object.fromEntries((await queue.getFailed()).map((j) => [j.data.path, { reason: j.failedReason, tries: j.attemptsMade }]));
    expect(failed).toEqual({
      [garbage]: { reason: expect.stringMatching(new RegExp(`^${garbage}: unknown format\\b[^\\n]*$`)), tries: 1 },
      [vanishing]: { reason: expect.stringMatching(new RegExp(`^${vanishing}: cannot read\\b.*ENOENT[^\\n]*$`)), tries: ATTEMPTS },
    });
    expect((await queue.getCompleted()).map((j) => j.data.path)).toEqual([good]);

    // The job's state is in Redis a moment before the worker's failed event has run.
    await waitFor(w, () => w.stderr().split('"msg":"input not read: job failed"').length === 3, 'the worker to log both failures');
    const logged = warnings(w);
    expect(logged.filter((l) => l.msg === 'input not read: job failed').map((l) => [l.input, l.code, l.final])).toEqual(
      expect.arrayContaining([
        [garbage, 'input.unknown-format', true],
        [vanishing, 'input.unreadable', true],
      ]),
    );
    expect(logged.filter((l) => l.msg === 'input not read: will retry').map((l) => l.input)).toEqual(Array(ATTEMPTS - 1).fill(vanishing));
    expect(logged.find((l) => l.input === garbage)!.err).toBe(failed[garbage].reason);

    await waitFor(w, () => metricsUrl(w) !== undefined, 'the metrics endpoint');
    const text = await scrape(metricsUrl(w)!);
    expect(value(text, 'rigsweep_inputs_total', { format: 'unknown', outcome: 'unknown-format' })).toBe(1);
    expect(value(text, 'rigsweep_inputs_total', { format: 'unknown', outcome: 'unreadable' })).toBe(1);
    expect(value(text, 'rigsweep_inputs_total', { format: 'pcap', outcome: 'read' })).toBe(1);
    expect(value(text, 'rigsweep_input_issues_total', { code: 'input.unknown-format' })).toBe(1);
    expect(value(text, 'rigsweep_input_issues_total', { code: 'input.unreadable' })).toBe(1);
    // Jobs count once when they finish, not once per try.
    expect(value(text, 'rigsweep_jobs_total', { queue: 'ingest', outcome: 'failed' })).toBe(2);
    expect(value(text, 'rigsweep_jobs_total', { queue: 'ingest', outcome: 'completed' })).toBe(1);

    // The series the alert selects are there and non-zero...
    const notRead = alertRule('RigsweepInputsNotRead');
    expect(notRead.expr).toContain('rigsweep_inputs_total{outcome!="read"}');
    const inputs = samples(text, 'rigsweep_inputs_total');
    expect(inputs.filter((s) => s.labels.outcome !== 'read' && s.value > 0).map((s) => s.labels.outcome).sort()).toEqual(['unknown-format', 'unreadable']);
    // ...and Prometheus fires the example alerts on them: the inputs not read at once, the share
    // of failing jobs once a deployment fed this mix every minute has failed so for 15 minutes.
    const jobs = samples(text, 'rigsweep_jobs_total');
    const failing = alertRule('RigsweepIngestJobsFailing');
    const share = value(text, 'rigsweep_jobs_total', { queue: 'ingest', outcome: 'failed' })! / 3;
    const outcomes = ['unknown-format', 'unreadable'];
    const tests = {
      rule_files: [RULES],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: series(inputs, (v) => `0x5 ${v}x30`),
          alert_rule_test: [
            {
              eval_time: '10m',
              alertname: 'RigsweepInputsNotRead',
              exp_alerts: outcomes.map((outcome) => ({
                exp_labels: { severity: 'warning', outcome },
                exp_annotations: {
                  summary: notRead.summary.replace('{{ $labels.outcome }}', outcome),
                  description: notRead.description.replace('{{ $labels.outcome }}', outcome),
                },
              })),
            },
          ],
        },
        {
          interval: '1m',
          input_series: series(jobs, (v) => `0+${v}x60`),
          alert_rule_test: [
            {
              eval_time: '40m',
              alertname: 'RigsweepIngestJobsFailing',
              exp_alerts: [
                {
                  exp_labels: { severity: 'warning' },
                  exp_annotations: {
                    summary: failing.summary,
                    description: failing.description.replace('{{ $value | humanizePercentage }}', `${Number((share * 100).toPrecision(4))}%`),
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const file = join(dir, 'alerts.promtool.json'); // JSON is YAML
    writeFileSync(file, JSON.stringify(tests, null, 2));
    expect(promtool(['test', 'rules', file])).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') });

    // The report still lists every input, the failed ones with their error.
    const report = await reportJson(env);
    expect(Object.fromEntries(report.inputs.map((i) => [i.path, i.error ?? null]))).toEqual({
      [good]: null,
      [garbage]: expect.stringMatching(/unknown format/),
      [vanishing]: expect.stringMatching(/ENOENT/),
    });
    expect(report.hosts.filter((h) => h.level !== 'low').length).toBeGreaterThan(0);

    // enqueue --wait: says how many failed and why, and exits 3. The failed version is tried again.
    const other = join(dir, 'd-other.bin');
    writeFileSync(other, 'neither a capture nor a flow export\n'.repeat(50));
    const waited = await runCli(['enqueue', '--wait', garbage, other, good], env);
    expect(waited.code).toBe(3);
    expect(waited.stdout).toContain(`enqueued again (it failed before) ${garbage}`);
    expect(waited.stdout).toContain(`skipped ${good}: enqueued before`);
    expect(waited.stderr).toContain(`rigsweep: failed: ${garbage}: unknown format`);
    expect(waited.stderr).toContain(`rigsweep: failed: ${other}: unknown format`);
    expect(waited.stderr).toMatch(/rigsweep: 2 of 2 inputs failed: those inputs were not analysed/);
    await waitFor(w, () => w.stderr().split('"msg":"input not read: job failed"').length === 5, 'the worker to log the new failures');
    expect(value(await scrape(metricsUrl(w)!), 'rigsweep_inputs_total', { format: 'unknown', outcome: 'unknown-format' })).toBe(3);
    expect(w.child.exitCode).toBeNull();
  } finally {
    if (worker) await stopWorker(worker);
    await queue.close();
  }
}, 120_000);
