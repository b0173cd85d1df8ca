/**
 * Threat-intel feeds in and out: importers turn mining blocklists, Zeek intel files, MISP
 * events and STIX bundles into `feed:<name>` facts; exporters write facts for Zeek, Suricata,
 * spreadsheets and rigsweep's own store. Importers never throw on what a feed holds: bad rows
 * are problems with their line, and the work is bounded (line length, nesting, fact count).
 * See README.md in this directory for what each format takes and skips.
 */
import type { IntelFact, NameFact } from '../fact';
import { exportCsv } from './csv';
import type { FeedImport, ImportOptions } from './import-result';
import { exportJsonl } from './jsonl';
import { importList } from './list';
import { importMisp } from './misp';
import { sniffFormat, type FeedFormat } from './sniff';
import { importStix } from './stix';
import { exportSuricataDataset, exportSuricataDatasetNames, exportSuricataIprep } from './suricata';
import { exportZeek, importZeek } from './zeek';

export type { FeedFormat } from './sniff';
export type { FeedImport, FeedProblem, ImportOptions } from './import-result';
export { DEFAULT_CONFIDENCE, MAX_FACTS } from './import-result';
export { MAX_LINE } from './lines';
export { parseFactLines, type FactLines } from './jsonl';
export { suricataCategories, iprepScore, DATASET_RANGE_LIMIT, MAX_IPREP_CATEGORY } from './suricata';
export { sniffFormat } from './sniff';

export const FEED_FORMATS: readonly FeedFormat[] = ['list', 'zeek', 'misp', 'stix'];

export function importFeed(text: string, format: FeedFormat | 'auto', options: ImportOptions): FeedImport {
  const sniffed = format === 'auto' ? sniffFormat(text) : { format, reading: undefined };
  switch (sniffed.format) {
    case 'list':
      return importList(text, options);
    case 'zeek':
      return importZeek(text, options);
    case 'misp':
      return importMisp(text, options, sniffed.reading);
    case 'stix':
      return importStix(text, options, sniffed.reading);
  }
}

export type ExportFormat = 'zeek' | 'suricata-dataset' | 'suricata-dataset-names' | 'suricata-iprep' | 'csv' | 'jsonl';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['zeek', 'suricata-dataset', 'suricata-dataset-names', 'suricata-iprep', 'csv', 'jsonl'];

export interface ExportOptions {
  /** suricata-iprep: the category id (1..60) the lines carry; default 1. */
  iprepCategory?: number;
}

/**
 * Facts as a file in `format`. Formats that have no place for names (the IP dataset, iprep) or
 * for addresses (the names dataset) leave them out.
 */
export function exportFacts(endpoints: readonly IntelFact[], names: readonly NameFact[], format: ExportFormat, options: ExportOptions = {}): string {
  switch (format) {
    case 'zeek':
      return exportZeek(endpoints, names);
    case 'suricata-dataset':
      return exportSuricataDataset(endpoints);
    case 'suricata-dataset-names':
      return exportSuricataDatasetNames(names);
    case 'suricata-iprep':
      return exportSuricataIprep(endpoints, options.iprepCategory ?? 1);
    case 'csv':
      return exportCsv(endpoints, names);
    case 'jsonl':
      return exportJsonl(endpoints, names);
  }
}
