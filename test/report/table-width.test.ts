/**
 * The analyst table fits the width it is given (the terminal's, else 160 columns): no line is
 * wider, the free-text columns are cut with "…", the columns stay aligned with double-width
 * (Chinese) owner names, and the other formats do not change with it. The last test runs the
 * built CLI on a real pseudo-terminal (`script`; needs `npx tsc -p tsconfig.json`).
 */
import { execFileSync } from 'node:child_process';
import { displayWidth, wrapToWidth } from '../../src/report/display-width';
import { renderReport } from '../../src/report/render';
import { DEFAULT_TABLE_WIDTH } from '../../src/report/table';
import { cliPath } from '../helpers/processes';
import { fixturePath } from '../helpers/scan';
import { fakeEvidence } from '../score/fake-detector';
import { measuredMiner, reportFrom } from './sample-report';

const OWNERS = [
  'cidr,owner,nature',
  '192.168.1.0/24,"Example Provincial Carrier Broadband Customer Services Division, Zone 7",residential broadband',
  '10.20.0.0/16,中国某某省电信股份有限公司数据中心分公司,数据中心',
  '2001:db8::/32,Short,data centre',
].join('\n');

async function wideReport() {
  const pools = Array.from({ length: 5 }, (_, i) => fakeEvidence('t.protocol', '10.20.0.5', `203.0.113.${40 + i}`, 3333, measuredMiner({ worker: `rig${i}` })));
  return reportFrom(
    [
      fakeEvidence('t.protocol', '192.168.1.10', '203.0.113.5', 3333, measuredMiner()),
      fakeEvidence('t.name', '192.168.1.10', '203.0.113.5', 3333),
      fakeEvidence('t.sustained', '192.168.1.10', '203.0.113.5', 3333),
      ...pools,
      fakeEvidence('t.protocol', '2001:db8:1234:5678:9abc:def0:1234:5678', '203.0.113.9', 14433, measuredMiner()),
    ],
    { owners: OWNERS },
  );
}

const tableLines = (text: string) => text.split('\n').filter((l) => l !== '');

describe('the table fits its width', () => {
  it.each([60, 80, 100, 120, 160, 200])('no line is wider than %i columns', async (width) => {
    const text = renderReport(await wideReport(), 'table', { width });
    const lines = tableLines(text);
    expect(lines.filter((l) => /^HIGH|^MEDIUM/.test(l))).toHaveLength(3);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
  });

  it('is 160 columns wide when no width is given (not a terminal)', async () => {
    const text = renderReport(await wideReport(), 'table');
    expect(DEFAULT_TABLE_WIDTH).toBe(160);
    expect(Math.max(...tableLines(text).map(displayWidth))).toBeLessThanOrEqual(160);
    expect(text).toContain('…');
  });

  it('cuts nothing when there is room', async () => {
    const text = renderReport(await wideReport(), 'table', { width: 1000 });
    expect(text).not.toContain('…');
    expect(text).toContain('Example Provincial Carrier Broadband Customer Services Division, Zone 7 (residential broadband)');
    expect(text).toContain('中国某某省电信股份有限公司数据中心分公司 (数据中心)');
  });

  it('keeps the columns aligned with double-width owner names, and keeps a pool endpoint whole', async () => {
    const lines = tableLines(renderReport(await wideReport(), 'table', { width: 120 }));
    const header = lines.find((l) => l.startsWith('LEVEL'))!;
    const rows = lines.filter((l) => /^HIGH|^MEDIUM/.test(l));
    const columnOf = (line: string, text: string) => displayWidth(line.slice(0, line.indexOf(text)));
    const poolsAt = columnOf(header, 'POOLS');
    for (const row of rows) expect(columnOf(row, '203.0.113.')).toBe(poolsAt);
    expect(rows.some((r) => /203\.0\.113\.\d+:3333/.test(r))).toBe(true);
    expect(rows.find((r) => r.includes('10.20.0.5'))).toContain('中国');
  });

  it('does not change JSON, CSV or HTML', async () => {
    const report = await wideReport();
    for (const format of ['json', 'csv', 'html'] as const) expect(renderReport(report, format, { width: 40 })).toBe(renderReport(report, format));
  });

  it('wraps prose at spaces and cuts a word longer than a line', () => {
    expect(wrapToWidth('aaa bbb ccc', 7, '  ')).toEqual(['aaa bbb', '  ccc']);
    expect(wrapToWidth('/a/very/long/path: gone', 8, '  ')).toEqual(['/a/very/', '  long/p', '  ath:', '  gone']);
  });

  it("on a real terminal, takes the terminal's width", () => {
    const command = `stty cols 90 rows 50; "${process.execPath}" "${cliPath}" scan "${fixturePath('demo.pcap')}" --no-progress`;
    const out = execFileSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '' } });
    const lines = out.split(/\r?\n/).filter((l) => l !== '');
    expect(lines.filter((l) => l.startsWith('HIGH')).length).toBeGreaterThan(0);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(90);
    expect(Math.max(...lines.map(displayWidth))).toBeGreaterThan(80);
  });
});
