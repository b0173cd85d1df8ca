/**
 * Numbers in window parts, which travel as JSON: JSON has no NaN, no infinities and no negative
 * zero (stringify writes null, null and 0), yet a table holds all of them (an odd client port, a
 * count summed past the largest double, a port of -0 that a text key remembers). Those few are
 * written as null or a short string, every other number as itself, so a part read back holds
 * exactly the numbers that were written.
 */
export type JsonNumber = number | null | 'Infinity' | '-Infinity' | '-0';

export function encodeNumber(value: number): JsonNumber {
  if (Number.isNaN(value)) return null;
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (Object.is(value, -0)) return '-0';
  return value;
}

/** The number a part holds at this place, or undefined when it holds something else. */
export function decodeNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value === null) return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (value === '-0') return -0;
  return undefined;
}
