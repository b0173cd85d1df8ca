import { readFileSync } from 'node:fs';
import { readGoflow2Json } from '../../../src/readers/text/goflow2-json';
import { UNKNOWN_PROTOCOL } from '../../../src/readers/text/protocol-names';
import { at, brief, collect, exportFixture, issueLines, writeTemp } from './text-kit';

const v2 = exportFixture('goflow2-v2.jsonl');
const v1 = exportFixture('goflow2-v1.jsonl');
const v2Lines = readFileSync(v2, 'utf8').trimEnd().split('\n');
const json = (line: string) => JSON.parse(line) as Record<string, unknown>;
const line = (base: string, changes: Record<string, unknown>, drop: string[] = []) => {
  const o = { ...json(base), ...changes };
  for (const key of drop) delete o[key];
  return JSON.stringify(o);
};

describe('goflow2 JSON lines, v2 field names', () => {
  it('reads every line, scaling sampled counters by the sampling rate', async () => {
    const { flows, issues, totals } = await collect(readGoflow2Json, v2);
    expect(issues).toEqual([]);
    expect(flows.map(brief)).toEqual([
      '6 192.168.1.20:50522 > 203.0.113.7:3333 up 58/5916 down 0/0',
      '6 192.168.1.20:50522 > 203.0.113.7:3333 up 0/0 down 61/12444',
      '17 192.168.1.21:41877 > 192.168.1.1:53 up 100/7100 down 0/0', // sFlow 1-in-100: 1 packet of 71 bytes
      '1 192.168.1.22:0 > 198.51.100.9:0 up 1/84 down 0/0',
      '6 [fd00::20]:50610 > [2001:db8::7]:4444 up 40/4120 down 0/0', // 2001:DB8:0:0::7 as Node spells it
    ]);
    expect(totals).toEqual({ packets: 5, flows: 5, issueCounts: {} });
  });

  it('reads nanosecond times, the sampler as exporter, and TCP flags', async () => {
    const { flows } = await collect(readGoflow2Json, v2);
    expect(flows[0].firstSeen).toBeCloseTo(at(8, 0, 0) + 0.128, 3);
    expect(flows[0].lastSeen).toBeCloseTo(at(8, 4, 59) + 0.999, 3);
    expect(flows[0]).toMatchObject({ exporter: '10.0.0.1', source: 'flow-export', clientBy: 'guess', endReason: 'export' });
    expect(flows[0].toServer.tcpFlags).toBe(24);
    expect(flows[2].exporter).toBe('10.0.0.2');
  });

  it('falls back to the receive time, as number or RFC 3339 text, when the flow start is 0', async () => {
    const text = line(v2Lines[3], { time_flow_start_ns: 0, time_flow_end_ns: 0 });
    const number = line(v2Lines[3], { time_flow_start_ns: 0, time_flow_end_ns: 0, time_received_ns: 1632729721500000000 });
    const { flows, issues } = await collect(readGoflow2Json, writeTemp([text, number].join('\n')));
    expect(issues).toEqual([]);
    expect(flows.map((f) => [f.firstSeen, f.lastSeen])).toEqual([
      [at(8, 2, 1) + 0.5, at(8, 2, 1) + 0.5],
      [at(8, 2, 1) + 0.5, at(8, 2, 1) + 0.5],
    ]);
  });

  it('takes protocol numbers, numeric strings and "unknown"', async () => {
    const lines = [
      line(v2Lines[0], { proto: 6, bytes: '5916', packets: '58' }),
      line(v2Lines[0], { proto: 'unknown', src_port: 0, dst_port: 0 }),
    ];
    const { flows, issues } = await collect(readGoflow2Json, writeTemp(lines.join('\n')));
    expect(issues).toEqual([]);
    expect(flows.map(brief)).toEqual(['6 192.168.1.20:50522 > 203.0.113.7:3333 up 58/5916 down 0/0', `${UNKNOWN_PROTOCOL} 192.168.1.20:0 > 203.0.113.7:0 up 58/5916 down 0/0`]);
  });
});

describe('goflow2 JSON lines, v1 (Go) field names', () => {
  it('reads the same connections as v2, with times in seconds and numeric protocols', async () => {
    const { flows, issues } = await collect(readGoflow2Json, v1);
    expect(issues).toEqual([]);
    const fromV2 = (await collect(readGoflow2Json, v2)).flows.slice(0, 3);
    expect(flows.map(brief)).toEqual(fromV2.map(brief));
    expect(flows.map((f) => f.firstSeen)).toEqual(fromV2.map((f) => Math.floor(f.firstSeen)));
    expect(flows[0]).toMatchObject({ lastSeen: at(8, 4, 59), exporter: '10.0.0.1' });
    expect(flows[0].toServer.tcpFlags).toBe(24);
  });
});

describe('goflow2 JSON lines, bad input', () => {
  it('reports each bad line with its number and reads the rest', async () => {
    const good = v2Lines[0];
    const lines = [
      good, // 1
      '{"type":"IPFIX","src_addr":"192.168.1.20"', // 2: cut off
      '[1,2,3]', // 3: JSON, not an object
      line(good, {}, ['dst_addr']), // 4: no destination
      line(good, { src_addr: '192.168.1.256' }), // 5: not an address
      line(good, { dst_port: 70000 }), // 6: not a port
      line(good, { bytes: -5 }), // 7: not a count
      line(good, { proto: 'CHAOSNET' }), // 8: not a protocol
      line(good, { time_flow_start_ns: 0, time_flow_end_ns: 0 }, ['time_received_ns']), // 9: no time at all
      line(good, { time_flow_start_ns: 'yesterday' }), // 10: not a time
      '\u0000\u0001binary\u00ff junk', // 11
      '', // 12: blank, skipped
      good, // 13
    ];
    const { flows, issues, totals } = await collect(readGoflow2Json, writeTemp(lines.join('\n')));
    expect(flows).toHaveLength(2);
    expect(issueLines(issues)).toEqual([
      'text.bad-json@2',
      'text.bad-json@3',
      'text.missing-field@4',
      'text.bad-field@5',
      'text.bad-field@6',
      'text.bad-field@7',
      'text.bad-field@8',
      'text.missing-field@9',
      'text.bad-field@10',
      'text.bad-json@11',
    ]);
    expect(issues[2].message).toBe('line 4: no dst_addr');
    expect(issues[3].message).toBe('line 5: src_addr "192.168.1.256" is not an IP address');
    expect(issues[6].message).toBe('line 8: proto "CHAOSNET" is not an IP protocol');
    expect(totals.packets).toBe(lines.length);
  });

  it('reports an empty file', async () => {
    const { issues, totals } = await collect(readGoflow2Json, writeTemp(''));
    expect(issueLines(issues)).toEqual(['text.empty@0']);
    expect(totals).toMatchObject({ packets: 0, flows: 0 });
  });
});
