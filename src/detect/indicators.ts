/**
 * Loads the indicator lists (pool domains, pool endpoints) named in the config. CSV with a
 * fixed header; fields may be quoted ("a, b" and "" for a quote); lines starting with # and
 * blank lines are skipped. A bad row is an error naming its file and line: a list that loads
 * half-silently would make the detectors quietly blind.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Indicators, PoolDomainIndicator, PoolEndpointIndicator } from './api';
import { parseCidr } from '../flow/ip';

export class IndicatorFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${detail}` : `${file}: ${detail}`);
    this.name = 'IndicatorFileError';
  }
}

/** Malformed CSV (an unterminated quote), with the line the broken record starts on. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
    this.name = 'CsvSyntaxError';
  }
}

export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  fields: string[];
}

/** Splits CSV text into records; throws CsvSyntaxError for an unterminated quote. */
export function parseCsvRecords(text: string): CsvRecord[] {
  const src = text.replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  let pos = 0;
  let line = 1;
  while (pos < src.length) {
    const newline = src.indexOf('\n', pos);
    const lineText = src.slice(pos, newline < 0 ? src.length : newline);
    if (lineText.trim() === '' || lineText.trimStart().startsWith('#')) {
      pos = newline < 0 ? src.length : newline + 1;
      line++;
      continue;
    }
    const record = readRecord(src, pos, line);
    records.push({ line, fields: record.fields });
    pos = record.next;
    line = record.nextLine;
  }
  return records;
}

/** One record from `pos`: quoted fields may hold commas, doubled quotes and line breaks. */
function readRecord(src: string, pos: number, line: number): { fields: string[]; next: number; nextLine: number } {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let currentLine = line;
  for (let i = pos; ; i++) {
    const c = src[i];
    if (quoted) {
      if (c === undefined) throw new CsvSyntaxError(line, 'unterminated quoted field');
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
        if (c === '\n') currentLine++;
      }
    } else if (c === undefined || c === '\n') {
      fields.push(field.trim());
      return { fields, next: i + 1, nextLine: currentLine + 1 };
    } else if (c === ',') {
      fields.push(field.trim());
      field = '';
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c !== '\r') {
      field += c;
    }
  }
}

const text = z.string().min(1, 'must not be empty');
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

const domainRow = z.strictObject({
  suffix: z
    .string()
    .transform((s) => s.toLowerCase())
    .refine((s) => s.length <= 253 && s.split('.').length >= 2 && s.split('.').every((l) => DOMAIN_LABEL.test(l)), {
      message: 'is not a domain name of two or more labels (no wildcards, no leading dot)',
    }),
  pool: text,
  coin: text,
  source: text,
});

/** parseCidr reads "10.0.0.0/" as /0 and ignores a second "/", so the shape is checked first. */
export function isRange(s: string): boolean {
  if (!/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(s)) return false;
  try {
    parseCidr(s);
    return true;
  } catch {
    return false;
  }
}

const endpointRow = z.strictObject({
  address: z.string().refine(isRange, { message: 'is not an IP address or CIDR range' }),
  port: z
    .string()
    .refine((s) => s === '' || (/^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= 65535), { message: 'is not a port (1-65535) or empty' })
    .transform((s) => (s === '' ? undefined : Number(s))),
  pool: text,
  coin: text,
  source: text,
  seen: z
    .string()
    .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
      message: 'is not an ISO date (YYYY-MM-DD)',
    }),
});

export const POOL_DOMAIN_COLUMNS = ['suffix', 'pool', 'coin', 'source'] as const;
export const POOL_ENDPOINT_COLUMNS = ['address', 'port', 'pool', 'coin', 'source', 'seen'] as const;

/** A strict CSV table: the header must be `columns`, each row valid by `row`, else IndicatorFileError naming file:line. */
export function parseIndicatorTable<T>(csv: string, file: string, columns: readonly string[], row: z.ZodType<T>): T[] {
  let records: CsvRecord[];
  try {
    records = parseCsvRecords(csv);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new IndicatorFileError(file, e.line, e.detail);
    throw e;
  }
  const [header, ...rows] = records;
  if (!header || header.fields.join(',') !== columns.join(',')) {
    throw new IndicatorFileError(file, header?.line ?? 0, `the header must be "${columns.join(',')}"`);
  }
  return rows.map(({ line, fields }) => {
    if (fields.length !== columns.length) {
      throw new IndicatorFileError(file, line, `expected ${columns.length} fields (${columns.join(',')}), found ${fields.length}`);
    }
    const parsed = row.safeParse(Object.fromEntries(columns.map((c, i) => [c, fields[i]])));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const column = String(issue.path[0]);
      const value = fields[columns.indexOf(column)];
      throw new IndicatorFileError(file, line, `${column} ${JSON.stringify(value)} ${issue.message}`);
    }
    return parsed.data;
  });
}

export function parsePoolDomainsCsv(csv: string, file = '<pool-domains>'): PoolDomainIndicator[] {
  return parseIndicatorTable(csv, file, POOL_DOMAIN_COLUMNS, domainRow);
}

export function parsePoolEndpointsCsv(csv: string, file = '<pool-endpoints>'): PoolEndpointIndicator[] {
  return parseIndicatorTable(csv, file, POOL_ENDPOINT_COLUMNS, endpointRow).map(({ port, ...rest }) =>
    port === undefined ? rest : { ...rest, port },
  );
}

export function readIndicatorText(file: string, what = 'the indicator list'): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new IndicatorFileError(file, 0, `cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** Reads every listed file, in order (earlier files win where detectors deduplicate). */
export function loadIndicators(files: { poolDomains: readonly string[]; poolEndpoints: readonly string[] }): Indicators {
  return {
    poolDomains: files.poolDomains.flatMap((f) => parsePoolDomainsCsv(readIndicatorText(f), f)),
    poolEndpoints: files.poolEndpoints.flatMap((f) => parsePoolEndpointsCsv(readIndicatorText(f), f)),
  };
}
