import { readFileSync } from 'node:fs';
import { readNfdumpCsv } from '../../../src/readers/text/nfdump-csv';
import { brief, collect, exportFixture, issueLines, local, writeTemp } from './text-kit';

const file16 = exportFixture('nfdump-1.6.csv');
const compact = exportFixture('nfdump-1.7-compact.csv');
const real171 = exportFixture('nfdump-1.7.1-stratum-v1.csv');
const text16 = readFileSync(file16, 'utf8');
const lines16 = text16.trimEnd().split('\n');
const ROWS_16 = 6;

/** The six connections of the hand-made samples, as nfdump-1.6.csv states them. */
const CONNECTIONS = [
  '6 192.168.1.20:50522 > 203.0.113.7:3333 up 58/5916 down 0/0',
  '6 192.168.1.20:50522 > 203.0.113.7:3333 up 0/0 down 61/12444',
  '17 192.168.1.21:41877 > 192.168.1.1:53 up 1/71 down 0/0',
  '6 192.168.1.21:52110 > 198.51.100.80:443 up 14/2210 down 12/9864',
  '1 192.168.1.22:0 > 198.51.100.9:0 up 1/84 down 0/0',
  '6 [fd00::20]:50610 > [2001:db8::7]:4444 up 40/4120 down 0/0',
];

describe('nfdump CSV, 1.6 layout', () => {
  it('reads every row by header name and skips the Summary block', async () => {
    const { flows, issues, totals } = await collect(readNfdumpCsv, file16);
    expect(issues).toEqual([]);
    expect(flows.map(brief)).toEqual(CONNECTIONS);
    // header + rows + the three Summary lines
    expect(totals).toEqual({ packets: 1 + ROWS_16 + 3, flows: ROWS_16, issueCounts: {} });
  });

  it('takes times as local time: ts/te to the second', async () => {
    const { flows } = await collect(readNfdumpCsv, file16);
    expect(flows[0]).toMatchObject({ firstSeen: local(8, 0, 0), lastSeen: local(8, 4, 59) });
    expect(flows[3]).toMatchObject({ firstSeen: local(8, 0, 7), lastSeen: local(8, 0, 9) });
  });

  it('reads flag letters (6-letter and hex forms), the exporter and the export facts', async () => {
    const { flows } = await collect(readNfdumpCsv, file16);
    expect(flows[0].toServer.tcpFlags).toBe(0x18); // .AP...
    expect(flows[1].toClient.tcpFlags).toBe(0x18);
    expect(flows[3].toServer.tcpFlags).toBe(0x1b); // .AP.SF
    expect(flows[5].toServer.tcpFlags).toBe(0xd8); //   0xd8: CWR ECE ACK PSH
    for (const f of flows) expect(f).toMatchObject({ source: 'flow-export', endReason: 'export', clientBy: 'guess', exporter: '10.0.0.1' });
  });

  it('reads header-less output (nfdump -q) as the 48-column layout', async () => {
    const rowsOnly = lines16.slice(1, 1 + ROWS_16).join('\n');
    const { flows, issues } = await collect(readNfdumpCsv, writeTemp(rowsOnly));
    expect(issues).toEqual([]);
    expect(flows.map(brief)).toEqual(CONNECTIONS);
  });

  it('skips the header and Summary of a second file concatenated to the first', async () => {
    const { flows, issues } = await collect(readNfdumpCsv, writeTemp(text16 + text16));
    expect(issues).toEqual([]);
    expect(flows.map(brief)).toEqual([...CONNECTIONS, ...CONNECTIONS]);
  });

  it('reads CRLF line ends and a last line without a newline', async () => {
    const { flows, issues } = await collect(readNfdumpCsv, writeTemp(lines16.slice(0, 1 + ROWS_16).join('\r\n')));
    expect(issues).toEqual([]);
    expect(flows.map(brief)).toEqual(CONNECTIONS);
  });

  it('reports progress up to the file size', async () => {
    const { progress } = await collect(readNfdumpCsv, file16);
    expect(progress[progress.length - 1]).toBe(Buffer.byteLength(text16));
  });
});

describe('nfdump CSV, newer 1.7 layout', () => {
  it('reads long column names, milliseconds, protocol numbers and ICMP type.code', async () => {
    const { flows, issues, totals } = await collect(readNfdumpCsv, compact);
    expect(issues).toEqual([]);
    // No outPackets/outBytes columns: the biflow reply of the 1.6 sample is not in this layout.
    expect(flows.map(brief)).toEqual(CONNECTIONS.map((c, i) => (i === 3 ? c.replace('down 12/9864', 'down 0/0') : c)));
    expect(totals.flows).toBe(ROWS_16);
  });

  it('computes lastSeen from firstSeen + duration when there is no lastSeen column', async () => {
    const { flows } = await collect(readNfdumpCsv, compact);
    expect(flows[0].firstSeen).toBeCloseTo(local(8, 0, 0) + 0.128, 6);
    expect(flows[0].lastSeen - flows[0].firstSeen).toBeCloseTo(299.871, 6);
  });

  it('reads columns in any order (nfdump -o "csv:%fmt")', async () => {
    const lines = readFileSync(compact, 'utf8').trimEnd().split('\n').slice(0, 1 + ROWS_16);
    const order = [8, 7, 6, 5, 4, 3, 2, 1, 0, 9];
    const reordered = lines.map((l) => {
      const f = l.split(',');
      return order.map((i) => f[i]).join(',');
    });
    const { flows, issues } = await collect(readNfdumpCsv, writeTemp(reordered.join('\n')));
    expect(issues).toEqual([]);
    expect(flows).toEqual((await collect(readNfdumpCsv, compact)).flows);
  });

  it('reads csv-fast rows: Unix milliseconds and protocol numbers', async () => {
    const fast = [
      'cnt,af,firstSeen,lastSeen,proto,srcAddr,srcPort,dstAddr,dstPort,srcAS,dstAS,input,output,flags,srcTos,packets,bytes',
      `1,2,${Date.UTC(2021, 8, 27, 8)},${Date.UTC(2021, 8, 27, 8, 5)},6,192.168.1.20,50522,203.0.113.7,3333,0,0,2,1,...AP...,0,58,5916`,
    ].join('\n');
    const { flows, issues } = await collect(readNfdumpCsv, writeTemp(fast));
    expect(issues).toEqual([]);
    expect(flows.map(brief)).toEqual([CONNECTIONS[0]]);
    expect(flows[0]).toMatchObject({ firstSeen: Date.UTC(2021, 8, 27, 8) / 1000, lastSeen: Date.UTC(2021, 8, 27, 8, 5) / 1000 });
    expect(flows[0].toServer.tcpFlags).toBe(0x18);
  });
});

describe('nfdump CSV, real nfdump 1.7.1 output (committed sample)', () => {
  it('reads the softflowd export of stratum-v1.pcap: one DNS and one mining connection, both directions', async () => {
    const { flows, issues } = await collect(readNfdumpCsv, real171);
    expect(issues).toEqual([]);
    expect(flows.map(brief)).toEqual([
      '17 192.168.1.10:42184 > 192.168.1.1:53 up 0/0 down 1/83',
      '17 192.168.1.10:42184 > 192.168.1.1:53 up 1/67 down 0/0',
      '6 192.168.1.10:50312 > 203.0.113.10:3333 up 73/5557 down 0/0',
      '6 192.168.1.10:50312 > 203.0.113.10:3333 up 0/0 down 73/16005',
    ]);
    expect(flows[2].toServer.tcpFlags).toBe(0x1b); // ...AP.SF
  });
});

describe('nfdump CSV, bad input', () => {
  const good = lines16.slice(1, 1 + ROWS_16);
  const header = lines16[0];

  it('reports each bad row with its line number and reads the rest', async () => {
    const fields = good[0].split(',');
    const withField = (i: number, value: string) => fields.map((f, j) => (j === i ? value : f)).join(',');
    const lines = [
      header, // 1
      good[0], // 2
      good[0].split(',').slice(0, 20).join(','), // 3: too few fields
      withField(3, '192.168.1.300'), // 4: sa is not an address
      withField(11, '12x'), // 5: ipkt is not a number
      withField(0, '2021-13-40 00:00:00'), // 6: ts is not a time
      withField(7, 'NOPE'), // 7: pr is not a protocol
      withField(8, '.A?P..'), // 8: flg is not flags
      withField(6, '70000'), // 9: dp is not a port
      '\u0000\u0001\u00ff\u00fe binary, junk\u0007', // 10
      good[1], // 11
      '', // 12: blank lines are skipped silently
      good[2], // 13
    ];
    const { flows, issues, totals } = await collect(readNfdumpCsv, writeTemp(lines.join('\n')));
    expect(flows.map(brief)).toEqual([CONNECTIONS[0], CONNECTIONS[1], CONNECTIONS[2]]);
    expect(issueLines(issues)).toEqual([
      'text.bad-row@3',
      'text.bad-field@4',
      'text.bad-field@5',
      'text.bad-field@6',
      'text.bad-field@7',
      'text.bad-field@8',
      'text.bad-field@9',
      'text.bad-row@10',
    ]);
    expect(issues[0].message).toBe('line 3 has 20 fields, the header has 48');
    expect(issues[1].message).toBe('line 4: column sa "192.168.1.300" is not an IP address');
    expect(issues[2].message).toBe('line 5: column ipkt "12x" is not a count');
    expect(issues[3].message).toMatch(/^line 6: column ts .* is not a time$/);
    expect(issues[6].message).toMatch(/column dp "70000" is not a port/);
    expect(totals).toMatchObject({ packets: lines.length, flows: 3, issueCounts: { 'text.bad-row': 2, 'text.bad-field': 6 } });
  });

  it('skips a line longer than 64 KiB without holding it, and goes on', async () => {
    const long = `${good[0]},${'x'.repeat(70 * 1024)}`;
    const { flows, issues } = await collect(readNfdumpCsv, writeTemp([header, long, good[0]].join('\n')));
    expect(issueLines(issues)).toEqual(['text.long-line@2']);
    expect(flows.map(brief)).toEqual([CONNECTIONS[0]]);
  });

  it('rejects a file whose header lacks a needed column, naming it', async () => {
    const noPorts = header.replace(',sp,dp,', ',srcp,dstp,');
    await expect(collect(readNfdumpCsv, writeTemp([noPorts, good[0]].join('\n')))).rejects.toThrow(
      'not an nfdump CSV header: no column sp or srcPort, dp or dstPort',
    );
  });

  it('reports an empty file, and reads a header-only file as no flows', async () => {
    const empty = await collect(readNfdumpCsv, writeTemp(''));
    expect(issueLines(empty.issues)).toEqual(['text.empty@0']);
    expect(empty.totals).toMatchObject({ packets: 0, flows: 0 });
    const headerOnly = await collect(readNfdumpCsv, writeTemp(`${header}\n`));
    expect(headerOnly.issues).toEqual([]);
    expect(headerOnly.totals).toMatchObject({ packets: 1, flows: 0 });
  });

  it('caps the issues listed per code but counts them all', async () => {
    const bad = good[0].replace('192.168.1.20', 'not-an-ip');
    const lines = [header, ...new Array<string>(250).fill(bad), good[0]];
    const { flows, issues, totals } = await collect(readNfdumpCsv, writeTemp(lines.join('\n')));
    expect(flows).toHaveLength(1);
    expect(totals.issueCounts).toEqual({ 'text.bad-field': 250 });
    expect(issues).toHaveLength(101); // 100 listed and one summary line
    expect(issues[100].message).toMatch(/^150 more text.bad-field issues from offset 102 on/);
  });

  it('rejects a file that cannot be opened', async () => {
    await expect(collect(readNfdumpCsv, '/nonexistent/rigsweep/flows.csv')).rejects.toThrow(/ENOENT/);
  });
});
