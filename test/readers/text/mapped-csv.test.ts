import { readFileSync } from 'node:fs';
import { readMappedCsv } from '../../../src/readers/text/mapped-csv';
import { at, brief, collect, config, exportFixture, issueLines, writeTemp } from './text-kit';

const sample = exportFixture('mapped.csv');
const settings = config(JSON.parse(readFileSync(exportFixture('mapped.config.json'), 'utf8')));
const lines = readFileSync(sample, 'utf8').trimEnd().split('\n');

describe('configured CSV', () => {
  it('reads quoted and unquoted fields, ISO times with zones, names and numbers, blank optional fields', async () => {
    const { flows, issues, totals } = await collect(readMappedCsv, sample, settings);
    expect(issues).toEqual([]);
    expect(flows.map(brief)).toEqual([
      '6 192.168.1.20:50522 > 203.0.113.7:3333 up 58/5916 down 61/12444',
      '17 192.168.1.21:41877 > 192.168.1.1:53 up 1/71 down 1/90',
      '6 [fd00::20]:50610 > [2001:db8::7]:4444 up 40/4120 down 0/0',
    ]);
    expect(totals).toEqual({ packets: 4, flows: 3, issueCounts: {} });
    expect(flows[0].firstSeen).toBeCloseTo(at(8, 0, 0) + 0.128, 6);
    expect(flows[1].firstSeen).toBeCloseTo(at(8, 0, 3) + 0.412, 6); // written as 16:00:03.412+08:00
    expect(flows.map((f) => f.exporter)).toEqual(['10.0.0.1', undefined, '10.0.0.1']);
    expect(flows.map((f) => f.toServer.tcpFlags)).toEqual([0x18, 0, 0x18]);
  });

  it('reads Unix seconds and milliseconds, a duration column, and a tab delimiter', async () => {
    const columns = { srcAddr: 'src', dstAddr: 'dst', srcPort: 'sport', dstPort: 'dport', protocol: 'proto', packets: 'pkts', bytes: 'octets', start: 'start', durationSeconds: 'secs' };
    const text = ['src\tdst\tsport\tdport\tproto\tpkts\toctets\tstart\tsecs', `192.168.1.20\t203.0.113.7\t50522\t3333\t6\t58\t5916\tSTART\t299.5`];
    const seconds = config({ mappedCsv: { columns, timeFormat: 'unix-seconds', delimiter: '\t' } });
    const millis = config({ mappedCsv: { columns, timeFormat: 'unix-milliseconds', delimiter: '\t' } });
    const a = await collect(readMappedCsv, writeTemp(text.join('\n').replace('START', String(at(8, 0, 0)))), seconds);
    const b = await collect(readMappedCsv, writeTemp(text.join('\n').replace('START', String(at(8, 0, 0) * 1000 + 250))), millis);
    expect(a.issues).toEqual([]);
    expect(b.issues).toEqual([]);
    expect([a.flows[0].firstSeen, a.flows[0].lastSeen]).toEqual([at(8, 0, 0), at(8, 0, 0) + 299.5]);
    expect(b.flows[0].firstSeen).toBeCloseTo(at(8, 0, 0) + 0.25, 6);
    expect(brief(a.flows[0])).toBe('6 192.168.1.20:50522 > 203.0.113.7:3333 up 58/5916 down 0/0');
  });

  it('matches header names trimmed and ignoring case', async () => {
    const renamed = [lines[0].replace('"Source"', ' source ').replace('"Bytes"', 'BYTES'), ...lines.slice(1)];
    const { flows, issues } = await collect(readMappedCsv, writeTemp(renamed.join('\n')), settings);
    expect(issues).toEqual([]);
    expect(flows).toHaveLength(3);
  });

  it('reports bad rows with their line numbers and reads the rest', async () => {
    const text = [
      lines[0], // 1
      lines[1], // 2
      lines[1].replace('192.168.1.20', '"192.168.1.20'), // 3: quote never closed
      lines[1].replace(';tcp;', ';tcp;;'), // 4: one field too many
      lines[1].replace('2021-09-27T08:00:00.128Z', '27/09/2021 08:00'), // 5: not ISO
      lines[1].replace(';58;', ';fifty;'), // 6: not a count
      lines[1].replace(';".AP...";', ';"AP!";'), // 7: not flags
      lines[3], // 8
    ];
    const { flows, issues } = await collect(readMappedCsv, writeTemp(text.join('\n')), settings);
    expect(flows).toHaveLength(2);
    expect(issueLines(issues)).toEqual(['text.bad-row@3', 'text.bad-row@4', 'text.bad-field@5', 'text.bad-field@6', 'text.bad-field@7']);
    expect(issues[0].message).toBe('line 3 has broken quoting');
    expect(issues[1].message).toBe('line 4 has 14 fields, the header has 13');
    expect(issues[2].message).toBe('line 5: column Start Time "27/09/2021 08:00" is not a time');
  });

  it('rejects a file whose header lacks a configured column, naming it', async () => {
    const text = [lines[0].replace('"Reply Bytes"', '"Answer Bytes"'), lines[1]].join('\n');
    await expect(collect(readMappedCsv, writeTemp(text), settings)).rejects.toThrow('the CSV header has no column Reply Bytes (mappedCsv.columns)');
  });

  it('reports an empty file', async () => {
    const { issues } = await collect(readMappedCsv, writeTemp(''), settings);
    expect(issueLines(issues)).toEqual(['text.empty@0']);
  });
});
