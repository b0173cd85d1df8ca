/**
 * `npm run bench`: generates a large capture and large flow exports, scans them with rigsweep,
 * and prints throughput and peak memory beside ndpiReader (Debian's libndpi-bin) and nfdump on
 * the same data when they are installed. Figures, not assertions: speed targets live here, never
 * in timed unit tests. The queue section runs the same kind of flow records through BullMQ on a
 * private redis-server with 1 and 2 `rigsweep worker` processes beside an in-process scan.
 * BENCH_BYTES (capture size, default 2e9), BENCH_RECORDS (flow records, default 1e7) and
 * BENCH_QUEUE_RECORDS (queue section, default 2e6) scale it; BENCH_ONLY=capture|flows|queue|carrier (or
 * that name as the first argument: `node dist/bench/run.js queue`) runs one section.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { hasCommand, measure, warmPageCache, type Measurement } from './measure';
import { generateBenchCapture } from './generate-capture';
import { benchFlowExports } from './flow-exports';
import { benchQueue, QUEUE_BENCH_FILES } from './queue';
import { printQueueBench } from './queue-figures';
import { printTable, thousands } from './table';
import { parseCarrierArgs, runCarrier } from './carrier/run';

const root = resolve(__dirname, '../..');
const outDir = join(root, 'bench/out');
const bytes = Number(process.env.BENCH_BYTES ?? 2e9);
const records = Number(process.env.BENCH_RECORDS ?? 1e7);
const queueRecords = Number(process.env.BENCH_QUEUE_RECORDS ?? 2e6);
const only = process.env.BENCH_ONLY ?? process.argv[2];
const cli = join(root, 'dist/src/cli/main.js');

interface Row {
  tool: string;
  run: Measurement;
  packets: number;
  flows?: number;
}

function printRows(rows: Row[], fileBytes: number): void {
  printTable(
    ['tool', 'wall s', 'packets/s', 'MB/s', 'flows', 'peak RSS MB'],
    rows.map((r) => [
      r.tool,
      r.run.seconds.toFixed(1),
      thousands(r.packets / r.run.seconds),
      (fileBytes / 1e6 / r.run.seconds).toFixed(0),
      r.flows === undefined ? '-' : thousands(r.flows),
      r.run.peakRssMb.toFixed(0),
    ]),
  );
}

/** Compressed copies of the capture scanned beside it: the command that makes each, and its name. */
const COMPRESSORS = [
  { name: 'zstd', suffix: 'zst', command: 'zstd', args: ['-1', '-T2', '-q', '-c'] },
  { name: 'gzip', suffix: 'gz', command: 'gzip', args: ['-1', '-c'] },
] as const;

/** `capture`.suffix, written once (through a .partial file) and kept in bench/out. */
function compressedCopy(capture: string, c: (typeof COMPRESSORS)[number]): string {
  const path = `${capture}.${c.suffix}`;
  if (existsSync(path)) return path;
  const partial = `${path}.partial`;
  console.log(`compressing: ${c.command} ${c.args.join(' ')} ${capture} > ${path} ...`);
  const started = process.hrtime.bigint();
  const out = openSync(partial, 'w');
  try {
    const run = spawnSync(c.command, [...c.args, capture], { stdio: ['ignore', out, 'inherit'] });
    if (run.status !== 0) throw new Error(`${c.command} exited ${run.status ?? run.signal}`);
  } finally {
    closeSync(out);
  }
  renameSync(partial, path);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`  ${(statSync(path).size / 1e6).toFixed(0)} MB in ${seconds.toFixed(1)} s`);
  return path;
}

interface CaptureReport {
  inputs: Array<{ packets: number; flows: number; compression?: string }>;
  summary: { flagged: { total: number } };
}

async function benchCapture(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const capture = join(outDir, `bench-${bytes}.pcap`);
  if (!existsSync(capture)) {
    console.log(`generating ${capture} (${(bytes / 1e9).toFixed(1)} GB) ...`);
    const written = await generateBenchCapture(capture, { bytes });
    console.log(`  ${written.packets.toLocaleString('en')} packets, ${written.flows.toLocaleString('en')} flows, ${written.miners} miners`);
  }
  const compressed = COMPRESSORS.filter((c) => hasCommand(c.command)).map((c) => ({ name: c.name, file: compressedCopy(capture, c) }));
  const fileBytes = statSync(capture).size;
  printLoad();
  const scanFile = (file: string, reportFile: string) => {
    warmPageCache(file);
    const run = measure(process.execPath, [cli, 'scan', file, '--format', 'json', '--out', reportFile, '--no-progress']);
    return { run, report: JSON.parse(readFileSync(reportFile, 'utf8')) as CaptureReport };
  };
  const { run: scan, report } = scanFile(capture, join(outDir, 'report.json'));
  const rows: Row[] = [{ tool: 'rigsweep scan', run: scan, packets: report.inputs[0].packets, flows: report.inputs[0].flows }];
  console.log(`rigsweep flagged ${report.summary.flagged.total} addresses (exit ${scan.exitCode})`);
  const compressedRows: Row[] = [];
  for (const { name, file } of compressed) {
    const { run, report: r } = scanFile(file, join(outDir, `report-${name}.json`));
    console.log(`rigsweep flagged ${r.summary.flagged.total} addresses in the ${name} copy (${r.inputs[0].compression ?? '?'}, exit ${run.exitCode})`);
    compressedRows.push({ tool: `rigsweep scan (${name}, ${(statSync(file).size / 1e6).toFixed(0)} MB)`, run, packets: r.inputs[0].packets, flows: r.inputs[0].flows });
  }
  rows.push(...compressedRows);
  let peer: Row | undefined;
  if (hasCommand('ndpiReader')) {
    warmPageCache(capture);
    peer = { tool: 'ndpiReader -q', run: measure('ndpiReader', ['-q', '-i', capture]), packets: report.inputs[0].packets };
    rows.push(peer);
  } else {
    console.log('ndpiReader not installed (apt-get install libndpi-bin): no side-by-side figures');
  }
  console.log(`\ncapture: ${(fileBytes / 1e9).toFixed(2)} GB, ${report.inputs[0].packets.toLocaleString('en')} packets (MB/s of the uncompressed capture)`);
  printRows(rows, fileBytes);
  const ours = rows[0];
  if (peer) {
    console.log(`\nwall time: ${(ours.run.seconds / peer.run.seconds).toFixed(2)}× ndpiReader's (target ≤ 0.5)`);
    console.log(`peak RSS:  ${(ours.run.peakRssMb / peer.run.peakRssMb).toFixed(2)}× ndpiReader's (target ≤ 0.5)`);
  }
  for (const r of compressedRows) {
    console.log(`${r.tool}: wall time ${(r.run.seconds / ours.run.seconds).toFixed(2)}×, peak RSS ${(r.run.peakRssMb / ours.run.peakRssMb).toFixed(2)}× the uncompressed scan's (target ≤ 1.3)`);
  }
}

/** Others' work on the machine shows in every figure: say how busy it was. */
function printLoad(): void {
  console.log(`load average at start: ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores`);
}

/** Records per second the nfcapd reader should decode on one core (FlowRecords, no detectors). */
const DECODE_TARGET = 2e6;

async function benchFlows(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  console.log(`\nflow exports: ${thousands(records)} records (first run writes them to ${outDir})`);
  printLoad();
  const { rows, decodes } = await benchFlowExports(outDir, cli, records);
  printTable(
    ['tool', 'wall s', 'records', 'records/s', 'peak RSS MB', 'flagged (20 miners)'],
    rows.map((r) => [r.tool, r.run.seconds.toFixed(1), thousands(r.records), thousands(r.records / r.run.seconds), r.run.peakRssMb.toFixed(0), r.flagged === undefined ? '-' : String(r.flagged)]),
  );
  const peer = rows.find((r) => r.tool.startsWith('nfdump'));
  const peerLz4 = rows.find((r) => r.tool.startsWith('nfdump') && r.tool.includes('LZ4'));
  if (peer) {
    for (const r of rows.filter((x) => !x.tool.startsWith('nfdump'))) {
      if (!r.tool.includes('nfcapd')) console.log(`${r.tool}: ${(r.run.seconds / peer.run.seconds).toFixed(2)}× nfdump's wall time`);
      else {
        // The same file under nfdump: LZ4 beside LZ4, and beside the uncompressed filter too.
        const same = r.tool.includes('LZ4') && peerLz4 ? peerLz4 : peer;
        const plain = same === peer ? '' : `; ${(r.run.seconds / peer.run.seconds).toFixed(2)}× the uncompressed filter's`;
        console.log(`${r.tool}: ${(r.run.seconds / same.run.seconds).toFixed(2)}× nfdump's wall time on the same file (target ≤ 5)${plain}`);
      }
    }
  }
  if (decodes.length > 0) {
    console.log('\ndecode only (readInput into a counting sink, no detectors; own process):');
    printTable(
      ['input', 'wall s', 'read s', 'records', 'records/s', 'records/CPU s', 'peak RSS MB'],
      decodes.map((d) => [
        d.result.compression === 'none' ? `${d.label} (${d.result.format})` : `${d.label} (${d.result.format}, ${d.result.compression})`,
        d.run.seconds.toFixed(2),
        d.result.readSeconds.toFixed(2),
        thousands(d.result.flows),
        thousands(d.result.flows / d.run.seconds),
        thousands(d.result.flows / d.run.cpuSeconds),
        d.run.peakRssMb.toFixed(0),
      ]),
    );
    // records/s over the process's wall time (start-up included); the reader runs on one thread.
    for (const d of decodes) console.log(`decode ${d.label}: ${(d.result.flows / d.run.seconds / DECODE_TARGET).toFixed(2)}× the ${DECODE_TARGET / 1e6} M records/s target (≥ 1)`);
  }
}

async function benchQueued(): Promise<void> {
  if (!hasCommand('redis-server')) {
    console.log('\nredis-server not installed (apt-get install redis-server): no queue figures');
    return;
  }
  mkdirSync(outDir, { recursive: true });
  console.log(`\nqueue: ${thousands(queueRecords)} records in ${QUEUE_BENCH_FILES} rotating nfdump CSV files (first run writes them to ${outDir})`);
  printLoad();
  printQueueBench(await benchQueue(outDir, cli, queueRecords));
}

/** The labelled carrier-scale flow benchmark (bench/carrier/README.md); CARRIER_ARGS passes its options. */
async function benchCarrier(): Promise<void> {
  console.log('\ncarrier: labelled flow-only population (first run writes it to bench/out/carrier)');
  printLoad();
  await runCarrier(parseCarrierArgs((process.env.CARRIER_ARGS ?? '').split(' ').filter(Boolean)));
}

const sections: Record<string, () => Promise<void>> = { capture: benchCapture, flows: benchFlows, queue: benchQueued, carrier: benchCarrier };

async function main(): Promise<void> {
  if (only !== undefined && !Object.hasOwn(sections, only)) throw new Error(`BENCH_ONLY takes ${Object.keys(sections).join('|')}, not ${only}`);
  for (const [name, section] of Object.entries(sections)) if (only === undefined || only === name) await section();
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exitCode = 1;
});
