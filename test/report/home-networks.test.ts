/**
 * Every report format states the home networks it was judged with, and warns when no listed
 * address lies inside them: the sign of a homeNetworks that does not describe the network
 * scanned (a proxy there is taken for a pool, its clients' roles change).
 */
import { renderReport } from '../../src/report/render';
import { fakeEvidence } from '../score/fake-detector';
import { reportFrom } from './sample-report';
import { scanFiles, fixturePath } from '../helpers/scan';

const evidence = () => [fakeEvidence('t.protocol', '192.168.1.10', '203.0.113.5', 3333), fakeEvidence('t.node', '198.51.100.7', '66.68.83.22', 8333)];
const FORMATS = ['table', 'json', 'csv', 'html'] as const;

describe('home networks in the report', () => {
  it('every format names the ones used', async () => {
    const report = await reportFrom(evidence(), { homeNetworks: ['192.168.0.0/16', 'fd00::/8'] });
    expect(report.homeNetworks).toEqual(['192.168.0.0/16', 'fd00::/8']);
    expect(report.warnings).toEqual([]);
    expect(renderReport(report, 'table')).toMatch(/^home networks: 192\.168\.0\.0\/16, fd00::\/8$/m);
    expect(JSON.parse(renderReport(report, 'json')).homeNetworks).toEqual(['192.168.0.0/16', 'fd00::/8']);
    const [header, ...rows] = renderReport(report, 'csv').trimEnd().split('\n');
    expect(header.split(',').slice(-2)).toEqual(['home', 'home_networks']);
    expect(rows.map((r) => r.split(',').slice(-2))).toEqual([
      ['yes', '192.168.0.0/16 fd00::/8'],
      ['no', '192.168.0.0/16 fd00::/8'],
    ]);
    expect(renderReport(report, 'html')).toContain('Home networks: <code>192.168.0.0/16</code>, <code>fd00::/8</code>');
  });

  it('warns in every format that shows prose when no flagged or watched address is inside them', async () => {
    const report = await reportFrom(evidence(), { homeNetworks: ['10.99.0.0/16'] });
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toMatch(/^all 2 flagged or watched addresses lie outside the home networks \(10\.99\.0\.0\/16\): .*homeNetworks/);
    expect(renderReport(report, 'table', { width: 400 })).toContain(`warning: ${report.warnings[0]}`);
    expect(JSON.parse(renderReport(report, 'json')).warnings).toEqual(report.warnings);
    expect(renderReport(report, 'html')).toContain('<p class="warning">Warning: all 2 flagged or watched addresses lie outside');
    expect(renderReport(report, 'csv').trimEnd().split('\n').slice(1).every((r) => r.endsWith(',no,10.99.0.0/16'))).toBe(true);
  });

  it('does not warn when one address is inside, or when nothing was found', async () => {
    expect((await reportFrom(evidence(), { homeNetworks: ['198.51.100.0/24'] })).warnings).toEqual([]);
    expect((await reportFrom([], { homeNetworks: ['10.99.0.0/16'] })).warnings).toEqual([]);
  });

  it('a wrong homeNetworks on the demo capture: the proxy is lost, and the report says why to look', async () => {
    const right = await scanFiles([fixturePath('demo.pcap')]);
    const wrong = await scanFiles([fixturePath('demo.pcap')], { homeNetworks: ['10.99.0.0/16'] });
    expect(right.warnings).toEqual([]);
    expect(right.hosts.some((h) => h.role === 'proxy')).toBe(true);
    expect(wrong.hosts.some((h) => h.role === 'proxy')).toBe(false);
    expect(wrong.warnings[0]).toMatch(/outside the home networks \(10\.99\.0\.0\/16\)/);
    for (const format of FORMATS) expect(renderReport(wrong, format)).toContain('10.99.0.0/16');
  });
});
