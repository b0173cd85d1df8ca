/** The last sweep's findings as gauges: by level and owner nature (bounded), power, windowed evidence. */
import { createMetrics } from '../../src/metrics/metrics';
import { MAX_OWNER_NATURES } from '../../src/metrics/label-values';
import { findingsExporter } from '../../src/queue/findings-metrics';
import type { SweepSummary } from '../../src/queue/sweep-summary';
import { seriesValue } from '../helpers/metrics-scrape';

const summary = (flaggedByNature: Record<string, number>, extra: Partial<SweepSummary> = {}): SweepSummary => ({
  parts: 1,
  droppedParts: 0,
  unreadableParts: 0,
  skippedRows: 0,
  evidence: 0,
  evidenceByBasis: { behaviour: 4 },
  tracked: 10,
  flagged: 3,
  flaggedByLevel: { medium: 1, high: 2 },
  flaggedByNature,
  raised: { new: 0, raised: 0 },
  intel: { facts: {}, problems: 0, learned: 0, probes: 0 },
  seconds: 0.1,
  ...extra,
});

it('sets flagged addresses by level and nature, and back to zero once a nature has none', async () => {
  const metrics = createMetrics();
  const exportFindings = findingsExporter(metrics);
  exportFindings(summary({ 'high|data-centre': 2, 'medium|unknown': 1 }, { powerWatts: { min: 250, max: 1400 } }));
  let text = await metrics.registry.metrics();
  expect(seriesValue(text, 'rigsweep_flagged_addresses_by_nature{level="high",nature="data-centre"}')).toBe(2);
  expect(seriesValue(text, 'rigsweep_flagged_addresses_by_nature{level="medium",nature="unknown"}')).toBe(1);
  expect(seriesValue(text, 'rigsweep_flagged_addresses_by_nature{level="medium",nature="data-centre"}')).toBe(0);
  expect(seriesValue(text, 'rigsweep_estimated_power_watts{bound="max"}')).toBe(1400);
  expect(seriesValue(text, 'rigsweep_sweep_evidence{basis="behaviour"}')).toBe(4);
  exportFindings(summary({ 'high|unknown': 1 }));
  text = await metrics.registry.metrics();
  expect(seriesValue(text, 'rigsweep_flagged_addresses_by_nature{level="high",nature="data-centre"}')).toBe(0);
  expect(seriesValue(text, 'rigsweep_estimated_power_watts{bound="max"}')).toBe(0);
});

it('counts natures past the bound as other', async () => {
  const metrics = createMetrics();
  const many = Object.fromEntries(Array.from({ length: MAX_OWNER_NATURES + 5 }, (_, i) => [`high|nature-${i}`, 1]));
  findingsExporter(metrics)(summary(many));
  const text = await metrics.registry.metrics();
  const series = text.split('\n').filter((l) => l.startsWith('rigsweep_flagged_addresses_by_nature{level="high"'));
  expect(series).toHaveLength(MAX_OWNER_NATURES + 1);
  expect(seriesValue(text, 'rigsweep_flagged_addresses_by_nature{level="high",nature="other"}')).toBe(5);
});
