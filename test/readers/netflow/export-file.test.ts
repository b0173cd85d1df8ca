/** Raw export files: sniffing, framing messages back to back, streaming big files, damage. */
import { withSource } from '../../../src/readers/source';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PcapWriter } from '../../../fixtures/lib/capture-writer';
import {
  dataSet,
  ExportStreamWriter,
  ipfixMessage,
  IPFIX_IPV4_FIELDS,
  ipv4Number,
  templateSet,
  v5Message,
  v9Message,
  V9_IPV4_FIELDS,
} from '../../../fixtures/lib/netflow-writer';
import { parseConfig } from '../../../src/config/load';
import type { FlowRecord } from '../../../src/flow/flow-record';
import type { InputIssue } from '../../../src/readers/issues';
import { readInput } from '../../../src/readers/input';
import { looksLikeExportFile, readExportFile } from '../../../src/readers/netflow/export-file';
import { sniffHead } from '../../../src/readers/sniff';
import { corpusPath, repoRoot } from '../../helpers/corpus';
import { writeTemp } from '../pcap/capture-kit';
import { asExported, codes } from './netflow-kit';

const T = 1_700_000_000;
const v9Record = ['10.0.0.5', '203.0.113.9', 50123, 3333, 6, 0x18, 40, 3_200, 1000, 2000];
const ipfixRecord = ['10.0.0.6', '203.0.113.9', 50124, 3333, 6, 0x18, 7, 700, T * 1000, T * 1000 + 5];
const v5 = v5Message({ sysUptime: 5000, unixSeconds: T }, [{ src: '10.0.0.7', dst: '203.0.113.9', srcPort: 50125, dstPort: 3333, protocol: 6, packets: 3, bytes: 300, first: 1000, last: 4000 }]);
const v9Template = v9Message({ sysUptime: 5000, unixSeconds: T }, [templateSet(9, [{ id: 256, fields: V9_IPV4_FIELDS }])]);
const v9Data = v9Message({ sysUptime: 5000, unixSeconds: T }, [dataSet(256, V9_IPV4_FIELDS, [v9Record, v9Record])]);
const ipfix = ipfixMessage({ exportTime: T, domainId: 4 }, [templateSet(10, [{ id: 300, fields: IPFIX_IPV4_FIELDS }]), dataSet(300, IPFIX_IPV4_FIELDS, [ipfixRecord])]);

async function read(bytes: Buffer, name = 'exports.bin') {
  const path = join(writeTemp(Buffer.alloc(0)), '..', name);
  writeFileSync(path, bytes);
  const flows: FlowRecord[] = [];
  const issues: InputIssue[] = [];
  const progress: number[] = [];
  const totals = await withSource(path, (source) => readExportFile(source, parseConfig({}), { flow: (f) => flows.push(f), issue: (i) => issues.push(i) }), { onProgress: (b) => progress.push(b) });
  return { flows, issues, totals, progress };
}

describe('sniffing raw export files', () => {
  it('recognises v5, v9 and IPFIX messages', () => {
    for (const head of [v5, v9Template, v9Data, ipfix]) {
      expect(looksLikeExportFile(head)).toBe(true);
      expect(sniffHead(head)).toBe('netflow');
    }
  });

  it('recognises every corpus payload that starts with a message header', () => {
    const dir = corpusPath('netflow/logstash');
    for (const name of ['netflow5.dat', 'netflow9_test_valid01.dat', 'ipfix.dat', 'ipfix_test_mikrotik_tpl.dat', 'netflow9_test_cisco_asa_1_data.dat']) {
      expect([name, looksLikeExportFile(readFileSync(join(dir, name)))]).toEqual([name, true]);
    }
  });

  it('does not take text, CSV, JSON, captures or random bytes for an export', () => {
    const heads = [
      Buffer.from('ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt\n2024-01-01 00:00:00,'),
      Buffer.from('{"type":"IPFIX","time_received_ns":1}\n'),
      new PcapWriter().toBuffer(),
      readFileSync(join(repoRoot, 'fixtures/captures/demo.pcap')).subarray(0, 4096),
      Buffer.from([0, 9, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 8]), // v9, flowset id 5
      Buffer.from([0, 10, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), // IPFIX shorter than a header
      Buffer.from([0, 5, 0, 40]), // v5 counting 40 records
      v5.subarray(0, v5.length - 1), // v5 shorter than the records its header counts
      Buffer.alloc(0),
    ];
    for (const head of heads) expect(looksLikeExportFile(head)).toBe(false);
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      const random = Buffer.from(Array.from({ length: 64 }, () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16));
      expect(looksLikeExportFile(random)).toBe(false);
    }
  });
});

describe('reading raw export files', () => {
  it('decodes v5, v9 and IPFIX messages back to back, naming the file as exporter', async () => {
    const { flows, issues, totals, progress } = await read(Buffer.concat([v9Template, v5, v9Data, ipfix, v9Data]), 'router-a.nf');
    expect(issues).toEqual([]);
    expect(totals).toEqual({ packets: 5, flows: 6, issueCounts: {} });
    expect(flows.map((f) => [f.exporter, asExported(f).src])).toEqual([
      ['router-a.nf', '10.0.0.7'],
      ['router-a.nf', '10.0.0.5'],
      ['router-a.nf', '10.0.0.5'],
      ['router-a.nf#4', '10.0.0.6'],
      ['router-a.nf', '10.0.0.5'],
      ['router-a.nf', '10.0.0.5'],
    ]);
    expect(progress[progress.length - 1]).toBe(2 * v9Data.length + v9Template.length + v5.length + ipfix.length);
  });

  it('is chosen by readInput from the magic bytes', async () => {
    const path = writeTemp(Buffer.concat([v9Template, v9Data]), 'dat');
    const flows: FlowRecord[] = [];
    const stats = await readInput(path, parseConfig({}), { flow: (f) => flows.push(f), issue: () => undefined });
    expect([stats.format, stats.packets, stats.flows, flows.length]).toEqual(['netflow', 2, 2, 2]);
  });

  it('streams a file of many megabytes (messages across read chunks) with every record', async () => {
    const writer = new ExportStreamWriter({ version: 9, fields: V9_IPV4_FIELDS, templateEvery: 50 });
    const messages: Buffer[] = [];
    const records = 120_000;
    for (let i = 0; i < records; i++) {
      const values = [ipv4Number('10.0.0.1') + (i % 5000), ipv4Number('203.0.113.9'), 40000 + (i % 1000), 3333, 6, 0x18, 1 + (i % 7), 100 + i, writer.uptimeAt(T - 60), writer.uptimeAt(T)];
      const message = writer.add(values, T);
      if (message) messages.push(message);
    }
    const last = writer.flush();
    if (last) messages.push(last);
    const file = Buffer.concat(messages);
    expect(file.length).toBeGreaterThan(3 * (1 << 20));
    const { flows, issues, totals } = await read(file);
    expect(issues).toEqual([]);
    expect(totals.packets).toBe(messages.length);
    expect(flows).toHaveLength(records);
    expect(flows.reduce((n, f) => n + f.toServer.bytes, 0)).toBe(records * 100 + (records * (records - 1)) / 2);
    expect(flows[records - 1].lastSeen).toBe(T);
  });

  it('skips bytes between messages that are not a message, as one issue, and goes on', async () => {
    const garbage = Buffer.from('this is not an export message at all');
    const { flows, issues } = await read(Buffer.concat([v9Template, v9Data, garbage, v5, garbage, garbage, ipfix]));
    expect(flows).toHaveLength(4);
    expect(issues.map((i) => [i.code, i.offset])).toEqual([
      ['netflow.bad-header', v9Template.length + v9Data.length],
      ['netflow.bad-header', v9Template.length + v9Data.length + garbage.length + v5.length],
    ]);
    expect(issues[0].message).toContain(`${garbage.length} bytes at file offset`);
  });

  it('reports a message cut short by the end of the file, after decoding what is whole', async () => {
    const { flows, issues } = await read(Buffer.concat([v5, ipfix.subarray(0, ipfix.length - 10)]));
    expect(flows).toHaveLength(1);
    expect(codes(issues)).toEqual(['netflow.truncated', 'netflow.bad-set']);
    expect(issues.every((i) => i.offset === v5.length)).toBe(true);
  });

  it('reports data whose template never came, at the end', async () => {
    const { flows, issues, totals } = await read(v9Data);
    expect(flows).toEqual([]);
    expect(totals.issueCounts).toEqual({ 'netflow.template-missing': 1 });
    expect(issues[0].message).toContain('template 256');
  });

  it('rejects a file it cannot open', async () => {
    await expect(withSource('/nonexistent/rigsweep/exports.nf', (source) => readExportFile(source, parseConfig({}), { flow: () => undefined, issue: () => undefined }))).rejects.toThrow(/ENOENT/);
  });
});
