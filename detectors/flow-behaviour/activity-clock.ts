/**
 * When each slot was last active, as ticks of one clock shared by both tiers of the table. Each
 * tier's RecencyList knows the order within it; a window part must also carry the order across
 * them, because a triplet on probation in one part may be established once parts are joined, and
 * its place among the established then follows its last activity. 32 bits per slot: ticks wrap,
 * and reading them as ages back from the current tick keeps the order right as long as no held
 * triplet sat idle through 2^32 records.
 */
export class ActivityClock {
  private readonly ticks: Uint32Array;
  private now = 0;

  constructor(slots: number) {
    this.ticks = new Uint32Array(slots);
  }

  /** Notes the slot as the most recently active. */
  stamp(slot: number): void {
    this.now = (this.now + 1) >>> 0;
    this.ticks[slot] = this.now;
  }

  /** Sorts the slots in place, least recently active first. */
  oldestFirst(slots: number[]): number[] {
    const age = (slot: number) => (this.now - this.ticks[slot]) >>> 0;
    return slots.sort((a, b) => age(b) - age(a));
  }
}
