/**
 * nfdump CSV (`nfdump -r FILE -o csv`): one unidirectional flow record per row, columns found by
 * header name (nfdump-columns.ts lists the layouts), the `Summary` block nfdump appends skipped,
 * a header repeated by concatenated files skipped, every other bad row an issue.
 *
 * Times: nfdump prints local time (it honours TZ) — see text-time.ts; run nfdump and rigsweep
 * under the same TZ, ideally TZ=UTC. 1.6-style rows give whole seconds for ts/te and
 * milliseconds for td; te is used when present, else ts + td.
 */
import type { Config } from '../../config/schema';
import { exportToFlowRecord, type ExportRecord } from '../../flow/export-record';
import type { FormatReader } from '../format-reader';
import { addressAt } from './address-field';
import { parseDecimal, skipBlanks } from './byte-numbers';
import { CsvFields, firstTextLine, headerNames, rowShapeProblem } from './csv-fields';
import { CsvRow } from './csv-row';
import { NFDUMP_16_HEADER, nfdumpColumns, type NfdumpColumns } from './nfdump-columns';
import { ExportHeaderError, readTextExport, type LineParser, type TextExportContext } from './text-export-reader';
import { TextTimes } from './text-time';

const DASH = 0x2d;
const SUMMARY = Buffer.from('Summary');
const SUMMARY_COLUMNS = Buffer.from('flows,');
/** Unix times above this are milliseconds (`-o csv-fast`): 10^11 s is the year 5138. */
const MILLISECOND_TIMES = 1e11;

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

function startsWith(buf: Buffer, start: number, end: number, prefix: Buffer): boolean {
  return end - start >= prefix.length && buf.compare(prefix, 0, prefix.length, start, start + prefix.length) === 0;
}

/** A date-time ("2021-09-27 00:01:02[.123]") or raw Unix time (seconds.fraction, or csv-fast milliseconds); NaN otherwise. */
function nfdumpTime(times: TextTimes, buf: Buffer, start: number, end: number): number {
  const at = skipBlanks(buf, start, end);
  if (end - at >= 19 && buf[at + 4] === DASH) return times.dateTime(buf, at, end);
  const raw = parseDecimal(buf, at, end);
  if (raw === 0) return NaN; // nfdump prints 0 for a time it does not have
  return raw > MILLISECOND_TIMES ? raw / 1000 : raw;
}

/** A header-less first row (`nfdump -q`) in the 48-column layout: a time, then addresses. */
function isHeaderlessRow(fields: CsvFields, buf: Buffer): boolean {
  if (fields.count !== NFDUMP_16_HEADER.length) return false;
  return (
    !Number.isNaN(nfdumpTime(new TextTimes(), buf, fields.start(0), fields.end(0))) &&
    addressAt(buf, fields.start(3), fields.end(3)) !== undefined &&
    addressAt(buf, fields.start(4), fields.end(4)) !== undefined
  );
}

/** The column layout a first line names (a header, or a header-less 48-column row), or the columns it lacks. */
function layoutOf(fields: CsvFields, buf: Buffer): { columns: NfdumpColumns; headerless: boolean } | { missing: string[] } {
  if (fields.count > 0 && isDigit(buf[skipBlanks(buf, fields.start(0), fields.end(0))]) && isHeaderlessRow(fields, buf)) {
    const implied = nfdumpColumns(NFDUMP_16_HEADER);
    if (implied.columns) return { columns: implied.columns, headerless: true };
  }
  const found = nfdumpColumns(headerNames(fields, buf));
  return found.columns ? { columns: found.columns, headerless: false } : { missing: found.missing };
}

export function looksLikeNfdumpCsv(head: Buffer, _config?: Config): boolean {
  const line = firstTextLine(head);
  if (line === undefined) return false;
  const fields = new CsvFields();
  if (fields.split(line, 0, line.length) < 2) return false;
  return 'columns' in layoutOf(fields, line);
}

class NfdumpLines implements LineParser {
  private columns: NfdumpColumns | undefined;
  private header: Buffer | undefined;
  /** Lines of nfdump's Summary block still to skip: its column line, then its values. */
  private summaryLines = 0;
  private readonly fields = new CsvFields();
  private row!: CsvRow;
  private readonly times = new TextTimes();
  private readonly record: ExportRecord = {
    src: '',
    dst: '',
    srcPort: 0,
    dstPort: 0,
    protocol: 0,
    packets: 0,
    bytes: 0,
    first: 0,
    last: 0,
    tcpFlags: 0,
    reversePackets: 0,
    reverseBytes: 0,
    reverseTcpFlags: 0,
    exporter: undefined,
  };

  constructor(private readonly context: TextExportContext) {}

  line(buf: Buffer, start: number, end: number, lineNo: number): void {
    if (skipBlanks(buf, start, end) === end) return;
    if (this.columns === undefined) {
      if (!this.readHeader(buf, start, end)) return;
    } else if (!isDigit(buf[start]) && this.skipsNonRow(buf, start, end)) {
      return;
    } else if (this.summaryLines > 0 && this.skipsSummary(buf, start, end)) {
      return;
    }
    this.readRow(buf, start, end, lineNo);
  }

  /** Takes the header; true when the line is a header-less row to be read as well. */
  private readHeader(buf: Buffer, start: number, end: number): boolean {
    this.fields.split(buf, start, end);
    const layout = layoutOf(this.fields, buf);
    if ('missing' in layout) {
      throw new ExportHeaderError(`not an nfdump CSV header: no column ${layout.missing.join(', ')}`);
    }
    this.columns = layout.columns;
    this.row = new CsvRow(this.fields, layout.columns.names);
    if (!layout.headerless) this.header = Buffer.from(buf.subarray(start, end));
    return layout.headerless;
  }

  /** The Summary line, or the header again (files concatenated): skipped. */
  private skipsNonRow(buf: Buffer, start: number, end: number): boolean {
    if (end - start === SUMMARY.length && startsWith(buf, start, end, SUMMARY)) {
      this.summaryLines = 2;
      return true;
    }
    const header = this.header;
    return header !== undefined && end - start === header.length && buf.compare(header, 0, header.length, start, end) === 0;
  }

  private skipsSummary(buf: Buffer, start: number, end: number): boolean {
    const expected = this.summaryLines;
    this.summaryLines = expected === 2 && startsWith(buf, start, end, SUMMARY_COLUMNS) ? 1 : 0;
    if (expected === 2) return this.summaryLines === 1;
    // The values: six counters.
    return this.fields.split(buf, start, end) === 6 && !Number.isNaN(parseDecimal(buf, this.fields.start(0), this.fields.end(0)));
  }

  private readRow(buf: Buffer, start: number, end: number, lineNo: number): void {
    const c = this.columns as NfdumpColumns;
    const { fields, row, record: r } = this;
    const n = fields.split(buf, start, end);
    if (n !== c.names.length) {
      this.context.issue('text.bad-row', lineNo, () => `line ${lineNo} ${rowShapeProblem(n, c.names.length)}`);
      return;
    }
    row.begin(buf);
    r.first = row.check(c.first, nfdumpTime(this.times, buf, fields.start(c.first), fields.end(c.first)), 'a time');
    r.last = this.lastSeen(buf, c, r.first);
    r.src = row.address(c.src);
    r.dst = row.address(c.dst);
    r.srcPort = row.port(c.srcPort);
    r.dstPort = row.port(c.dstPort);
    r.protocol = row.protocol(c.protocol);
    r.packets = row.count(c.packets);
    r.bytes = row.count(c.bytes);
    r.tcpFlags = c.flags < 0 ? 0 : row.tcpFlags(c.flags);
    r.reversePackets = c.outPackets < 0 ? 0 : row.count(c.outPackets);
    r.reverseBytes = c.outBytes < 0 ? 0 : row.count(c.outBytes);
    r.exporter = c.exporter < 0 ? undefined : this.exporter(buf, c.exporter);
    if (row.failed) {
      this.context.issue('text.bad-field', lineNo, () => row.describeFailure(lineNo));
      return;
    }
    // nfdump prints no sampling column (its csv and fmt outputs have none): the configured rate applies.
    this.context.emit(exportToFlowRecord(r, this.context.config.flowExport.samplingRate));
  }

  private lastSeen(buf: Buffer, c: NfdumpColumns, first: number): number {
    const { fields, row } = this;
    if (c.last >= 0) return row.check(c.last, nfdumpTime(this.times, buf, fields.start(c.last), fields.end(c.last)), 'a time');
    return c.duration < 0 ? first : first + row.seconds(c.duration);
  }

  /** The router that exported the record; nfdump prints 0.0.0.0 when it does not know. */
  private exporter(buf: Buffer, column: number): string | undefined {
    const address = addressAt(buf, this.fields.start(column), this.fields.end(column));
    return address === '0.0.0.0' || address === '::' ? undefined : address;
  }
}

export const readNfdumpCsv: FormatReader = (source, config, sink) =>
  readTextExport(source, config, sink, (context) => new NfdumpLines(context));
