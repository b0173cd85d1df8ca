/**
 * What site-pattern already reported, so a sweep repeats a pattern only when it has grown, and
 * then counts only the growth (the store adds counts of evidence with the same dedup key).
 * Bounded: past the capacity the oldest entry is forgotten, and a pattern that outlives its entry
 * is reported afresh (its count then overstates, its facts stay right).
 */
export class ReportedSizes {
  private readonly sizes = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  /** The growth since the last report of this key (the whole size when new), or 0. */
  growth(key: string, size: number): number {
    const before = this.sizes.get(key) ?? 0;
    if (!(size > before)) return 0;
    this.sizes.delete(key);
    this.sizes.set(key, size);
    if (this.sizes.size > this.capacity) this.sizes.delete(this.sizes.keys().next().value as string);
    return size - before;
  }
}
