/**
 * Flow-export figures for `npm run bench`: the same synthetic records as a NetFlow v9 export file
 * and as nfdump CSV, scanned by rigsweep; and, where nfdump is installed, the same records in an
 * nfcapd file (written by Debian's nfcapd, and an LZ4 copy by `nfdump -y`) scanned by rigsweep
 * and filtered by `nfdump -r FILE 'dst ip in [1,000 addresses]'` beside them, with the nfcapd
 * reader's decode-only speed (records into FlowRecords, no detectors) on both files.
 */
import { createWriteStream, existsSync, readFileSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { DecodeResult } from './decode-only';
import { syntheticExportRows } from '../fixtures/lib/synthetic-export-rows';
import { ExportStreamWriter } from '../fixtures/lib/netflow-stream-writer';
import { V9_IPV4_FIELDS, ipv4Number } from '../fixtures/lib/netflow-writer';
import { writeNfdumpCsv } from '../fixtures/lib/nfdump-csv-writer';
import { hasCommand, measure, warmPageCache, type Measurement } from './measure';
import { writeNfcapdFile } from './nfcapd-file';

const BOOT = 1_600_000_000;

/** The v9 messages of the synthetic rows, one by one (a generator keeps memory flat). */
function* v9Messages(records: number): Generator<Buffer> {
  const writer = new ExportStreamWriter({ version: 9, fields: V9_IPV4_FIELDS, bootSeconds: BOOT });
  const values: number[] = new Array(V9_IPV4_FIELDS.length).fill(0);
  for (const row of syntheticExportRows(records, { seed: 1 }).rows) {
    values[0] = ipv4Number(row.src);
    values[1] = ipv4Number(row.dst);
    values[2] = row.srcPort;
    values[3] = row.dstPort;
    values[4] = row.protocol;
    values[5] = row.tcpFlags ?? 0;
    values[6] = row.packets;
    values[7] = row.bytes;
    values[8] = writer.uptimeAt(row.first);
    values[9] = writer.uptimeAt(row.last);
    const message = writer.add(values, row.last);
    if (message) yield message;
  }
  const last = writer.flush();
  if (last) yield last;
}

async function writeV9File(path: string, records: number): Promise<void> {
  const out = createWriteStream(path, { highWaterMark: 4 << 20 });
  for (const message of v9Messages(records)) if (!out.write(message)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/** The nfcapd file of the synthetic records and its LZ4 copy, written once and kept in outDir. */
async function nfcapdFiles(outDir: string, records: number): Promise<{ plain: string; lz4: string }> {
  const plain = join(outDir, `flows-${records}.nfcapd`);
  const lz4 = `${plain}.lz4`;
  if (!existsSync(plain)) {
    console.log(`writing ${plain}: nfcapd fed the v9 export over loopback ...`);
    const partial = `${plain}.partial`;
    await writeNfcapdFile(partial, v9Messages(records), outDir);
    renameSync(partial, plain);
  }
  if (!existsSync(lz4)) {
    console.log(`writing ${lz4}: nfdump -r ${plain} -y -w ... (LZ4 blocks)`);
    const partial = `${lz4}.partial`;
    execFileSync('nfdump', ['-r', plain, '-y', '-w', partial], { stdio: 'ignore' });
    renameSync(partial, lz4);
  }
  return { plain, lz4 };
}

export interface FlowRow {
  tool: string;
  run: Measurement;
  records: number;
  /** Addresses flagged (the synthetic data holds 20 miners and nothing else to flag). */
  flagged?: number;
}

/** A scan of one export file; `records` is what rigsweep decoded (from its JSON report). */
function scanRow(cli: string, file: string, reportFile: string, label: string): FlowRow {
  warmPageCache(file);
  const run = measure(process.execPath, [cli, 'scan', file, '--format', 'json', '--out', reportFile, '--no-progress']);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { inputs: Array<{ flows: number; format: string }>; summary: { flagged: { total: number } } };
  return { tool: `rigsweep scan (${label}: ${report.inputs[0].format})`, run, records: report.inputs[0].flows, flagged: report.summary.flagged.total };
}

export interface DecodeRow {
  label: string;
  run: Measurement;
  result: DecodeResult;
}

/** Decode-only: the input read by readInput in a process of its own, into a sink that only counts. */
function decodeRow(file: string, resultFile: string, label: string): DecodeRow {
  warmPageCache(file);
  const run = measure(process.execPath, [join(__dirname, 'decode-only.js'), file, resultFile]);
  if (run.exitCode !== 0) throw new Error(`decode-only ${file} exited ${run.exitCode}`);
  return { label, run, result: JSON.parse(readFileSync(resultFile, 'utf8')) as DecodeResult };
}

export interface FlowBench {
  rows: FlowRow[];
  /** Decode-only runs of the nfcapd files (empty without nfdump). */
  decodes: DecodeRow[];
}

export async function benchFlowExports(outDir: string, cli: string, records: number): Promise<FlowBench> {
  const v9 = join(outDir, `flows-${records}.nf9`);
  const csv = join(outDir, `flows-${records}.csv`);
  if (!existsSync(v9)) await writeV9File(v9, records);
  if (!existsSync(csv)) await writeNfdumpCsv(csv, records, { seed: 1 });
  const rows = [scanRow(cli, v9, join(outDir, 'report-v9.json'), 'NetFlow v9 file'), scanRow(cli, csv, join(outDir, 'report-csv.json'), 'nfdump CSV')];
  const decodes: DecodeRow[] = [];
  if (hasCommand('nfcapd') && hasCommand('nfdump')) {
    const { plain, lz4 } = await nfcapdFiles(outDir, records);
    rows.push(scanRow(cli, plain, join(outDir, 'report-nfcapd.json'), 'nfcapd file'));
    rows.push(scanRow(cli, lz4, join(outDir, 'report-nfcapd-lz4.json'), 'nfcapd file, LZ4'));
    decodes.push(decodeRow(plain, join(outDir, 'decode-nfcapd.json'), 'nfcapd file'));
    decodes.push(decodeRow(lz4, join(outDir, 'decode-nfcapd-lz4.json'), 'nfcapd file, LZ4'));
    const addresses = Array.from({ length: 1000 }, (_, i) => `198.18.${(i >> 8) & 0xff}.${i & 0xff}`);
    // nfcapd may have lost datagrams on loopback: count what its file holds.
    const stored = Number(/Flows:\s*(\d+)/.exec(execFileSync('nfdump', ['-r', plain, '-I']).toString())?.[1] ?? 0);
    for (const [file, label] of [[plain, ''], [lz4, ', LZ4']]) {
      warmPageCache(file);
      const run = measure('nfdump', ['-r', file, '-q', '-o', 'csv', `dst ip in [${addresses.join(' ')}]`]);
      rows.push({ tool: `nfdump -r (1,000-address filter${label})`, run, records: stored });
    }
  } else {
    console.log('nfdump not installed (apt-get install nfdump): no side-by-side flow figures');
  }
  return { rows, decodes };
}
