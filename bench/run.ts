/**
 * `npm run bench`: generates a large capture, scans it with rigsweep, and prints throughput and
 * peak memory beside ndpiReader (Debian's libndpi-bin) on the same file when it is installed.
 * Figures, not assertions: speed targets live here, never in timed unit tests.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hasCommand, measure, warmPageCache, type Measurement } from './measure';
import { generateBenchCapture } from './generate-capture';

const root = resolve(__dirname, '../..');
const outDir = join(root, 'bench/out');
const bytes = Number(process.env.BENCH_BYTES ?? 2e9);

interface Row {
  tool: string;
  run: Measurement;
  packets: number;
  flows?: number;
}

function printRows(rows: Row[], fileBytes: number): void {
  const header = ['tool', 'wall s', 'packets/s', 'MB/s', 'flows', 'peak RSS MB'];
  const lines = rows.map((r) => [
    r.tool,
    r.run.seconds.toFixed(1),
    Math.round(r.packets / r.run.seconds).toLocaleString('en'),
    (fileBytes / 1e6 / r.run.seconds).toFixed(0),
    r.flows?.toLocaleString('en') ?? '-',
    r.run.peakRssMb.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  for (const l of [header, ...lines]) console.log(l.map((c, i) => c.padStart(widths[i])).join('  '));
}

async function main(): Promise<void> {
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
  const scan = measure(process.execPath, [join(root, 'dist/src/cli/main.js'), 'scan', capture, '--format', 'json', '--out', reportFile, '--no-progress']);
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

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exitCode = 1;
});
