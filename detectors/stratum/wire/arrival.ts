import type { PayloadHead } from '../../../src/detect/api';

/**
 * When the byte at `offset` arrived: the time of the last mark at or before it. Marks are sorted
 * by offset (the reassembler appends them in stream order), so a binary search is enough.
 */
export function arrivalTime(marks: PayloadHead['marks'], offset: number, fallback: number): number {
  let lo = 0;
  let hi = marks.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (marks[mid].offset <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  const time = found >= 0 ? marks[found].time : marks[0]?.time;
  return typeof time === 'number' && Number.isFinite(time) ? time : fallback;
}
