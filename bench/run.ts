/**
 * `npm run bench`: generates a large capture and large flow exports, scans them with rigsweep,
 * and prints throughput and peak memory beside ndpiReader (Debian's libndpi-bin) and nfdump on
 * the same data when they are installed. Figures, not assertions: speed targets live here, never
 * in timed unit tests. The queue section runs the same kind of flow records through BullMQ on a
 * private redis-server with 1 and 2 `rigsweep worker` processes beside an in-process scan.
 * BENCH_BYTES (capture size, default 2e9), BENCH_RECORDS (flow records, default 1e7) and
 * BENCH_QUEUE_RECORDS (queue section, default 2e6) scale it; BENCH_ONLY=capture|flows|queue (or
 * that name as the first argument: `node dist/bench/run.js queue`) runs one section.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { hasCommand, measure, warmPageCache, type Measurement } from './measure';
import { generateBenchCapture } from './generate-capture';
import { benchFlowExports } from './flow-exports';
import { benchQueue, QUEUE_BENCH_FILES } from './queue';
import { printQueueBench } from './queue-figures';
import { printTable, thousands } from './table';

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

async function benchCapture(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const capture = join(outDir, `bench-${bytes}.pcap`);
  if (!existsSync(capture)) {
    console.log(`generating ${capture} (${(bytes / 1e9).toFixed(1)} GB) ...`);
    const written = await generateBenchCapture(capture, { bytes });
    console.log(`  ${written.packets.toLocaleString('en')} packets, ${written.flows.toLocaleString('en')} flows, ${written.miners} miners`);
  }
  const fileBytes = statSync(capture).size;
  const reportFile = join(outDir, 'report.json');
  warmPageCache(capture);
  const scan = measure(process.execPath, [cli, 'scan', capture, '--format', 'json', '--out', reportFile, '--no-progress']);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { inputs: Array<{ packets: number; flows: number }>; summary: { flagged: { total: number } } };
  const rows: Row[] = [{ tool: 'rigsweep scan', run: scan, packets: report.inputs[0].packets, flows: report.inputs[0].flows }];
  console.log(`rigsweep flagged ${report.summary.flagged.total} addresses (exit ${scan.exitCode})`);
  if (hasCommand('ndpiReader')) {
    warmPageCache(capture);
    rows.push({ tool: 'ndpiReader -q', run: measure('ndpiReader', ['-q', '-i', capture]), packets: report.inputs[0].packets });
  } else {
    console.log('ndpiReader not installed (apt-get install libndpi-bin): no side-by-side figures');
  }
  console.log(`\ncapture: ${(fileBytes / 1e9).toFixed(2)} GB, ${report.inputs[0].packets.toLocaleString('en')} packets`);
  printRows(rows, fileBytes);
  if (rows.length === 2) {
    const [ours, peer] = rows;
    console.log(`\nwall time: ${(ours.run.seconds / peer.run.seconds).toFixed(2)}× ndpiReader's (target ≤ 0.5)`);
    console.log(`peak RSS:  ${(ours.run.peakRssMb / peer.run.peakRssMb).toFixed(2)}× ndpiReader's (target ≤ 0.5)`);
  }
}

async function benchFlows(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  console.log(`\nflow exports: ${thousands(records)} records (first run writes them to ${outDir})`);
  const rows = await benchFlowExports(outDir, cli, records);
  printTable(
    ['tool', 'wall s', 'records', 'records/s', 'peak RSS MB', 'flagged (20 miners)'],
    rows.map((r) => [r.tool, r.run.seconds.toFixed(1), thousands(r.records), thousands(r.records / r.run.seconds), r.run.peakRssMb.toFixed(0), r.flagged === undefined ? '-' : String(r.flagged)]),
  );
  const peer = rows.find((r) => r.tool.startsWith('nfdump'));
  if (peer) for (const r of rows.filter((x) => x !== peer)) console.log(`${r.tool}: ${(r.run.seconds / peer.run.seconds).toFixed(2)}× nfdump's wall time`);
}

async function benchQueued(): Promise<void> {
  if (!hasCommand('redis-server')) {
    console.log('\nredis-server not installed (apt-get install redis-server): no queue figures');
    return;
  }
  mkdirSync(outDir, { recursive: true });
  console.log(`\nqueue: ${thousands(queueRecords)} records in ${QUEUE_BENCH_FILES} rotating nfdump CSV files (first run writes them to ${outDir})`);
  // Others' work on the machine shows in every figure: say how busy it was.
  console.log(`load average at start: ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores`);
  printQueueBench(await benchQueue(outDir, cli, queueRecords));
}

const sections: Record<string, () => Promise<void>> = { capture: benchCapture, flows: benchFlows, queue: benchQueued };

async function main(): Promise<void> {
  if (only !== undefined && !Object.hasOwn(sections, only)) throw new Error(`BENCH_ONLY takes ${Object.keys(sections).join('|')}, not ${only}`);
  for (const [name, section] of Object.entries(sections)) if (only === undefined || only === name) await section();
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exitCode = 1;
});
