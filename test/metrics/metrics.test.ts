import { spawnSync } from 'node:child_process';
import { createMetrics } from '../../src/metrics/metrics';
import { REDIS_ERROR_REASONS } from '../../src/metrics/label-values';

const INSTRUMENTS = [
  'rigsweep_jobs_total',
  'rigsweep_job_duration_seconds',
  'rigsweep_flows_total',
  'rigsweep_input_bytes_total',
  'rigsweep_input_issues_total',
  'rigsweep_inputs_total',
  'rigsweep_evidence_total',
  'rigsweep_sweep_evidence',
  'rigsweep_flagged_addresses',
  'rigsweep_flagged_addresses_by_nature',
  'rigsweep_estimated_power_watts',
  'rigsweep_last_sweep_timestamp_seconds',
  'rigsweep_tracked_addresses',
  'rigsweep_followups_total',
  'rigsweep_probes_total',
  'rigsweep_intel_facts',
  'rigsweep_sweep_duration_seconds',
  'rigsweep_redis_errors_total',
  'rigsweep_redis_up',
  'rigsweep_queue_jobs',
  'rigsweep_collector_datagrams_total',
  'rigsweep_collector_records_total',
  'rigsweep_collector_dropped_total',
  'rigsweep_collector_batches_total',
];

/** The value of one series in exposition text, e.g. line('x_total{a="b"}'). */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('createMetrics', () => {
  it('exposes every instrument, with help and type, and nothing else by default', async () => {
    const metrics = createMetrics();
    const text = await metrics.registry.metrics();
    for (const name of INSTRUMENTS) {
      expect(text).toMatch(new RegExp(`^# HELP ${name} \\S`, 'm'));
      expect(text).toMatch(new RegExp(`^# TYPE ${name} (counter|gauge|histogram)$`, 'm'));
    }
    expect(metrics.registry.getMetricsAsArray().map((m) => m.name).sort()).toEqual([...INSTRUMENTS].sort());
  });

  it('follows the naming rules: rigsweep_ prefix, counters and only counters end in _total', async () => {
    for (const metric of await createMetrics().registry.getMetricsAsJSON()) {
      expect(metric.name).toMatch(/^rigsweep_[a-z_]+$/);
      expect(metric.name.endsWith('_total')).toBe(String(metric.type) === 'counter');
    }
  });

  it('gives each call its own registry, so two sets do not clash', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.inputBytes.inc(10);
    expect(valueOf(await a.registry.metrics(), 'rigsweep_input_bytes_total')).toBe(10);
    expect(valueOf(await b.registry.metrics(), 'rigsweep_input_bytes_total')).toBe(0);
  });

  it('shows an incremented counter with its labels, and every other bounded combination at zero', async () => {
    const metrics = createMetrics();
    metrics.jobs.inc({ queue: 'ingest', outcome: 'failed' });
    metrics.jobs.inc({ queue: 'ingest', outcome: 'failed' });
    metrics.inputIssues.inc({ code: 'pcap.truncated-packet' }, 3);
    const text = await metrics.registry.metrics();
    expect(valueOf(text, 'rigsweep_jobs_total{queue="ingest",outcome="failed"}')).toBe(2);
    expect(valueOf(text, 'rigsweep_jobs_total{queue="sweep",outcome="completed"}')).toBe(0);
    expect(valueOf(text, 'rigsweep_input_issues_total{code="pcap.truncated-packet"}')).toBe(3);
    expect(valueOf(text, 'rigsweep_input_issues_total{code="input.unknown-format"}')).toBe(0);
    expect(valueOf(text, 'rigsweep_evidence_total{basis="node-protocol"}')).toBe(0);
    expect(valueOf(text, 'rigsweep_collector_dropped_total{reason="kernel"}')).toBe(0);
  });

  it('records durations in the histogram buckets, from 50 ms to 30 minutes', async () => {
    const metrics = createMetrics();
    metrics.jobDuration.observe({ queue: 'sweep' }, 0.07);
    metrics.sweepDuration.observe(1500);
    const text = await metrics.registry.metrics();
    expect(valueOf(text, 'rigsweep_job_duration_seconds_bucket{le="0.05",queue="sweep"}')).toBe(0);
    expect(valueOf(text, 'rigsweep_job_duration_seconds_bucket{le="0.1",queue="sweep"}')).toBe(1);
    expect(valueOf(text, 'rigsweep_job_duration_seconds_count{queue="ingest"}')).toBe(0);
    expect(valueOf(text, 'rigsweep_sweep_duration_seconds_bucket{le="1200"}')).toBe(0);
    expect(valueOf(text, 'rigsweep_sweep_duration_seconds_bucket{le="1800"}')).toBe(1);
  });

  describe('onScrape', () => {
    it('fills rigsweep_queue_jobs at scrape time', async () => {
      const metrics = createMetrics();
      let waiting = 4;
      metrics.onScrape(async () => {
        await Promise.resolve();
        metrics.queueJobs.set({ queue: 'ingest', state: 'waiting' }, waiting);
        metrics.queueJobs.set({ queue: 'ingest', state: 'active' }, 2);
      });
      let text = await metrics.registry.metrics();
      expect(valueOf(text, 'rigsweep_queue_jobs{queue="ingest",state="waiting"}')).toBe(4);
      expect(valueOf(text, 'rigsweep_queue_jobs{queue="ingest",state="active"}')).toBe(2);
      waiting = 9;
      text = await metrics.registry.metrics();
      expect(valueOf(text, 'rigsweep_queue_jobs{queue="ingest",state="waiting"}')).toBe(9);
    });

    it('runs each callback once per scrape', async () => {
      const metrics = createMetrics();
      const calls = jest.fn();
      metrics.onScrape(calls);
      await metrics.registry.metrics();
      await metrics.registry.metrics();
      expect(calls).toHaveBeenCalledTimes(2);
    });

    it('keeps the previous values and counts a redis error in the same scrape when a callback throws', async () => {
      const metrics = createMetrics();
      let redisDown = false;
      metrics.onScrape(async () => {
        if (redisDown) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
        metrics.queueJobs.set({ queue: 'sweep', state: 'delayed' }, 1);
      });
      await metrics.registry.metrics();
      redisDown = true;
      const text = await metrics.registry.metrics();
      expect(valueOf(text, 'rigsweep_queue_jobs{queue="sweep",state="delayed"}')).toBe(1);
      expect(valueOf(text, 'rigsweep_redis_errors_total{reason="connection"}')).toBe(1);
    });

    it('survives a callback that throws synchronously', async () => {
      const metrics = createMetrics();
      metrics.onScrape(() => {
        throw new Error('not connected');
      });
      expect(valueOf(await metrics.registry.metrics(), 'rigsweep_redis_errors_total{reason="other"}')).toBe(1);
    });

    it('gives up on a callback that hangs (Redis unreachable, commands queued) and counts it', async () => {
      const metrics = createMetrics({ scrapeTimeoutMs: 50 });
      metrics.onScrape(() => new Promise<void>(() => undefined));
      const started = Date.now();
      const text = await metrics.registry.metrics();
      expect(Date.now() - started).toBeLessThan(1000);
      expect(valueOf(text, 'rigsweep_redis_errors_total{reason="timeout"}')).toBe(1);
    });

    it('stops calling a removed callback', async () => {
      const metrics = createMetrics();
      const calls = jest.fn();
      const remove = metrics.onScrape(calls);
      remove();
      await metrics.registry.metrics();
      expect(calls).not.toHaveBeenCalled();
    });
  });

  it('adds the process and Node.js default metrics under their stock names when asked, as stock dashboards query them', async () => {
    const text = await createMetrics({ defaultMetrics: true }).registry.metrics();
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(text).not.toMatch(/^rigsweep_(process|nodejs)_/m);
    expect(text).toContain('rigsweep_jobs_total');
  });

  it('passes promtool check metrics (no gauge named *_total), default metrics included', async () => {
    const text = await createMetrics({ defaultMetrics: true }).registry.metrics();
    const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect({ code: run.status, output: `${run.stdout}${run.stderr}` }).toEqual({ code: 0, output: '' });
  });

  it('counts Redis errors by a bounded reason; follow-ups only once read from Redis (no zero series that a first read would jump from)', async () => {
    const metrics = createMetrics();
    const text = await metrics.registry.metrics();
    for (const reason of REDIS_ERROR_REASONS) expect(valueOf(text, `rigsweep_redis_errors_total{reason="${reason}"}`)).toBe(0);
    expect(text).not.toMatch(/^rigsweep_followups_total\{/m);
  });
});
