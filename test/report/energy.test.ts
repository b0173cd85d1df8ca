/**
 * Energy per year (kWh, the unit the regulators count in) in every format, next to power; and
 * flow-only findings show their coarse estimate (rigs from concurrent sessions, a power range)
 * rather than "-".
 */
import { renderReport } from '../../src/report/render';
import { formatEnergy } from '../../src/report/units';
import { fakeEvidence } from '../score/fake-detector';
import { repoRoot, scanFiles } from '../helpers/scan';
import { measuredMiner, reportFrom } from './sample-report';
import { join } from 'node:path';

describe('kWh per year', () => {
  it('reads as whole kWh with thousands grouped', () => {
    expect(formatEnergy(2201.4, 12326.2)).toBe('2,201-12,326 kWh/yr');
    expect(formatEnergy(0.5, 26)).toBe('0.50-26 kWh/yr');
  });

  it('appears in the table (row and total), CSV and HTML, as JSON has it', async () => {
    const report = await reportFrom([fakeEvidence('t.protocol', '192.168.1.10', '203.0.113.5', 3333, measuredMiner())]);
    const power = report.hosts[0].estimate!.power!;
    const kwh = formatEnergy(power.kwhPerYearMin, power.kwhPerYearMax);
    const table = renderReport(report, 'table', { width: 400 });
    expect(table.split('\n')[0]).toContain(`, ${kwh}`);
    expect(table.split('\n').find((l) => l.startsWith('HIGH'))).toContain(kwh);
    const [header, row] = renderReport(report, 'csv').split('\n');
    const cells = Object.fromEntries(header.split(',').map((name, i) => [name, row.match(/("([^"]|"")*"|[^,]*)(,|$)/g)![i].replace(/,$/, '')]));
    expect(cells.kwh_per_year_min).toBe(power.kwhPerYearMin.toFixed(0));
    expect(cells.kwh_per_year_max).toBe(power.kwhPerYearMax.toFixed(0));
    expect(cells.estimate).toContain(kwh);
    const html = renderReport(report, 'html');
    expect(html.split(kwh).length - 1).toBe(2); // the total card and the row
  });
});

describe('flow-only findings', () => {
  it('show the coarse estimate (rigs from concurrent sessions, power and energy ranges), not "-"', async () => {
    const report = await reportFrom([
      fakeEvidence('t.sustained', '192.168.1.30', '203.0.113.40', 443, { facts: { concurrentSessions: 4 } }),
      fakeEvidence('t.shape', '192.168.1.30', '203.0.113.40', 443, { facts: { sessions: 4 } }),
    ]);
    const host = report.hosts.find((h) => h.ip === '192.168.1.30')!;
    expect(host.level).not.toBe('low');
    expect(host.estimate).toMatchObject({ coarse: true, rigs: { estimate: 4 } });
    for (const format of ['table', 'csv', 'html'] as const) {
      const text = renderReport(report, format, { width: 400 });
      expect(text).toMatch(/4 rigs, [\d.]+-[\d.]+ kW, [\d,]+-[\d,]+ kWh\/yr, coarse: flow shape only/);
    }
  });

  it('from a real nfdump CSV export', async () => {
    const report = await scanFiles([join(repoRoot, 'fixtures/exports/nfdump-1.7.1-stratum-v1.csv')]);
    const row = renderReport(report, 'table', { width: 400 }).split('\n').find((l) => l.includes('192.168.1.10'))!;
    expect(row).toMatch(/1 rig, [\d.]+-[\d.]+ kW, [\d,]+-[\d,]+ kWh\/yr, coarse: flow shape only$/);
  });
});
