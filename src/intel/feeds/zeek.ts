/**
 * Zeek Intel framework files: tab-separated, a `#fields` line naming the columns (in any
 * order), other `#` lines comments. Zeek itself needs `indicator` and `indicator_type`; the
 * `meta.*` columns are free text. Reading keeps ADDR, SUBNET and DOMAIN rows; the other types
 * (URL, FILE_HASH, EMAIL, CERT_HASH, ...) say nothing about pool endpoints and are skipped.
 */
import type { IntelFact, NameFact } from '../fact';
import { canonicalRange, readAddress } from './address';
import { readName } from './domain';
import type { FeedImport, ImportOptions } from './import-result';
import { ImportCollector } from './import-result';
import { eachLine } from './lines';
import { excerpt, neutralise } from '../../text/clean';

export const ZEEK_FIELDS = ['indicator', 'indicator_type', 'meta.source', 'meta.desc'] as const;

/** The line that makes a file a Zeek intel file (also how `auto` recognises one). */
export function isZeekHeader(line: string): boolean {
  return line === '#fields' || line.startsWith('#fields\t') || line.startsWith('#fields ');
}

interface Columns {
  count: number;
  indicator: number;
  type: number;
}

function readHeader(line: string): Columns | string {
  if (!line.includes('\t')) return 'the #fields line has no tabs: Zeek intel columns are tab-separated';
  const names = line.split('\t').slice(1);
  const indicator = names.indexOf('indicator');
  const type = names.indexOf('indicator_type');
  if (indicator < 0 || type < 0) return 'the #fields line names no indicator and indicator_type columns';
  return { count: names.length, indicator, type };
}

export function importZeek(text: string, options: ImportOptions): FeedImport {
  const collector = new ImportCollector(options);
  let columns: Columns | undefined;
  let headerProblem = 'no #fields line before this row';
  eachLine(text, collector, ({ number, text: line }) => {
    if (isZeekHeader(line)) {
      const header = readHeader(line);
      if (typeof header === 'string') {
        columns = undefined;
        headerProblem = `${header} (line ${number})`;
        collector.problem(number, header);
      } else {
        columns = header;
      }
      return;
    }
    if (line.startsWith('#') || line.trim() === '') return;
    collector.row();
    if (!columns) return collector.problem(number, headerProblem);
    const fields = line.split('\t');
    if (fields.length !== columns.count) {
      return collector.problem(number, `${fields.length} fields where the #fields line names ${columns.count}`);
    }
    const indicator = fields[columns.indicator].trim();
    const type = fields[columns.type].trim();
    if (type === 'Intel::ADDR' || type === 'Intel::SUBNET') {
      const address = readAddress(indicator);
      if (address.kind === 'problem') return collector.problem(number, `${type} ${excerpt(indicator)} ${address.reason}`);
      if (address.kind === 'skip') return collector.skip();
      const isRange = address.range.text.includes('/');
      if (type === 'Intel::ADDR' && isRange) return collector.problem(number, `Intel::ADDR ${excerpt(indicator)} is a range (Intel::SUBNET holds ranges)`);
      return collector.endpoint(address.range.text, number);
    }
    if (type === 'Intel::DOMAIN') {
      const name = readName(indicator);
      if (name.kind === 'problem') return collector.problem(number, `Intel::DOMAIN ${excerpt(indicator)} ${name.reason}`);
      return collector.name(name.name, number);
    }
    if (/^Intel::[A-Z0-9_]+$/.test(type)) return collector.skip();
    return collector.problem(number, `${excerpt(type)} is not a Zeek intel type (Intel::ADDR, Intel::DOMAIN, ...)`);
  });
  return collector.result();
}

/** A Zeek field: no tab or line break can split it, and Zeek reads an empty field as unset: `-`. */
function field(text: string | undefined): string {
  const clean = text === undefined ? '' : neutralise(text).trim();
  return clean === '' ? '-' : clean;
}

interface Row {
  indicator: string;
  type: string;
  source: string;
  pools: Set<string>;
  coins: Set<string>;
  ports: Set<number>;
}

function describe(row: Row): string {
  const parts: string[] = [];
  if (row.pools.size > 0) parts.push(`pool=${[...row.pools].join('|')}`);
  if (row.coins.size > 0) parts.push(`coin=${[...row.coins].join('|')}`);
  if (row.ports.size > 0) parts.push(`port=${[...row.ports].sort((a, b) => a - b).join(',')}`);
  return parts.join('; ');
}

/**
 * Pool endpoint facts and name facts as one Zeek intel file. Zeek keeps one meta record per
 * indicator and source (a second line from the same source replaces the first), and its intel
 * has no port: so facts about one address from one source become one line, their ports, pools
 * and coins listed in meta.desc. not-pool facts are never exported: Zeek intel only flags.
 */
export function exportZeek(endpoints: readonly IntelFact[], names: readonly NameFact[]): string {
  const rows = new Map<string, Row>();
  const add = (indicator: string, type: string, source: string, fact: { pool?: string; coin?: string; port?: number }) => {
    const key = `${indicator}\t${type}\t${source}`;
    let row = rows.get(key);
    if (!row) {
      row = { indicator, type, source, pools: new Set(), coins: new Set(), ports: new Set() };
      rows.set(key, row);
    }
    if (fact.pool) row.pools.add(fact.pool);
    if (fact.coin) row.coins.add(fact.coin);
    if (fact.port !== undefined) row.ports.add(fact.port);
  };
  for (const fact of endpoints) {
    if (fact.verdict !== 'pool') continue;
    const range = canonicalRange(fact.address);
    if (!range) continue;
    add(range.text, range.text.includes('/') ? 'Intel::SUBNET' : 'Intel::ADDR', `rigsweep:${fact.source}`, fact);
  }
  for (const fact of names) add(fact.name, 'Intel::DOMAIN', `rigsweep:${fact.source}`, fact);
  const lines = [`#fields\t${ZEEK_FIELDS.join('\t')}`];
  for (const row of rows.values()) lines.push([row.indicator, row.type, row.source, describe(row)].map(field).join('\t'));
  return `${lines.join('\n')}\n`;
}
