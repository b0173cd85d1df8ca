/**
 * A CSV flow export described by the operator (`mappedCsv` in the config): which header names
 * hold the addresses, ports, protocol, counters and times, how times are written, the delimiter.
 * Quoted fields are allowed. The file is recognised only when a mapping is configured and the
 * header holds every column it names.
 */
import type { Config } from '../../config/schema';
import { exportToFlowRecord, type ExportRecord } from '../../flow/export-record';
import type { FormatReader } from '../format-reader';
import { parseDecimal, skipBlanks } from './byte-numbers';
import { CsvFields, firstTextLine, headerNames, rowShapeProblem } from './csv-fields';
import { CsvRow } from './csv-row';
import { ExportHeaderError, readTextExport, type LineParser, type TextExportContext } from './text-export-reader';
import { TextTimes } from './text-time';

type Mapping = NonNullable<Config['mappedCsv']['columns']>;
type Role = keyof Mapping;
type Columns = Record<Role, number>;

function splitter(settings: Config['mappedCsv']): CsvFields {
  return new CsvFields(512, settings.delimiter.charCodeAt(0), true);
}

/** Column index per configured role (-1 for roles not configured), or the configured names the header lacks. */
function resolve(mapping: Mapping, names: readonly string[]): { columns: Columns } | { missing: string[] } {
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    const key = name.toLowerCase();
    if (!index.has(key)) index.set(key, i);
  });
  const columns = {} as Columns;
  const missing: string[] = [];
  for (const role of Object.keys(mapping) as Role[]) {
    const name = mapping[role];
    if (name === undefined) continue;
    const i = index.get(name.trim().toLowerCase());
    if (i === undefined) missing.push(name);
    columns[role] = i ?? -1;
  }
  for (const role of ['end', 'durationSeconds', 'tcpFlags', 'reversePackets', 'reverseBytes', 'exporter'] as const) {
    if (columns[role] === undefined) columns[role] = -1;
  }
  return missing.length > 0 ? { missing } : { columns };
}

export function looksLikeMappedCsv(head: Buffer, config?: Config): boolean {
  const settings = config?.mappedCsv;
  const mapping = settings?.columns;
  if (settings === undefined || mapping === undefined) return false;
  const line = firstTextLine(head);
  if (line === undefined) return false;
  const fields = splitter(settings);
  if (fields.split(line, 0, line.length) < 2) return false;
  return 'columns' in resolve(mapping, headerNames(fields, line));
}

class MappedLines implements LineParser {
  private columns: Columns | undefined;
  private width = 0;
  private readonly fields: CsvFields;
  private row!: CsvRow;
  private readonly times = new TextTimes();
  private readonly settings: Config['mappedCsv'];

  constructor(private readonly context: TextExportContext) {
    this.settings = context.config.mappedCsv;
    this.fields = splitter(this.settings);
  }

  line(buf: Buffer, start: number, end: number, lineNo: number): void {
    if (skipBlanks(buf, start, end) === end) return;
    if (this.columns === undefined) {
      this.readHeader(buf, start, end);
      return;
    }
    const n = this.fields.split(buf, start, end);
    if (n !== this.width) {
      this.context.issue('text.bad-row', lineNo, () => `line ${lineNo} ${rowShapeProblem(n, this.width)}`);
      return;
    }
    this.readRow(buf, lineNo);
  }

  private readHeader(buf: Buffer, start: number, end: number): void {
    const mapping = this.settings.columns;
    if (mapping === undefined) throw new ExportHeaderError('no mappedCsv.columns in the config');
    this.fields.split(buf, start, end);
    const names = headerNames(this.fields, buf);
    const found = resolve(mapping, names);
    if ('missing' in found) throw new ExportHeaderError(`the CSV header has no column ${found.missing.join(', ')} (mappedCsv.columns)`);
    this.columns = found.columns;
    this.width = names.length;
    this.row = new CsvRow(this.fields, names);
  }

  private readRow(buf: Buffer, lineNo: number): void {
    const c = this.columns as Columns;
    const row = this.row;
    row.begin(buf);
    const first = row.check(c.start, this.time(buf, c.start), 'a time');
    const record: ExportRecord = {
      src: row.address(c.srcAddr),
      dst: row.address(c.dstAddr),
      srcPort: row.port(c.srcPort),
      dstPort: row.port(c.dstPort),
      protocol: row.protocol(c.protocol),
      packets: row.count(c.packets),
      bytes: row.count(c.bytes),
      first,
      last: c.end >= 0 ? row.check(c.end, this.time(buf, c.end), 'a time') : c.durationSeconds >= 0 ? first + row.seconds(c.durationSeconds) : first,
      tcpFlags: this.given(c.tcpFlags) ? row.tcpFlags(c.tcpFlags) : 0,
      reversePackets: this.given(c.reversePackets) ? row.count(c.reversePackets) : 0,
      reverseBytes: this.given(c.reverseBytes) ? row.count(c.reverseBytes) : 0,
      exporter: this.given(c.exporter) ? row.address(c.exporter) : undefined,
    };
    if (row.failed) {
      this.context.issue('text.bad-field', lineNo, () => row.describeFailure(lineNo));
      return;
    }
    // No sampling column is mapped: the configured rate (flowExport.samplingRate) applies.
    this.context.emit(exportToFlowRecord(record, this.context.config.flowExport.samplingRate));
  }

  /** An optional column that is mapped and not left blank on this row. */
  private given(column: number): boolean {
    return column >= 0 && !this.row.isBlank(column);
  }

  private time(buf: Buffer, column: number): number {
    const start = this.fields.start(column);
    const end = this.fields.end(column);
    switch (this.settings.timeFormat) {
      case 'iso':
        return this.times.dateTime(buf, start, end);
      case 'unix-seconds':
        return parseDecimal(buf, start, end);
      case 'unix-milliseconds':
        return parseDecimal(buf, start, end) / 1000;
    }
  }
}

export const readMappedCsv: FormatReader = (source, config, sink) =>
  readTextExport(source, config, sink, (context) => new MappedLines(context));
