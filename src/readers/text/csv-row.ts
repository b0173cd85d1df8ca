/**
 * Typed reads of one split CSV row, shared by the nfdump and configured-CSV readers. Each read
 * returns its value, or NaN / '' after noting the first column that did not parse; the caller
 * checks `failed` once per row and reports that column. The message is built only if the issue
 * is listed, so a file of garbage costs no string per row.
 */
import type { CsvFields } from './csv-fields';
import { addressAt } from './address-field';
import { parseDecimal, parsePort, parseUint, skipBlanks } from './byte-numbers';
import { protocolNumber } from './protocol-names';
import { tcpFlagBits } from './tcp-flag-text';

const T = 0x54;
const U = 0x55;
const C = 0x43;
const P = 0x50;
const D = 0x44;

/** The field's text for a message: at most 40 characters, control bytes escaped. */
export function fieldForMessage(buf: Buffer, start: number, end: number): string {
  const text = buf.toString('latin1', start, Math.min(end, start + 40));
  return JSON.stringify(end - start > 40 ? `${text}...` : text);
}

export class CsvRow {
  failed = false;
  private buf: Buffer = Buffer.alloc(0);
  private failedColumn = -1;
  private failedAs = '';

  constructor(
    private readonly fields: CsvFields,
    private readonly names: readonly string[],
  ) {}

  /** Starts a row: `fields` holds its split. */
  begin(buf: Buffer): void {
    this.buf = buf;
    this.failed = false;
  }

  /** "line N: column X ("text") is not a Y", for the first failed column of the row. */
  describeFailure(lineNo: number): string {
    const i = this.failedColumn;
    const name = this.names[i] ?? `#${i + 1}`;
    return `line ${lineNo}: column ${name} ${fieldForMessage(this.buf, this.fields.start(i), this.fields.end(i))} is not ${this.failedAs}`;
  }

  /** True when the field is empty or spaces: an optional column left unset. */
  isBlank(column: number): boolean {
    return skipBlanks(this.buf, this.fields.start(column), this.fields.end(column)) === this.fields.end(column);
  }

  address(column: number): string {
    const text = addressAt(this.buf, this.fields.start(column), this.fields.end(column));
    return text ?? (this.fail(column, 'an IP address'), '');
  }

  port(column: number): number {
    return this.check(column, parsePort(this.buf, this.fields.start(column), this.fields.end(column)), 'a port');
  }

  count(column: number): number {
    return this.check(column, parseUint(this.buf, this.fields.start(column), this.fields.end(column)), 'a count');
  }

  seconds(column: number): number {
    return this.check(column, parseDecimal(this.buf, this.fields.start(column), this.fields.end(column)), 'a number of seconds');
  }

  /** A protocol number or name; numbers, TCP and UDP are recognised without building a string. */
  protocol(column: number): number {
    const { buf } = this;
    const start = this.fields.start(column);
    const end = this.fields.end(column);
    if (end - start === 3) {
      if (buf[start] === T && buf[start + 1] === C && buf[start + 2] === P) return 6;
      if (buf[start] === U && buf[start + 1] === D && buf[start + 2] === P) return 17;
    }
    const number = parseUint(buf, start, end);
    if (number <= 255) return number;
    const n = end - start > 16 || !Number.isNaN(number) ? undefined : protocolNumber(buf.toString('latin1', start, end));
    return n ?? this.fail(column, 'an IP protocol');
  }

  tcpFlags(column: number): number {
    return this.check(column, tcpFlagBits(this.buf, this.fields.start(column), this.fields.end(column)), 'TCP flags');
  }

  /** A value parsed by the caller (e.g. a time), checked and noted like the others. */
  check(column: number, value: number, as: string): number {
    return Number.isNaN(value) ? this.fail(column, as) : value;
  }

  private fail(column: number, as: string): number {
    if (!this.failed) {
      this.failed = true;
      this.failedColumn = column;
      this.failedAs = as;
    }
    return NaN;
  }
}
