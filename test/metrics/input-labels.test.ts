/** rigsweep_inputs_total's labels: every reader's format is a label value, and nothing else grows the series. */
import { FORMAT_READERS } from '../../src/readers/formats';
import { INPUT_FORMATS, INPUT_OUTCOMES, inputFormatLabel } from '../../src/metrics/label-values';
import { createMetrics } from '../../src/metrics/metrics';

it('has a format label value for every format a reader reads, and unknown', () => {
  expect(INPUT_FORMATS).toEqual(expect.arrayContaining([...Object.keys(FORMAT_READERS), 'netflow-live', 'unknown']));
});

it('counts a format outside the set as unknown, never as a new series', () => {
  expect(inputFormatLabel('pcapng')).toBe('pcapng');
  expect(inputFormatLabel('/etc/passwd')).toBe('unknown');
});

it('starts every format and outcome at zero', async () => {
  const metrics = createMetrics();
  metrics.inputs.inc({ format: 'unknown', outcome: 'unknown-format' });
  const lines = (await metrics.registry.metrics()).split('\n').filter((l) => l.startsWith('rigsweep_inputs_total{'));
  expect(lines).toHaveLength(INPUT_FORMATS.length * INPUT_OUTCOMES.length);
  expect(lines).toContain('rigsweep_inputs_total{format="unknown",outcome="unknown-format"} 1');
  expect(lines).toContain('rigsweep_inputs_total{format="nfcapd",outcome="read"} 0');
});
