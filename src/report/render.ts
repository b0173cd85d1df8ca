import type { Report } from './model';
import { renderCsv } from './csv';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderTable, type TableOptions } from './table';

/** Every format takes the same options; only the table has a width to fit. */
export type RenderOptions = TableOptions;

export const REPORT_FORMATS: Record<'table' | 'json' | 'csv' | 'html', (report: Report, options?: RenderOptions) => string> = {
  table: renderTable,
  json: renderJson,
  csv: renderCsv,
  html: renderHtml,
};

export type ReportFormat = keyof typeof REPORT_FORMATS;

export function renderReport(report: Report, format: ReportFormat, options: RenderOptions = {}): string {
  return REPORT_FORMATS[format](report, options);
}
