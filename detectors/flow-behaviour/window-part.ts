/**
 * A triplet table's window as a part for scale-out: queue workers each run a detector over their
 * own input without sweeping and export the table; one run absorbs every part in input order and
 * sweeps. Shared by flow-behaviour and site-pattern, whose tables are the same module. README.md,
 * "Scale-out: window parts", says where the joined window equals one run over all inputs.
 */
import type { WindowPart } from '../../src/detect/api';
import { decodeRow, encodeRow } from './triplet-row';
import { NO_SLOT, type TripletTable } from './triplet-table';

/** Every held triplet as a row, least recently active first (the order absorbing replays). */
export function exportPart(table: TripletTable): WindowPart {
  const rows: unknown[] = [];
  let lastSeen = Number.NEGATIVE_INFINITY;
  for (const state of table.statesByActivity()) {
    rows.push(encodeRow(state));
    lastSeen = Math.max(lastSeen, state.lastSeen);
  }
  return { lastSeen: rows.length > 0 ? lastSeen : 0, rows };
}

/**
 * Folds a part into the table, row by row in the part's order, as if its records arrived after
 * those held. A row that is not one exportPart writes is skipped, never thrown about: parts come
 * from storage, and a corrupt one must not stop a sweep. Answers how many rows were skipped; a
 * part without a rows array counts as one. Each triplet evicted to make room is handed to
 * `onEvicted`, readable (statsAt) until the next row.
 */
export function absorbPart(table: TripletTable, part: unknown, onEvicted: (slot: number) => void = () => {}): number {
  const rows = typeof part === 'object' && part !== null ? (part as Partial<WindowPart>).rows : undefined;
  if (!Array.isArray(rows)) return 1;
  let skipped = 0;
  for (const row of rows) {
    let evicted: number;
    try {
      const state = decodeRow(row);
      if (!state) {
        skipped++;
        continue;
      }
      evicted = table.absorb(state);
    } catch {
      // Not expected of a row that decoded; counted with the malformed ones rather than thrown.
      skipped++;
      continue;
    }
    if (evicted !== NO_SLOT) onEvicted(evicted);
  }
  return skipped;
}
