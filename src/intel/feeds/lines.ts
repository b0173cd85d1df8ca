/**
 * Line-oriented feeds read line by line with a bound on each line: no list, hosts or Zeek row
 * is anywhere near 4096 characters, so a longer one is junk (or an attempt to make some later
 * step slow) and is reported, not read.
 */
import type { ImportCollector } from './import-result';

export const MAX_LINE = 4096;

export interface FeedLine {
  /** 1-based. */
  number: number;
  /** Without the line break and a trailing CR. */
  text: string;
}

/**
 * Calls `visit` for every line of at most MAX_LINE characters (a leading BOM dropped); longer
 * lines are a problem and a row. Stops when the collector is full.
 */
export function eachLine(text: string, collector: ImportCollector, visit: (line: FeedLine) => void): void {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let number = 1; pos <= text.length && !collector.full; number++) {
    const newline = text.indexOf('\n', pos);
    const end = newline < 0 ? text.length : newline;
    const length = end - pos - (end > pos && text.charCodeAt(end - 1) === 13 ? 1 : 0);
    if (length > MAX_LINE) {
      collector.row();
      collector.problem(number, `line longer than ${MAX_LINE} characters: not read`);
    } else {
      const raw = text.slice(pos, end);
      visit({ number, text: raw.endsWith('\r') ? raw.slice(0, -1) : raw });
    }
    if (newline < 0) break;
    pos = newline + 1;
  }
}

/** How many lines a problem's line number may point at (for callers and tests). */
export function lineCount(text: string): number {
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
