/** `rigsweep scan <files...>`: the whole pipeline in one process with the in-memory store. */
import { stat } from 'node:fs/promises';
import { detectors } from '../../detectors';
import { analyse } from '../analyse';
import { reportFromStore } from '../report/build';
import type { ReportFormat } from '../report/render';
import type { Level } from '../score/score';
import { MemoryStore } from '../store/memory-store';
import { inputList, InputListError } from '../readers/source/input-list';
import { parseTimeWindow, type TimeWindow } from '../flow/time-window';
import { parseCommandLine, usageOf } from './arguments';
import { EXIT, UsageError } from './exit-codes';
import { createProgress } from './progress';
import type { Io } from './io';
import { parseFailOn, parseFormat, reachesFailOn, REPORT_OPTIONS, writeReport } from './output';
import { loadSetup } from './setup';

export const SCAN_USAGE = `usage: rigsweep scan <inputs...> [-R FIRST:LAST] [--since TIME] [--until TIME]
                     [--format table|json|csv|html] [--out FILE] [--config FILE] [--owners FILE]
                     [--fail-on medium|high] [--no-progress]`;

export const SCAN_HELP = `${SCAN_USAGE}

Scans the inputs as one sweep (in-process, no services) and writes the report.

inputs       files, directories (their files in name order, files still being written skipped),
             FIFOs, or - for standard input. The format is sniffed from the bytes, never the
             name: pcap, pcapng, nfcapd (nfdump 1.6/1.7, any compression), NetFlow v5/v9/IPFIX,
             sFlow v5, nfdump CSV, goflow2 JSON, a configured CSV — each may be gzip, bzip2,
             xz or zstd compressed (streamed, no temporary file).
-R, --range FIRST:LAST
             rotated files from FIRST to LAST in one directory, as nfdump -R
             (e.g. /var/cache/nfdump/nfcapd.202612030000:nfcapd.202612030600); repeatable
--since TIME, --until TIME
             only flow records that overlap [since, until): ISO 8601 (a time without a zone is
             UTC) or Unix seconds; records outside are counted per input as outsideWindow
--format     table (default), json, csv or html
--out FILE   write the report there (default: standard output)
--config F   config file (default: RIGSWEEP_CONFIG, else the built-in defaults)
--owners F   owner map CSV (cidr,owner,nature)
--fail-on L  exit 1 when a finding reaches medium or high
--no-progress  no progress bar (shown on a terminal for inputs over 32 MB; counts bytes read
             from disk, so compressed inputs show true progress)

examples:
  rigsweep scan /var/cache/nfdump --format html --out sweep.html
  zcat big.pcap.gz | rigsweep scan -
  rigsweep scan -R /data/nfcapd.202612030000:nfcapd.202612031200 --since 2026-12-03T06:00Z

exit codes: 0 ok (whatever was found), 1 --fail-on reached, 2 usage or config error,
3 an input could not be read (the others are still scanned and reported)`;

interface ScanOptions {
  inputs: string[];
  ranges: string[];
  window: TimeWindow;
  format: ReportFormat;
  out?: string;
  config?: string;
  owners?: string;
  failOn?: Level;
  progress: boolean;
}

export function parseScanArgs(argv: string[]): ScanOptions {
  const parsed = parseCommandLine(
    argv,
    {
      ...REPORT_OPTIONS,
      'fail-on': { type: 'string' },
      'no-progress': { type: 'boolean', default: false },
      range: { type: 'string', short: 'R', multiple: true },
      since: { type: 'string' },
      until: { type: 'string' },
    },
    true,
  );
  const { values, positionals } = parsed;
  const ranges = values.range ?? [];
  if (positionals.length === 0 && ranges.length === 0) throw new UsageError('scan needs at least one input (a file, a directory, - or -R FIRST:LAST)');
  const failOn = parseFailOn(values['fail-on']);
  return {
    inputs: positionals,
    ranges,
    window: usageOf(() => parseTimeWindow(values.since, values.until)),
    format: parseFormat(values.format),
    out: values.out,
    config: values.config,
    owners: values.owners,
    failOn,
    progress: !values['no-progress'],
  };
}

async function totalSize(files: readonly string[]): Promise<number> {
  const sizes = await Promise.all(files.map((f) => stat(f).then((s) => s.size, () => 0)));
  return sizes.reduce((a, b) => a + b, 0);
}

export async function runScan(argv: string[], io: Io): Promise<number> {
  const options = parseScanArgs(argv);
  const { config, indicators } = loadSetup(options);
  const store = new MemoryStore();
  const files = await inputList(options.inputs, options.ranges).catch((e: Error) => {
    throw e instanceof InputListError ? new UsageError(e.message) : e;
  });
  if (files.length === 0) throw new UsageError(`no input files in ${options.inputs.join(', ')}`);
  const progress = options.progress ? createProgress(await totalSize(files), io.stderr) : { update() {}, stop() {} };
  let finishedBytes = 0;
  let current = '';
  let currentBytes = 0;
  const inputs = await analyse(files, config, store, {
    detectors,
    indicators,
    window: options.window,
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
