/**
 * goflow2 JSON lines: one flow per line, as goflow2 writes to stdout or a file. Field names of
 * both generations are accepted (goflow2-fields.ts). Counters of sampled flows are scaled up by
 * the sampling rate, so a 1-in-100 sample of 3 packets counts as 300, as it stands for them, and
 * the record carries the rate (`sampling`). goflow2 writes sampling_rate 0 when the exporter
 * stated none: then flowExport.samplingRate applies. A rate that is no rate (negative, past 2^31)
 * is an issue and the record is kept unscaled. A
 * line that is not a JSON object, or lacks a field rigsweep needs, is an issue; the rest goes on.
 */
import type { Config } from '../../config/schema';
import { exportToFlowRecord, type ExportRecord } from '../../flow/export-record';
import { isSamplingRate } from '../../flow/sampling';
import type { FormatReader } from '../format-reader';
import { addressText } from './address-field';
import { skipBlanks } from './byte-numbers';
import { firstLine } from './csv-fields';
import { lookup, numeric, TIME_SPELLINGS, type Field, type Json, type TimeUnit } from './goflow2-fields';
import { protocolNumber } from './protocol-names';
import { readTextExport, type LineParser, type TextExportContext } from './text-export-reader';
import { TextTimes } from './text-time';

const OPEN_BRACE = 0x7b;
const UNIT_SECONDS: Readonly<Record<TimeUnit, number>> = { s: 1, ms: 1e3, ns: 1e9 };

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasAddresses(object: Json): boolean {
  return lookup(object, 'src') !== undefined && lookup(object, 'dst') !== undefined;
}

export function looksLikeGoflow2Json(head: Buffer, _config?: Config): boolean {
  const line = firstLine(head.subarray(skipBlanks(head, 0, head.length)));
  if (line.length === 0 || line[0] !== OPEN_BRACE) return false;
  try {
    const value: unknown = JSON.parse(line.toString('utf8'));
    return isObject(value) && hasAddresses(value);
  } catch {
    // A first line longer than the head is cut off: judge it by its field names.
    const text = line.toString('utf8');
    return line.length === head.length && /"(src_addr|SrcAddr)"\s*:/.test(text) && /"(dst_addr|DstAddr)"\s*:/.test(text);
  }
}

/** Why a record cannot be used; thrown by the field getters, caught per line. */
class RecordProblem {
  constructor(
    readonly code: 'text.missing-field' | 'text.bad-field',
    readonly detail: string,
  ) {}
}

const missing = (detail: string) => new RecordProblem('text.missing-field', detail);
const bad = (name: string, value: unknown, as: string) => new RecordProblem('text.bad-field', `${name} ${shown(value)} is not ${as}`);

class Goflow2Lines implements LineParser {
  private readonly times = new TextTimes();
  private readonly unstatedRate: number;

  constructor(private readonly context: TextExportContext) {
    this.unstatedRate = context.config.flowExport.samplingRate;
  }

  line(buf: Buffer, start: number, end: number, lineNo: number): void {
    if (skipBlanks(buf, start, end) === end) return;
    let value: unknown;
    try {
      value = JSON.parse(buf.toString('utf8', start, end));
    } catch (e) {
      this.context.issue('text.bad-json', lineNo, () => `line ${lineNo} is not JSON: ${(e as Error).message.slice(0, 80)}`);
      return;
    }
    if (!isObject(value)) {
      this.context.issue('text.bad-json', lineNo, `line ${lineNo} is JSON but not an object`);
      return;
    }
    let record: ExportRecord;
    try {
      record = this.record(value, lineNo);
    } catch (e) {
      if (!(e instanceof RecordProblem)) throw e;
      this.context.issue(e.code, lineNo, () => `line ${lineNo}: ${e.detail}`);
      return;
    }
    this.context.emit(exportToFlowRecord(record, this.unstatedRate));
  }

  private record(object: Json, lineNo: number): ExportRecord {
    const first = this.time(object, 'start') ?? this.time(object, 'received');
    if (first === undefined) throw missing('no flow start or receive time');
    const sampling = this.sampling(object, lineNo);
    const scale = sampling !== undefined && sampling > 1 ? sampling : 1;
    const exporter = lookup(object, 'exporter');
    return {
      src: this.address(object, 'src'),
      dst: this.address(object, 'dst'),
      srcPort: this.port(object, 'srcPort'),
      dstPort: this.port(object, 'dstPort'),
      protocol: this.protocol(object),
      packets: this.counter(object, 'packets', true) * scale,
      bytes: this.counter(object, 'bytes', true) * scale,
      first,
      last: this.time(object, 'end') ?? first,
      tcpFlags: this.counter(object, 'tcpFlags', false) & 0xff,
      exporter: typeof exporter?.value === 'string' ? addressText(exporter.value) : undefined,
      sampling,
    };
  }

  /**
   * The stated rate; undefined when absent or 0 (none stated); 0 (stated, unusable: counters
   * unscaled, no fallback) with an issue for anything that is no 1-in-N rate.
   */
  private sampling(object: Json, lineNo: number): number | undefined {
    const found = lookup(object, 'samplingRate');
    if (found === undefined || found.value === null) return undefined;
    const n = numeric(found.value);
    if (n === 0) return undefined;
    if (isSamplingRate(n)) return n;
    this.context.issue('text.bad-sampling-rate', lineNo, () => `line ${lineNo}: ${found.name} ${shown(found.value)} is not a sampling rate (1 to 2^31); counters used unscaled`);
    return 0;
  }

  private address(object: Json, field: 'src' | 'dst'): string {
    const found = lookup(object, field);
    if (found === undefined) throw missing(`no ${field}_addr`);
    const text = typeof found.value === 'string' ? addressText(found.value) : undefined;
    if (text === undefined) throw bad(found.name, found.value, 'an IP address');
    return text;
  }

  private protocol(object: Json): number {
    const found = lookup(object, 'protocol');
    if (found === undefined) throw missing('no proto');
    const n = typeof found.value === 'string' ? protocolNumber(found.value) : found.value;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 255) return n;
    throw bad(found.name, found.value, 'an IP protocol');
  }

  /** Ports are 0 when absent: goflow2 leaves them out for protocols without ports. */
  private port(object: Json, field: 'srcPort' | 'dstPort'): number {
    const found = lookup(object, field);
    if (found === undefined) return 0;
    const n = numeric(found.value);
    if (Number.isInteger(n) && n <= 0xffff) return n;
    throw bad(found.name, found.value, 'a port');
  }

  private counter(object: Json, field: Field, required: boolean): number {
    const found = lookup(object, field);
    if (found === undefined) {
      if (required) throw missing(`no ${field}`);
      return 0;
    }
    const n = numeric(found.value);
    if (Number.isNaN(n)) throw bad(found.name, found.value, 'a count');
    return n;
  }

  /** Unix seconds, or undefined when absent or 0 (goflow2 writes 0 for a time it does not have). */
  private time(object: Json, which: keyof typeof TIME_SPELLINGS): number | undefined {
    for (const [name, unit] of TIME_SPELLINGS[which]) {
      const value = object[name];
      if (value === undefined || value === null) continue;
      const n = typeof value === 'string' && value.includes('-') ? this.dateTime(value) : numeric(value) / UNIT_SECONDS[unit];
      if (Number.isNaN(n)) throw bad(name, value, 'a time');
      return n > 0 ? n : undefined;
    }
    return undefined;
  }

  private dateTime(text: string): number {
    const bytes = Buffer.from(text, 'latin1');
    return this.times.dateTime(bytes, 0, bytes.length);
  }
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

export const readGoflow2Json: FormatReader = (source, config, sink) =>
  readTextExport(source, config, sink, (context) => new Goflow2Lines(context));
