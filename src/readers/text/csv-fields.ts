/**
 * Splits one CSV line (bytes) into field boundaries without allocating: field i is
 * buf[start(i), end(i)). Quoted fields (RFC 4180) are optional: their boundaries exclude the
 * quotes, and a doubled quote inside stays as two bytes — rigsweep only reads addresses, numbers,
 * times and short names from CSV, none of which may contain a quote, so a field holding one is
 * simply a field that does not parse. A quoted field cannot span lines (a line is a record).
 */

const QUOTE = 0x22;

/** What `split` returns instead of a field count when the line is not a CSV record. */
export const TOO_MANY_FIELDS = -1;
export const BROKEN_QUOTES = -2;

export class CsvFields {
  count = 0;
  /** Quoted mode only: where each field's content starts (plain fields start after the previous end). */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private lineStart = 0;

  constructor(
    /** Lines with more fields than this are rejected (nfdump's widest layout has ~50). */
    readonly maxFields = 512,
    readonly delimiter = 0x2c,
    readonly quoted = false,
  ) {
    this.starts = new Int32Array(quoted ? maxFields : 0);
    this.ends = new Int32Array(maxFields);
  }

  start(i: number): number {
    return this.quoted ? this.starts[i] : i === 0 ? this.lineStart : this.ends[i - 1] + 1;
  }

  end(i: number): number {
    return this.ends[i];
  }

  /** Field boundaries of buf[start, end); the number of fields, or TOO_MANY_FIELDS / BROKEN_QUOTES. */
  split(buf: Buffer, start: number, end: number): number {
    return this.quoted ? this.splitQuoted(buf, start, end) : this.splitPlain(buf, start, end);
  }

  /**
   * The hot loop of every CSV row: unrolled by eight, which halves its time in V8. Stores past
   * the array's end are dropped by the typed array, so the field limit is checked once, after.
   */
  private splitPlain(buf: Buffer, start: number, end: number): number {
    const { ends, delimiter: d } = this;
    let n = 0;
    let i = start;
    for (const last8 = end - 7; i < last8; i += 8) {
      if (buf[i] === d) ends[n++] = i;
      if (buf[i + 1] === d) ends[n++] = i + 1;
      if (buf[i + 2] === d) ends[n++] = i + 2;
      if (buf[i + 3] === d) ends[n++] = i + 3;
      if (buf[i + 4] === d) ends[n++] = i + 4;
      if (buf[i + 5] === d) ends[n++] = i + 5;
      if (buf[i + 6] === d) ends[n++] = i + 6;
      if (buf[i + 7] === d) ends[n++] = i + 7;
    }
    for (; i < end; i++) if (buf[i] === d) ends[n++] = i;
    if (n >= this.maxFields) return (this.count = TOO_MANY_FIELDS);
    ends[n++] = end;
    this.lineStart = start;
    return (this.count = n);
  }

  private splitQuoted(buf: Buffer, start: number, end: number): number {
    const { starts, ends, delimiter, maxFields } = this;
    let n = 0;
    let i = start;
    for (;;) {
      if (n === maxFields) return (this.count = TOO_MANY_FIELDS);
      if (i < end && buf[i] === QUOTE) {
        const close = closingQuote(buf, i + 1, end);
        if (close < 0) return (this.count = BROKEN_QUOTES);
        starts[n] = i + 1;
        ends[n++] = close;
        i = close + 1;
        if (i === end) break;
        if (buf[i] !== delimiter) return (this.count = BROKEN_QUOTES);
        i++;
      } else {
        let j = i;
        while (j < end && buf[j] !== delimiter) j++;
        starts[n] = i;
        ends[n++] = j;
        if (j === end) break;
        i = j + 1;
      }
    }
    return (this.count = n);
  }
}

/** The quote closing a field whose content starts at `from` ("" is an escaped quote), or -1. */
function closingQuote(buf: Buffer, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    if (buf[i] !== QUOTE) continue;
    if (i + 1 < end && buf[i + 1] === QUOTE) i++;
    else return i;
  }
  return -1;
}

/** Why a row whose split gave `n` is not a record of a header `width` fields wide. */
export function rowShapeProblem(n: number, width: number): string {
  if (n === BROKEN_QUOTES) return 'has broken quoting';
  return `has ${n === TOO_MANY_FIELDS ? 'too many' : n} fields, the header has ${width}`;
}

/** Header names: trimmed, a UTF-8 byte-order mark dropped (spreadsheets write one). */
export function headerNames(fields: CsvFields, buf: Buffer): string[] {
  const names: string[] = [];
  for (let i = 0; i < fields.count; i++) names.push(buf.toString('utf8', fields.start(i), fields.end(i)).replace(/^\uFEFF/, '').trim());
  return names;
}

/** The first line of a head of a file (the whole head when it holds no newline), without "\r". */
export function firstLine(head: Buffer): Buffer {
  const newline = head.indexOf(0x0a);
  const line = newline < 0 ? head : head.subarray(0, newline);
  return line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, line.length - 1) : line;
}

/** The first line of a head when it is text (no control bytes but tabs): what a CSV header is. */
export function firstTextLine(head: Buffer): Buffer | undefined {
  const line = firstLine(head);
  for (const byte of line) if (byte < 0x20 && byte !== 0x09) return undefined;
  return line;
}
