/**
 * Narrowing of a detector's config section. The schema has validated it already, but a detector
 * trusts nothing it is handed. Defaults live in the schema only: a missing or malformed number
 * reads as NaN, every comparison with NaN is false, so a broken setting silences a signal instead
 * of inventing a threshold.
 */
export type Section = Readonly<Record<string, unknown>>;

export function sectionAt(section: Section | undefined, key: string): Section {
  const value = section?.[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Section) : {};
}

export function numberAt(section: Section | undefined, key: string): number {
  const value = section?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN;
}

/** A map capacity: a positive integer, or 0 (keep nothing) when the setting is unusable. */
export function capacityAt(section: Section | undefined, key: string): number {
  const value = numberAt(section, key);
  return Number.isInteger(value) && value > 0 ? value : 0;
}

export function booleanAt(section: Section | undefined, key: string): boolean {
  return section?.[key] === true;
}

export function portsAt(section: Section | undefined, key: string): ReadonlySet<number> {
  const value = section?.[key];
  const list = Array.isArray(value) ? value : [];
  return new Set(list.filter((p): p is number => typeof p === 'number' && Number.isInteger(p) && p >= 0 && p <= 65535));
}
