/**
 * The operator examples in config/ only query metrics that exist: a renamed metric must not
 * leave a dashboard panel or an alert silently empty.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMetrics } from '../../src/metrics/metrics';
import { familyOf, metricNamesIn, ruleExpressions } from './promql-names';

const CONFIG = join(__dirname, '../../config');
const DEFINED = new Set(createMetrics().registry.getMetricsAsArray().map((m) => m.name));
const isDefined = (series: string) => DEFINED.has(familyOf(series)) || /^(process|nodejs)_/.test(series);

function exprsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(exprsIn);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => (key === 'expr' && typeof value === 'string' ? [value] : exprsIn(value)));
}

function expectOnlyDefinedMetrics(exprs: string[]): void {
  expect(exprs.length).toBeGreaterThan(0);
  for (const expr of exprs) {
    const names = metricNamesIn(expr);
    expect({ expr, names }).toEqual({ expr, names: expect.arrayContaining([expect.stringMatching(/^rigsweep_/)]) });
    expect({ expr, undefined: names.filter((n) => !isDefined(n)) }).toEqual({ expr, undefined: [] });
  }
}

describe('metricNamesIn', () => {
  it('finds metric names and skips functions, labels, ranges and keywords', () => {
    expect(metricNamesIn('histogram_quantile(0.95, sum by (queue, le) (rate(a_bucket{x="y(z)"}[5m])))')).toEqual(['a_bucket']);
    expect(metricNamesIn('max by (q) (b) > 100 and max(deriv(c[30m])) > 1e-9 unless d offset 5m')).toEqual(['b', 'c', 'd']);
  });
});

describe('config/grafana-dashboard.example.json', () => {
  const dashboard = JSON.parse(readFileSync(join(CONFIG, 'grafana-dashboard.example.json'), 'utf8'));

  it('is a Grafana dashboard of a recent schema with the expected panels', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(typeof dashboard.title).toBe('string');
    const ids = dashboard.panels.map((p: { id: number }) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const queried = new Set(exprsIn(dashboard).flatMap(metricNamesIn).map(familyOf));
    for (const name of [
      'rigsweep_jobs_total',
      'rigsweep_job_duration_seconds',
      'rigsweep_flows_total',
      'rigsweep_input_issues_total',
      'rigsweep_inputs_total',
      'rigsweep_flagged_addresses',
      'rigsweep_queue_jobs',
      'rigsweep_collector_datagrams_total',
      'rigsweep_collector_dropped_total',
      'rigsweep_redis_up',
    ]) {
      expect(queried).toContain(name);
    }
  });

  it('queries only metrics that createMetrics defines', () => {
    expectOnlyDefinedMetrics(exprsIn(dashboard));
  });
});

describe('config/alerts.example.yml', () => {
  const rules = readFileSync(join(CONFIG, 'alerts.example.yml'), 'utf8');

  it('has 3 to 10 alerts, one of them on inputs not read', () => {
    const alerts = rules.match(/^\s*- alert: \S+/gm) ?? [];
    expect(alerts.length).toBeGreaterThanOrEqual(3);
    expect(alerts.length).toBeLessThanOrEqual(10);
    expect(ruleExpressions(rules).some((expr) => metricNamesIn(expr).includes('rigsweep_inputs_total'))).toBe(true);
    expect(ruleExpressions(rules)).toHaveLength(alerts.length);
  });

  it('queries only metrics that createMetrics defines', () => {
    expectOnlyDefinedMetrics(ruleExpressions(rules));
  });
});

describe('config/prometheus.example.yml', () => {
  it('scrapes workers and collectors on port 9464 and loads the alert rules', () => {
    const scrape = readFileSync(join(CONFIG, 'prometheus.example.yml'), 'utf8');
    expect(scrape).toMatch(/job_name: rigsweep-workers/);
    expect(scrape).toMatch(/job_name: rigsweep-collectors/);
    expect(scrape).toMatch(/:9464\b/);
    expect(scrape).toContain('alerts.example.yml');
  });
});
