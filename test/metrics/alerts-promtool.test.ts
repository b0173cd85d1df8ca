/**
 * The example alert rules as Prometheus itself reads and evaluates them: promtool checks
 * config/alerts.example.yml and runs the unit tests in alerts.promtool.yml (input series → which
 * alerts fire, with which labels and annotations).
 */
import { join } from 'node:path';
import { promtool } from './promtool';

const RULES = join(__dirname, '../../config/alerts.example.yml');

it('promtool accepts config/alerts.example.yml', () => {
  const run = promtool(['check', 'rules', RULES]);
  expect(run).toEqual({ code: 0, output: expect.stringMatching(/SUCCESS: 8 rules found/) });
});

it('the alerts fire on the series they are about, and only then (promtool test rules)', () => {
  const run = promtool(['test', 'rules', join(__dirname, 'alerts.promtool.yml')]);
  expect(run).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') });
});

it('promtool accepts the example scrape configuration and the rule files it names', () => {
  const run = promtool(['check', 'config', join(__dirname, '../../config/prometheus.example.yml')]);
  expect(run).toEqual({ code: 0, output: expect.stringMatching(/SUCCESS: 1 rule files found[\s\S]*SUCCESS: 8 rules found/) });
});

it('the security alerts are there beside the operational ones', () => {
  const run = promtool(['check', 'rules', '--lint=all', RULES]);
  expect(run.code).toBe(0);
  const text = require('node:fs').readFileSync(RULES, 'utf8') as string;
  expect(text).toMatch(/- name: rigsweep-security[\s\S]*- alert: RigsweepNewHighFlag[\s\S]*- alert: RigsweepSweepStalled/);
});
