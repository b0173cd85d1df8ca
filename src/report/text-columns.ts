/**
 * Plain-text tables for terminals: columns aligned, two spaces apart, no trailing blanks. Every
 * cell is escaped (cells hold wire and file text), and with a width the table fits it: the
 * columns named flexible give up columns, widest first, and are cut with "…".
 */
import { escapeControls } from '../text/controls';
import { clipToWidth, displayWidth, padToWidth } from './display-width';

const GAP = 2;
/** What a cut column keeps at the least: "ab…" still says something is there. */
const MIN_FLEXIBLE = 3;

export interface FlexibleColumn {
  column: number;
  /** Columns it keeps while the table can afford it (an endpoint's width for pools, say). */
  keep: number;
}

export interface Fit {
  /** Columns a line may take; lines never exceed it. */
  width: number;
  /**
   * The columns that may be cut to fit (free text), in the order they give up what they keep
   * when the table cannot afford it all; the other columns keep their width.
   */
  flexible: readonly FlexibleColumn[];
}

/**
 * Column widths within `fit.width`. Each flexible column has a floor (its `keep`, or less once
 * the table is too narrow for every floor, dropping floors in the given order); above the
 * floors, the largest common cap that fits (found by bisection: the total only grows with the
 * cap) cuts the widest columns first, and the columns one short share what is left.
 */
function fittedWidths(natural: readonly number[], fit: Fit): number[] {
  const gaps = GAP * (natural.length - 1);
  const floor = new Map(fit.flexible.map((f) => [f.column, Math.min(natural[f.column], Math.max(f.keep, MIN_FLEXIBLE))]));
  const total = (cap: number) => natural.reduce((sum, w, col) => sum + (floor.has(col) ? Math.min(w, Math.max(cap, floor.get(col)!)) : w), gaps);
  if (total(Infinity) <= fit.width) return [...natural];
  for (const { column } of fit.flexible) {
    if (total(0) <= fit.width) break;
    floor.set(column, Math.min(natural[column], MIN_FLEXIBLE));
  }
  let lo = 0;
  let hi = Math.max(...natural);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (total(mid) <= fit.width) lo = mid;
    else hi = mid - 1;
  }
  let spare = fit.width - total(lo);
  return natural.map((w, col) => {
    if (!floor.has(col)) return w;
    const capped = Math.min(w, Math.max(lo, floor.get(col)!));
    if (capped < w && spare > 0) {
      spare--;
      return capped + 1;
    }
    return capped;
  });
}

/** Aligned lines of `rows` (the first is the header); with `fit`, no line is wider than fit.width. */
export function alignColumns(rows: string[][], fit?: Fit): string[] {
  const cells = rows.map((r) => r.map(escapeControls));
  const natural = cells[0].map((_, col) => Math.max(...cells.map((r) => displayWidth(r[col] ?? ''))));
  const widths = fit ? fittedWidths(natural, fit) : natural;
  return cells.map((r) => {
    const line = r
      .map((cell, col) => {
        const clipped = clipToWidth(cell, widths[col]);
        return col === r.length - 1 ? clipped : padToWidth(clipped, widths[col]);
      })
      .join(' '.repeat(GAP))
      .trimEnd();
    // When even the fixed columns do not fit (a very narrow terminal), the line itself is cut.
    return fit ? clipToWidth(line, fit.width) : line;
  });
}
