/**
 * Running counts (records, packets, bytes) per table slot, in half the memory of doubles: each
 * count sits in 32 bits while it is a whole number below 2^32, which is every count of every
 * ordinary triplet. A count that would leave that range (a fraction, a very busy triplet) moves
 * its slot's counts to doubles, so every sum stays exactly what adding doubles gives.
 */
/** A record's counter as an amount to add: negative or not a number, it counts as 0. */
export const counter = (value: number) => (Number.isFinite(value) && value > 0 ? value : 0);

export class ExactCounts {
  private readonly narrow: Uint32Array;
  /** Slots whose counts left 32 bits, with all their counts as doubles. */
  private readonly wide = new Map<number, Float64Array>();

  /** @param fields counts per slot */
  constructor(
    slots: number,
    private readonly fields: number,
  ) {
    this.narrow = new Uint32Array(slots * fields);
  }

  /** Sets a slot's counts to 0. */
  reset(slot: number): void {
    // A loop: fill() costs more than the few writes it would save here.
    for (let at = slot * this.fields, end = at + this.fields; at < end; at++) this.narrow[at] = 0;
    if (this.wide.size > 0) this.wide.delete(slot);
  }

  get(slot: number, field: number): number {
    const wide = this.wide.size > 0 ? this.wide.get(slot) : undefined;
    return wide ? wide[field] : this.narrow[slot * this.fields + field];
  }

  /** Adds a finite, non-negative amount. */
  add(slot: number, field: number, amount: number): void {
    const wide = this.wide.size > 0 ? this.wide.get(slot) : undefined;
    if (wide) {
      wide[field] += amount;
      return;
    }
    const at = slot * this.fields + field;
    // Exact as a double: a count below 2^32 plus a finite amount.
    const sum = this.narrow[at] + amount;
    if (sum >>> 0 === sum) this.narrow[at] = sum;
    else this.widen(slot)[field] = sum;
  }

  private widen(slot: number): Float64Array {
    const start = slot * this.fields;
    const wide = Float64Array.from(this.narrow.subarray(start, start + this.fields));
    this.wide.set(slot, wide);
    return wide;
  }
}
