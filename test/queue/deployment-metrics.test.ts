/**
 * Deployment-wide totals from Redis become counters that only advance by what they grew, and
 * every combination shows from the first read, so the first high flag is an increase.
 */
import { createMetrics } from '../../src/metrics/metrics';
import { deploymentExporter } from '../../src/queue/deployment-metrics';
import { seriesValue } from '../helpers/metrics-scrape';

it('advances the follow-up counter by what the totals grew and sets the last sweep', async () => {
  const metrics = createMetrics();
  const exportDeployment = deploymentExporter(metrics);
  exportDeployment({ followups: {} });
  let text = await metrics.registry.metrics();
  expect(seriesValue(text, 'rigsweep_followups_total{reason="new",level="high"}')).toBe(0);
  expect(seriesValue(text, 'rigsweep_followups_total{reason="raised",level="medium"}')).toBe(0);
  exportDeployment({ followups: { 'new:high': 2, 'new:medium': 1 }, sweptAt: 1_800_000_000 });
  exportDeployment({ followups: { 'new:high': 3, 'new:medium': 1 }, sweptAt: 1_800_000_060 });
  // A total that went down (keys deleted by hand) never takes the counter back.
  exportDeployment({ followups: { 'new:high': 1 } });
  text = await metrics.registry.metrics();
  expect(seriesValue(text, 'rigsweep_followups_total{reason="new",level="high"}')).toBe(3);
  expect(seriesValue(text, 'rigsweep_followups_total{reason="new",level="medium"}')).toBe(1);
  expect(seriesValue(text, 'rigsweep_last_sweep_timestamp_seconds')).toBe(1_800_000_060);
});

it('a restarted worker shows the totals as they are at its first read', async () => {
  const metrics = createMetrics();
  deploymentExporter(metrics)({ followups: { 'raised:high': 7 } });
  expect(seriesValue(await metrics.registry.metrics(), 'rigsweep_followups_total{reason="raised",level="high"}')).toBe(7);
});
