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
  expect(run).toEqual({ code: 0, output: expect.stringMatching(/SUCCESS: 5 rules found/) });
});

it('the alerts fire on the series they are about, and only then (promtool test rules)', () => {
  const run = promtool(['test', 'rules', join(__dirname, 'alerts.promtool.yml')]);
  expect(run).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') });
});
