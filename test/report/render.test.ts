import { buildReport, REPORT_VERSION, type InputSummary } from '../../src/report/model';
import type { HostFinding } from '../../src/score/findings';
import { renderReport } from '../../src/report/render';
import { fakeEvidence } from '../score/fake-detector';
import { measuredMiner, reportFrom } from './sample-report';

async function sampleReport() {
  const inputs: InputSummary[] = [
    { path: 'a.pcap', format: 'pcap', bytes: 10, packets: 5, flows: 2, issueCounts: { 'pcap.truncated-packet': 1 }, issues: [{ code: 'pcap.truncated-packet', offset: 99, message: 'cut' }] },
  ];
  return reportFrom(
    [
      fakeEvidence('t.protocol', '192.168.1.10', '203.0.113.5', 3333, measuredMiner({ worker: '=HYPERLINK("x")', agent: '<script>alert(1)</script>' })),
      fakeEvidence('t.node', '192.168.1.142', '66.68.83.22', 8333),
    ],
    { owners: '192.168.1.0/24,Data Centre "X",data centre', inputs },
  );
}

describe('report', () => {
  it('summarises flagged hosts by level, role, owner and nature, and adds up power', async () => {
    const r = await sampleReport();
    expect(r.reportVersion).toBe(REPORT_VERSION);
    expect(r.summary.flagged).toEqual({ total: 1, high: 1, medium: 0 });
    expect(r.summary.watch).toBe(1);
    expect(r.summary.byRole).toEqual({ miner: 1 });
    expect(r.summary.byNature).toEqual({ 'data centre': 1 });
    expect(r.summary.estimatedPower!.kwMin).toBeCloseTo(r.hosts[0].estimate!.power!.kwMin, 9);
  });

  it('round-trips through JSON', async () => {
    const r = await sampleReport();
    expect(JSON.parse(renderReport(r, 'json'))).toEqual(JSON.parse(JSON.stringify(r)));
  });

  it('shows one table line per flagged address, with pools, evidence, estimate and input problems', async () => {
    const text = renderReport(await sampleReport(), 'table');
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/1 flagged \(1 high, 0 medium\), 1 on watch, 1 pool endpoints/);
    const row = lines.find((l) => l.startsWith('HIGH'))!;
    expect(row).toContain('192.168.1.10');
    expect(row).toContain('203.0.113.5:3333');
    expect(row).toContain('t.protocol');
    expect(row).toMatch(/TH\/s ±20% sha256, 1 rig, [\d.]+-[\d.]+ kW/);
    expect(text).not.toContain('192.168.1.142'); // on watch: not in the analyst's table
    expect(text).toContain('a.pcap: pcap.truncated-packet ×1');
  });

  it('writes CSV with quoting and spreadsheet-formula neutralising', async () => {
    const csv = renderReport(await sampleReport(), 'csv');
    const [header, first] = csv.split('\n');
    expect(header.split(',')[0]).toBe('ip');
    expect(first.startsWith('192.168.1.10,high,90,payload-protocol,miner,"Data Centre ""X""",data centre,')).toBe(true);
    expect(csv).not.toMatch(/,=HYPERLINK/);
  });

  it('escapes every value in HTML', async () => {
    const html = renderReport(await sampleReport(), 'html');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('192.168.1.10');
  });
});

describe('summary power', () => {
  const host = (ip: string, role: 'miner' | 'proxy', pools: string[], kw: number): HostFinding => ({
      ip,
      role,
      level: 'high',
      score: 90,
      bases: ['payload-protocol'],
      home: true,
      reasons: [],
      evidence: [],
      evidenceTotal: 1,
      pools,
      firstSeen: 0,
      lastSeen: 1,
      estimate: { algorithm: 'sha256', algorithmStated: true, shares: 1, rigs: { estimate: 1, concurrentSessions: 1, workers: 0 }, power: { kwMin: kw, kwMax: kw, kwhPerYearMin: kw, kwhPerYearMax: kw, hardware: '', source: '' } },
  });

  it('does not count a proxy whose miners are seen: their work is the same work', () => {
    const r = buildReport([], [host('10.0.0.2', 'proxy', ['203.0.113.5:3333'], 5), host('10.0.0.11', 'miner', ['10.0.0.2:3333'], 2)], [], { generator: 't', generatedAt: new Date(0), homeNetworks: ['10.0.0.0/8'] });
    expect(r.summary.estimatedPower!.kwMin).toBe(2);
  });

  it('counts a proxy whose miners are not in the capture', () => {
    const r = buildReport([], [host('10.0.0.2', 'proxy', ['203.0.113.5:3333'], 5), host('10.0.0.11', 'miner', ['203.0.113.9:3333'], 2)], [], { generator: 't', generatedAt: new Date(0), homeNetworks: ['10.0.0.0/8'] });
    expect(r.summary.estimatedPower!.kwMin).toBe(7);
  });
});
