/**
 * Table slots from least to most recently active, as a doubly linked list in a typed array (a
 * slot's two links side by side): moving a triplet to the recent end on each record is a few
 * array writes, where re-inserting it into a Map would leave a deleted entry behind each time.
 */
import { NO_SLOT } from './triplet-keys';

const OLDER = 0;
const NEWER = 1;

export class RecencyList {
  /** Per slot: the slot active just before it, then the one just after (NO_SLOT at the ends). */
  private readonly links: Int32Array;
  private oldestSlot = NO_SLOT;
  private newestSlot = NO_SLOT;

  constructor(slots: number) {
    this.links = new Int32Array(slots * 2);
  }

  /** The least recently active slot, or NO_SLOT when empty. */
  oldest(): number {
    return this.oldestSlot;
  }

  /** The slot active next after this one, or NO_SLOT for the most recent. */
  newerThan(slot: number): number {
    return this.links[2 * slot + NEWER];
  }

  /** Adds a slot that is not in the list as the most recent. */
  append(slot: number): void {
    this.links[2 * slot + OLDER] = this.newestSlot;
    this.links[2 * slot + NEWER] = NO_SLOT;
    if (this.newestSlot === NO_SLOT) this.oldestSlot = slot;
    else this.links[2 * this.newestSlot + NEWER] = slot;
    this.newestSlot = slot;
  }

  /** Moves a slot of the list to the most recent end. */
  touch(slot: number): void {
    if (slot === this.newestSlot) return;
    this.remove(slot);
    this.append(slot);
  }

  remove(slot: number): void {
    const before = this.links[2 * slot + OLDER];
    const after = this.links[2 * slot + NEWER];
    if (before === NO_SLOT) this.oldestSlot = after;
    else this.links[2 * before + NEWER] = after;
    if (after === NO_SLOT) this.newestSlot = before;
    else this.links[2 * after + OLDER] = before;
  }
}
