/** Writes a rendered report to --out (atomically, so a reader never sees half a file) or stdout. */
import { rename, writeFile } from 'node:fs/promises';
import { isStillFlagged, type Report } from '../report/model';
import { LEVEL_ORDER, type Level } from '../score/score';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../report/render';
import { DEFAULT_TABLE_WIDTH } from '../report/table';
import { UsageError } from './exit-codes';
import type { Io } from './io';

type Terminal = { isTTY?: boolean; columns?: number };

/**
 * Columns the table may take: the terminal's when the report goes to one; else COLUMNS when the
 * user set it (`COLUMNS=240 rigsweep scan ... > table.txt`); else a width that reads in a pager.
 */
export function tableWidth(out: string | undefined, io: Io, env: NodeJS.ProcessEnv = process.env): number {
  const stdout = io.stdout as Terminal;
  if (!out && stdout.isTTY && stdout.columns && stdout.columns > 0) return stdout.columns;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : DEFAULT_TABLE_WIDTH;
}

/** True when the user reads a table report on the terminal stderr goes to: what it lists need not be repeated on stderr. */
export function reportOnTerminal(format: ReportFormat, out: string | undefined, io: Io): boolean {
  return format === 'table' && !out && (io.stdout as Terminal).isTTY === true && (io.stderr as Terminal).isTTY === true;
}

export async function writeReport(report: Report, format: ReportFormat, out: string | undefined, io: Io): Promise<void> {
  const text = renderReport(report, format, { width: tableWidth(out, io) });
  if (!out) {
    io.stdout.write(text);
    return;
  }
  const temporary = `${out}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, out);
}

/** The report options shared by scan and collect. */
export const REPORT_OPTIONS = {
  format: { type: 'string', short: 'f', default: 'table' },
  out: { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  owners: { type: 'string' },
} as const;

export function parseFormat(value: string | undefined): ReportFormat {
  if (!value || !(value in REPORT_FORMATS)) throw new UsageError(`unknown --format ${value}: use ${Object.keys(REPORT_FORMATS).join(', ')}`);
  return value as ReportFormat;
}

/** `--fail-on medium|high`, shared by the commands that report. */
export function parseFailOn(value: string | undefined): Level | undefined {
  if (value !== undefined && value !== 'medium' && value !== 'high') throw new UsageError(`--fail-on takes medium or high, not ${value}`);
  return value;
}

/** Whether a flagged (not dismissed) address reached the --fail-on level. */
export function reachesFailOn(report: Report, failOn: Level | undefined): boolean {
  return failOn !== undefined && report.hosts.some((h) => isStillFlagged(h) && LEVEL_ORDER[h.level] >= LEVEL_ORDER[failOn]);
}
