/** Shared by the feed tests: import options, fixtures, and checks every import result must pass. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { intelFactSchema, nameFactSchema } from '../../../src/intel/fact';
import type { FeedImport, ImportOptions } from '../../../src/intel/feeds';

export const NOW = Date.parse('2024-03-01T00:00:00Z') / 1000;
export const TTL = 30 * 86_400;
export const OPTIONS: ImportOptions = { feedName: 'test-feed', now: NOW, ttlSeconds: TTL };

export function fixture(name: string): string {
  return readFileSync(join(__dirname, 'fixtures', name), 'utf8');
}

/** The fields every imported fact carries, for exact expectations. */
export function base(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { source: 'feed:test-feed', confidence: 0.7, firstSeen: NOW, lastSeen: NOW, expiresAt: NOW + TTL, ...extra };
}

export function endpoint(address: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { address, verdict: 'pool', ...base(extra) };
}

export function name(value: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: value, ...base(extra) };
}

/**
 * The line where the JSON object holding `needle` opens: found by reading the text, not by the
 * importer's own reader, so the two can disagree.
 */
export function objectLine(text: string, needle: string): number {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.includes(needle));
  if (at < 0) throw new Error(`${needle} not in the text`);
  for (let i = at; i >= 0; i--) if (lines[i].trim() === '{') return i + 1;
  throw new Error(`no object opens before ${needle}`);
}

export function lineCount(text: string): number {
  return text.split('\n').length;
}

/** Every fact when there are few; an even spread of `most` when there are many (zod and expect per fact are slow). */
function spread<T>(items: readonly T[], most: number): T[] {
  if (items.length <= most) return [...items];
  const step = items.length / most;
  return Array.from({ length: most }, (_, i) => items[Math.floor(i * step)]);
}

/** What holds for any import of any text. */
export function checkImport(result: FeedImport, text: string, mostFacts = 1000): void {
  const lines = lineCount(text);
  for (const problem of result.problems) {
    expect(Number.isInteger(problem.line)).toBe(true);
    expect(problem.line).toBeGreaterThanOrEqual(0);
    expect(problem.line).toBeLessThanOrEqual(lines);
    expect(problem.reason).not.toMatch(/[\u0000-\u001f\u2028\u2029]/);
  }
  for (const fact of spread(result.endpoints, mostFacts)) {
    expect(intelFactSchema.safeParse(fact).success).toBe(true);
    expect(fact.source).toBe('feed:test-feed');
    expect(fact.verdict).toBe('pool');
  }
  for (const fact of spread(result.names, mostFacts)) {
    expect(nameFactSchema.safeParse(fact).success).toBe(true);
    expect(fact.source).toBe('feed:test-feed');
  }
  expect(result.rows).toBeGreaterThanOrEqual(0);
  expect(result.skipped).toBeLessThanOrEqual(result.rows);
}
