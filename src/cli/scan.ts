/** `rigsweep scan <files...>`: the whole pipeline in one process with the in-memory store. */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { detectors } from '../../detectors';
import { Analysis } from '../analysis';
import { readInto } from '../analyse';
import { reportFromStore } from '../report/build';
import { escapeControls } from '../text/controls';
import { STDIN } from '../readers/source';
import { cidrMatcher } from '../flow/ip';
import { confirmAndSweep } from '../probe/confirm';
import { FileIntelStore } from '../intel';
import type { ReportFormat } from '../report/render';
import type { Level } from '../score/score';
import { MemoryStore } from '../store/memory-store';
import { inputList, InputListError } from '../readers/source/input-list';
import { parseTimeWindow, type TimeWindow } from '../flow/time-window';
import { parseCommandLine, usageOf } from './arguments';
import { EXIT, UsageError } from './exit-codes';
import { createProgress } from './progress';
import type { Io } from './io';
import type { Config } from '../config/schema';
import { parseFailOn, parseFormat, reachesFailOn, REPORT_OPTIONS, reportOnTerminal, writeReport } from './output';
import { loadSetup, withIntel } from './setup';
import { createLogger } from './logger';

export const SCAN_USAGE = `usage: rigsweep scan <inputs...> [-R FIRST:LAST] [--since TIME] [--until TIME]
                     [--format table|json|csv|html] [--out FILE] [--config FILE] [--owners FILE]
                     [--fail-on medium|high] [--no-progress]
                     [--probe] [--probe-dry-run] [--intel-out FILE]`;

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
  probe: boolean;
  probeDryRun: boolean;
  intelOut?: string;
}

export function parseScanArgs(argv: string[]): ScanOptions {
  const parsed = parseCommandLine(
    argv,
    {
      ...REPORT_OPTIONS,
      'fail-on': { type: 'string' },
      'no-progress': { type: 'boolean', default: false },
      probe: { type: 'boolean', default: false },
      'probe-dry-run': { type: 'boolean', default: false },
      'intel-out': { type: 'string' },
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
    probe: values.probe === true || values['probe-dry-run'] === true,
    probeDryRun: values['probe-dry-run'] === true,
    intelOut: values['intel-out'],
  };
}

async function totalSize(files: readonly string[]): Promise<number> {
  const sizes = await Promise.all(files.map((f) => stat(f).then((s) => s.size, () => 0)));
  return sizes.reduce((a, b) => a + b, 0);
}

/**
 * Named inputs that cannot be opened at all (a typo, a file rotated away, no permission), found
 * before reading any: the scan stops at once with one line each, instead of reporting them
 * after an hour of reading the others. Files that break while being read are the readers' to report.
 */
async function unopenable(files: readonly string[]): Promise<string[]> {
  const problems = await Promise.all(
    files.map((file) =>
      file === STDIN ? undefined : access(file, constants.R_OK).then(() => undefined, (e: NodeJS.ErrnoException) => `${file}: cannot read: ${e.code ?? e.message}`),
    ),
  );
  return problems.filter((p): p is string => p !== undefined);
}

const say = (io: Io, line: string) => io.stderr.write(`rigsweep: ${escapeControls(line)}\n`);

export async function runScan(argv: string[], io: Io): Promise<number> {
  const options = parseScanArgs(argv);
  // Every file the run needs (config, indicator lists, owner map, intel facts) is read and
  // checked here, before the first input: a mistake in one exits 2 at once.
  const { config, indicators, facts } = await withIntel(loadSetup(options), io);
  const store = new MemoryStore();
  const files = await inputList(options.inputs, options.ranges).catch((e: Error) => {
    throw e instanceof InputListError ? new UsageError(e.message) : e;
  });
  if (files.length === 0) throw new UsageError(`no input files in ${options.inputs.join(', ')}`);
  const missing = await unopenable(files);
  if (missing.length) {
    for (const problem of missing) say(io, problem);
    return EXIT.unreadable;
  }
  const progress = options.progress ? createProgress(await totalSize(files), io.stderr) : { update() {}, stop() {} };
  let finishedBytes = 0;
  let current = '';
  let currentBytes = 0;
  const analysis = new Analysis(config, store, { detectors, indicators, facts });
  const inputs = await readInto(analysis, files, config, {
    window: options.window,
    onProgress(path, bytes) {
      if (path !== current) [current, finishedBytes, currentBytes] = [path, finishedBytes + currentBytes, 0];
      currentBytes = bytes;
      progress.update(finishedBytes + bytes);
    },
  }).finally(() => progress.stop());
  const failed = inputs.filter((i) => i.error);
  // Nothing read, nothing to report: an empty report would read as "no mining found".
  if (failed.length === inputs.length) {
    for (const input of failed) say(io, input.error!);
    return EXIT.unreadable;
  }
  await analysis.sweep();
  if (options.probe) await probeRound(analysis, store, config, options, io);
  if (options.intelOut) await new FileIntelStore(options.intelOut).put({ endpoints: analysis.pipeline.intel.learned(), names: [] });
  const report = await reportFromStore(store, inputs, config, detectors);
  await writeReport(report, options.format, options.out, io);
  // Said once: on stderr, unless the table on this very terminal already lists them.
  if (!reportOnTerminal(options.format, options.out, io)) {
    for (const input of failed) say(io, input.error!);
    for (const warning of report.warnings) say(io, `warning: ${warning}`);
  }
  if (failed.length) return EXIT.unreadable;
  return reachesFailOn(report, options.failOn) ? EXIT.findings : EXIT.ok;
}

/**
 * `--probe`: the endpoints suspected only by flow shape, site or port are asked (within
 * probe.allow and its limits), and their verdicts judged in a second sweep: a confirmed pool adds
 * pool-address evidence, a not-pool verdict takes the flow-shape guesses about it out of the score.
 */
async function probeRound(analysis: Analysis, store: MemoryStore, config: Config, options: ScanOptions, io: Io): Promise<void> {
  const settings = { ...config.probe, enabled: true, dryRun: config.probe.dryRun || options.probeDryRun };
  // Every probe is logged (one JSON line each on stderr): the one place rigsweep contacts others.
  const logger = createLogger('info', io.stderr);
  const round = await confirmAndSweep(analysis, store, config, detectors, settings, {
    isHome: cidrMatcher(config.homeNetworks),
    log: (line) => logger.info(line),
  });
  if (settings.dryRun) {
    for (const p of round.planned) say(io, `probe (dry run): ${p.target.address}:${p.target.port} ${p.decision}: ${p.reason}`);
  }
}
