/** `rigsweep scan <files...>`: the whole pipeline in one process with the in-memory store. */
import { stat } from 'node:fs/promises';
import { detectors } from '../../detectors';
import { analyse } from '../analyse';
import { reportFromStore } from '../report/build';
import type { ReportFormat } from '../report/render';
import type { Level } from '../score/score';
import { MemoryStore } from '../store/memory-store';
import { parseCommandLine } from './arguments';
import { EXIT, UsageError } from './exit-codes';
import { createProgress } from './progress';
import type { Io } from './io';
import { parseFailOn, parseFormat, reachesFailOn, REPORT_OPTIONS, writeReport } from './output';
import { loadSetup } from './setup';

export const SCAN_USAGE = `usage: rigsweep scan <files...> [--format table|json|csv|html] [--out FILE]
                     [--config FILE] [--owners FILE] [--fail-on medium|high] [--no-progress]`;

interface ScanOptions {
  files: string[];
  format: ReportFormat;
  out?: string;
  config?: string;
  owners?: string;
  failOn?: Level;
  progress: boolean;
}

export function parseScanArgs(argv: string[]): ScanOptions {
  const parsed = parseCommandLine(argv, { ...REPORT_OPTIONS, 'fail-on': { type: 'string' }, 'no-progress': { type: 'boolean', default: false } }, true);
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('scan needs at least one input file');
  const failOn = parseFailOn(values['fail-on']);
  return {
    files: positionals,
    format: parseFormat(values.format),
    out: values.out,
    config: values.config,
    owners: values.owners,
    failOn,
    progress: !values['no-progress'],
  };
}

async function totalSize(files: string[]): Promise<number> {
  const sizes = await Promise.all(files.map((f) => stat(f).then((s) => s.size, () => 0)));
  return sizes.reduce((a, b) => a + b, 0);
}

export async function runScan(argv: string[], io: Io): Promise<number> {
  const options = parseScanArgs(argv);
  const { config, indicators } = loadSetup(options);
  const store = new MemoryStore();
  const progress = options.progress ? createProgress(await totalSize(options.files), io.stderr) : { update() {}, stop() {} };
  let finishedBytes = 0;
  let current = '';
  let currentBytes = 0;
  const inputs = await analyse(options.files, config, store, {
    detectors,
    indicators,
    onProgress(path, bytes) {
      if (path !== current) [current, finishedBytes, currentBytes] = [path, finishedBytes + currentBytes, 0];
      currentBytes = bytes;
      progress.update(finishedBytes + bytes);
    },
  }).finally(() => progress.stop());
  const report = await reportFromStore(store, inputs, config, detectors);
  await writeReport(report, options.format, options.out, io);
  for (const input of inputs) if (input.error) io.stderr.write(`rigsweep: ${input.error}\n`);
  if (inputs.some((i) => i.error)) return EXIT.unreadable;
  return reachesFailOn(report, options.failOn) ? EXIT.findings : EXIT.ok;
}
