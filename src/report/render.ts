import type { Report } from './model';
import { renderCsv } from './csv';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderTable } from './table';

export const REPORT_FORMATS = { table: renderTable, json: renderJson, csv: renderCsv, html: renderHtml } as const;

export type ReportFormat = keyof typeof REPORT_FORMATS;

export function renderReport(report: Report, format: ReportFormat): string {
  return REPORT_FORMATS[format](report);
}
