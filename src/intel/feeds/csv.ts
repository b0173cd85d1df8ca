/**
 * One CSV table of endpoint and name facts for analysts and spreadsheets. Text fields are feed
 * text, so besides quoting (commas, quotes) they lose control characters, and a field a
 * spreadsheet would run as a formula (starting = + - @) is prefixed with a quote.
 */
import type { IntelFact, NameFact } from '../fact';
import { neutralise } from '../../text/clean';

export const CSV_COLUMNS = ['kind', 'address', 'port', 'verdict', 'source', 'confidence', 'pool', 'coin', 'name', 'first_seen', 'last_seen', 'expires'] as const;

function quote(text: string): string {
  return /[",]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Feed text: no control characters, no formula. */
function textField(value: string | undefined): string {
  if (value === undefined) return '';
  const clean = neutralise(value);
  return quote(/^[=+\-@]/.test(clean) ? `'${clean}` : clean);
}

function numberField(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '' : String(value);
}

/** ISO 8601 UTC from Unix seconds; empty when the date is not representable. */
export function isoDate(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

function dates(fact: { firstSeen: number; lastSeen: number; expiresAt: number }): string[] {
  return [isoDate(fact.firstSeen), isoDate(fact.lastSeen), isoDate(fact.expiresAt)];
}

export function exportCsv(endpoints: readonly IntelFact[], names: readonly NameFact[]): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const f of endpoints) {
    rows.push(
      [
        'endpoint',
        textField(f.address),
        numberField(f.port),
        textField(f.verdict),
        textField(f.source),
        numberField(f.confidence),
        textField(f.pool),
        textField(f.coin),
        textField(f.name),
        ...dates(f),
      ].join(','),
    );
  }
  for (const n of names) {
    rows.push(['name', '', '', '', textField(n.source), numberField(n.confidence), textField(n.pool), textField(n.coin), textField(n.name), ...dates(n)].join(','));
  }
  return `${rows.join('\n')}\n`;
}
