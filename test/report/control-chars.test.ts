/**
 * Attacker text (worker names, agents and SNI from the wire; owner names and notes from files)
 * carrying terminal escapes, through every text rendering: no control reaches the output raw,
 * and each stays visible as an escape.
 */
import { escapeControls, escapeJsonControls } from '../../src/text/controls';
import { renderReport } from '../../src/report/render';
import { fakeEvidence } from '../score/fake-detector';
import { measuredMiner, reportFrom } from './sample-report';

const OSC_TITLE = '\u001b]0;owned\u0007';
const RED = '\u001b[31m';
const CSI_C1 = '\u009b2J';
const BIDI = '\u202e';
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

async function hostile() {
  return reportFrom(
    [
      fakeEvidence('t.protocol', '192.168.1.10', '203.0.113.5', 3333, measuredMiner({ worker: `${OSC_TITLE}rig${RED}`, agent: `agent${CSI_C1}\r\nHIGH 99 forged` })),
      fakeEvidence('t.name', '192.168.1.10', '203.0.113.5', 3333, { facts: { domain: `pool${BIDI}moc.example` } }),
    ],
    { owners: `192.168.1.0/24,${OSC_TITLE}Evil${RED} Corp,"data${BIDI} centre"` },
  );
}

describe('control characters', () => {
  it('become visible escapes: \\x1b for 8-bit controls, \\u202e beyond', () => {
    expect(escapeControls(`${OSC_TITLE}a${RED}\t\n\u007f${CSI_C1}${BIDI}`)).toBe('\\x1b]0;owned\\x07a\\x1b[31m\\x09\\x0a\\x7f\\x9b2J\\u202e');
    expect(escapeControls('Acme, Inc. 中国电信')).toBe('Acme, Inc. 中国电信');
  });

  it.each(['table', 'csv', 'html'] as const)('%s: none reaches the output raw, each is shown', async (format) => {
    const text = renderReport(await hostile(), format, { width: 1000 });
    expect(text).not.toMatch(RAW);
    expect(text).toContain('\\x1b]0;owned\\x07Evil\\x1b[31m Corp');
    if (format !== 'table') expect(text).toContain('\\x1b]0;owned\\x07rig\\x1b[31m'); // the table shows codes, not facts
  });

  it('table: a CR/LF in a fact cannot start a forged row', async () => {
    const lines = renderReport(await hostile(), 'table', { width: 1000 }).split('\n');
    expect(lines.filter((l) => l.startsWith('HIGH'))).toHaveLength(1);
  });

  it('csv: one line per row, and a formula stays text', async () => {
    const report = await hostile();
    const csv = renderReport({ ...report, hosts: report.hosts.map((h) => ({ ...h, owner: { ...h.owner!, name: '=cmd|" /C calc"!A0' } })) }, 'csv');
    expect(csv.trimEnd().split('\n')).toHaveLength(1 + report.hosts.length);
    expect(csv).toContain(`"'=cmd|"" /C calc""!A0"`);
  });

  it('json: the controls JSON.stringify leaves raw are escaped too, the content unchanged', async () => {
    const report = await hostile();
    const json = renderReport(report, 'json');
    expect(json).not.toMatch(RAW);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(escapeJsonControls(JSON.stringify({ a: '\u0085\u2066' }))).toBe('{"a":"\\u0085\\u2066"}');
  });
});
