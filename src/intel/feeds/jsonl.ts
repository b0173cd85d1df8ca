/**
 * rigsweep's own fact file: JSON lines, `{"kind":"endpoint",...IntelFact}` or
 * `{"kind":"name",...NameFact}`. It is the file store's format and an export, so writing and
 * reading back must give the very same facts: JSON escapes every control character (no line can
 * be split by a field), and -0, which JSON.stringify would write as 0, is written as -0.
 */
import { parseFact, parseNameFact, type IntelFact, type NameFact } from '../fact';
import type { FeedProblem } from './import-result';
import { excerpt } from '../../text/clean';

/** One flat object as JSON, numbers spelled so that JSON.parse gives them back exactly. */
function line(kind: 'endpoint' | 'name', fact: object): string {
  const parts = [`"kind":"${kind}"`];
  for (const [key, value] of Object.entries(fact)) {
    if (value === undefined || key === 'kind') continue;
    parts.push(`${JSON.stringify(key)}:${Object.is(value, -0) ? '-0' : JSON.stringify(value)}`);
  }
  return `{${parts.join(',')}}`;
}

export function exportJsonl(endpoints: readonly IntelFact[], names: readonly NameFact[]): string {
  const lines = [...endpoints.map((f) => line('endpoint', f)), ...names.map((n) => line('name', n))];
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

export interface FactLines {
  endpoints: IntelFact[];
  names: NameFact[];
  problems: FeedProblem[];
}

/** Reads a fact file back; every line validated, bad ones reported with their line number. */
export function parseFactLines(text: string): FactLines {
  const out: FactLines = { endpoints: [], names: [], problems: [] };
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((raw, i) => {
    const number = i + 1;
    const source = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (source.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch {
      out.problems.push({ line: number, reason: `not JSON: ${excerpt(source)}` });
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      out.problems.push({ line: number, reason: 'not a JSON object' });
      return;
    }
    const { kind, ...fact } = value as Record<string, unknown>;
    if (kind === 'endpoint') {
      const parsed = parseFact(fact);
      if ('error' in parsed) out.problems.push({ line: number, reason: `endpoint fact: ${parsed.error}` });
      else out.endpoints.push(parsed.fact);
    } else if (kind === 'name') {
      const parsed = parseNameFact(fact);
      if ('error' in parsed) out.problems.push({ line: number, reason: `name fact: ${parsed.error}` });
      else out.names.push(parsed.fact);
    } else {
      out.problems.push({ line: number, reason: `"kind" must be "endpoint" or "name", not ${excerpt(String(kind))}` });
    }
  });
  return out;
}
