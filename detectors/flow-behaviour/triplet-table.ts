/**
 * The bounded table of triplets: past the capacity one is evicted and handed back, for the owner
 * to judge before it is gone. Eviction is a segmented LRU: a triplet stays "on probation" until
 * one of its sessions has covered ESTABLISHED_SECONDS, and probation is always evicted first,
 * least recently active out first. On a busy exporter hundreds of thousands of one-record web
 * and DNS triplets arrive between two records of a mining session (one per active timeout); a
 * plain LRU let them push the session out before its second record, so it was never judged
 * long-lived. Triplets live in numbered
 * slots (keys, recency and totals are typed arrays indexed by slot), so holding one costs about
 * 135 bytes (105 without job pushes) and no object; the TripletStats object the judges read is
 * built only on request. For scale-out, a table hands out every triplet's state and folds in those
 * of other tables (window-part.ts), through the same admission and eviction as records.
 */
import type { FlowRecord } from '../../src/detect/api';
import { peerSample, type PeerSample } from './peer-context';
import { ActivityClock } from './activity-clock';
import { RecencyList } from './recency-list';
import { NO_SLOT, TripletKeys } from './triplet-keys';
import type { TripletState } from './triplet-state';
import type { TripletStats } from './triplet-stats';
import { TripletTotals } from './triplet-totals';

export { NO_SLOT } from './triplet-keys';

const TCP = 6;

/**
 * Session time after which a triplet leaves probation: a fifth of the long-lived threshold, long
 * past a page load or a DNS exchange, and reached by a mining session's first exported record.
 */
export const ESTABLISHED_SECONDS = 60;
const PROBATION = 0;
const ESTABLISHED = 1;

/**
 * Whether a client may be tracked. It reads the client only: a triplet's first record asks it,
 * and so does a triplet arriving from a window part, which has no record to show.
 */
export type Admits = (record: Pick<FlowRecord, 'client'>) => boolean;

/** What the owner already reported about a triplet: its code and record count at the time. */
export interface Reported {
  code: string;
  records: number;
}

export class TripletTable {
  private readonly keys: TripletKeys;
  /** Per tier, its slots from least to most recently active. */
  private readonly tiers: [RecencyList, RecencyList];
  private readonly tierOf: Uint8Array;
  private readonly activity: ActivityClock;
  private readonly totals: TripletTotals;
  private readonly reported = new Map<number, Reported>();
  /** Slots given back by eviction or forgetting, reused before fresh ones. */
  private readonly freeSlots: number[] = [];
  private freshSlot = 0;
  private held = 0;

  /**
   * @param capacity most triplets held at once
   * @param fineRecordSeconds records at most this long count toward the job-push signal;
   *   undefined when the owner does not judge job pushes (their figures then read 0)
   * @param admits whether a record's client may be tracked; asked of a triplet's first record
   *   only (it tests the client, which a triplet's numeric key fixes), so not once per record
   */
  constructor(
    private readonly capacity: number,
    fineRecordSeconds: number | undefined,
    private readonly admits: Admits = () => true,
  ) {
    // One slot past the capacity: a new triplet enters before the oldest leaves.
    const slots = capacity > 0 ? Math.ceil(capacity) + 1 : 1;
    this.keys = new TripletKeys(slots);
    this.tiers = [new RecencyList(slots), new RecencyList(slots)];
    this.tierOf = new Uint8Array(slots);
    this.activity = new ActivityClock(slots);
    this.totals = new TripletTotals(slots, fineRecordSeconds);
  }

  get size(): number {
    return this.held;
  }

  /**
   * Adds a TCP record. Answers the slot of the triplet evicted to make room, or NO_SLOT; the
   * evicted slot can still be read (statsAt, ...) until the next record is added.
   */
  addRecord(flow: FlowRecord): number {
    if (flow.protocol !== TCP || this.capacity <= 0) return NO_SLOT;
    const { firstSeen, lastSeen } = flow;
    if (!Number.isFinite(firstSeen) || !Number.isFinite(lastSeen)) return NO_SLOT;
    const first = firstSeen <= lastSeen ? firstSeen : lastSeen;
    const last = firstSeen <= lastSeen ? lastSeen : firstSeen;
    const found = this.keys.find(flow.client.ip, flow.server.ip, flow.server.port);
    // A held triplet's client was admitted, and a numeric key names exactly that client.
    const admitted = found !== NO_SLOT && !this.keys.foundByText();
    if (!admitted && !this.admits(flow)) return NO_SLOT;
    if (found !== NO_SLOT) {
      this.touch(found);
      this.totals.add(found, flow, first, last);
      this.promoteIfEstablished(found);
      return NO_SLOT;
    }
    const slot = this.enter();
    this.totals.start(slot, first, last, flow.client.port);
    this.totals.add(slot, flow, first, last);
    this.promoteIfEstablished(slot);
    return this.evictPastCapacity();
  }

  /**
   * Folds in a triplet exported by another table (window-part.ts), as if its records arrived now,
   * after those held: a held triplet is merged and becomes the most recently active, a new one
   * enters as a new record's triplet would. Answers the evicted slot, or NO_SLOT, as addRecord.
   */
  absorb(state: TripletState): number {
    if (this.capacity <= 0) return NO_SLOT;
    const found = this.keys.find(state.client, state.server, state.serverPort);
    const admitted = found !== NO_SLOT && !this.keys.foundByText();
    if (!admitted && !this.admits({ client: { ip: state.client, port: state.sessions[0].clientPort } })) return NO_SLOT;
    if (found !== NO_SLOT) {
      this.touch(found);
      this.totals.merge(found, state);
      this.promoteIfEstablished(found);
      return NO_SLOT;
    }
    const slot = this.enter();
    this.totals.adopt(slot, state);
    this.promoteIfEstablished(slot);
    return this.evictPastCapacity();
  }

  /**
   * Every held triplet's state, least recently active first across both tiers: absorbed in this
   * order, an empty table ends up with the same tiers in the same order.
   */
  *statesByActivity(): IterableIterator<TripletState> {
    const { keys } = this;
    for (const slot of this.activity.oldestFirst([...this.slots()])) {
      yield { client: keys.clientAt(slot), server: keys.serverAt(slot), serverPort: keys.serverPortAt(slot), ...this.totals.heldFiguresAt(slot) };
    }
  }

  private touch(slot: number): void {
    this.tiers[this.tierOf[slot]].touch(slot);
    this.activity.stamp(slot);
  }

  /** Takes a slot for the triplet of the latest find(), on probation and most recently active. */
  private enter(): number {
    const slot = this.takeSlot();
    this.keys.insert(slot);
    this.tierOf[slot] = PROBATION;
    this.tiers[PROBATION].append(slot);
    this.activity.stamp(slot);
    this.reported.delete(slot);
    this.held++;
    return slot;
  }

  /** Past the capacity: releases and answers the victim, probation first; else NO_SLOT. */
  private evictPastCapacity(): number {
    if (this.held <= this.capacity) return NO_SLOT;
    const onProbation = this.tiers[PROBATION].oldest();
    const victim = onProbation !== NO_SLOT ? onProbation : this.tiers[ESTABLISHED].oldest();
    this.release(victim);
    return victim;
  }

  private promoteIfEstablished(slot: number): void {
    if (this.tierOf[slot] === ESTABLISHED || this.totals.longestSessionSecondsAt(slot) < ESTABLISHED_SECONDS) return;
    this.tiers[PROBATION].remove(slot);
    this.tiers[ESTABLISHED].append(slot);
    this.tierOf[slot] = ESTABLISHED;
  }

  /** Adds a TCP record; returns the triplet evicted to make room, if any. */
  add(flow: FlowRecord): TripletStats | undefined {
    const evicted = this.addRecord(flow);
    return evicted === NO_SLOT ? undefined : this.statsAt(evicted);
  }

  /** Held slots: those on probation, then the established, each least recently active first. */
  *slots(): IterableIterator<number> {
    for (const tier of this.tiers) for (let slot = tier.oldest(); slot !== NO_SLOT; slot = tier.newerThan(slot)) yield slot;
  }

  /** Held triplets, least recently active first; with `where`, only the slots it accepts. */
  *values(where: (slot: number) => boolean = () => true): IterableIterator<TripletStats> {
    for (const slot of this.slots()) if (where(slot)) yield this.statsAt(slot);
  }

  statsAt(slot: number): TripletStats {
    const { keys } = this;
    return { client: keys.clientAt(slot), server: keys.serverAt(slot), serverPort: keys.serverPortAt(slot), ...this.totals.figuresAt(slot) };
  }

  /** The slot as one member of its endpoint's crowd (peer-context.ts). */
  peerSampleAt(slot: number): PeerSample {
    const { keys } = this;
    return peerSample(keys.clientAt(slot), keys.serverAt(slot), keys.serverPortAt(slot), this.totals.activityAt(slot));
  }

  serverPortAt(slot: number): number {
    return this.keys.serverPortAt(slot);
  }

  sessionSecondsAt(slot: number): number {
    return this.totals.sessionSecondsAt(slot);
  }

  longestSessionSecondsAt(slot: number): number {
    return this.totals.longestSessionSecondsAt(slot);
  }

  /** Whether no record has arrived since markJudged (false for a triplet never judged). */
  isJudged(slot: number): boolean {
    return this.totals.isJudged(slot);
  }

  markJudged(slot: number): void {
    this.totals.markJudged(slot);
  }

  reportedAt(slot: number): Reported | undefined {
    return this.reported.get(slot);
  }

  markReported(slot: number, reported: Reported): void {
    this.reported.set(slot, reported);
  }

  /** Forgets triplets idle for longer than the window (ended before now - windowSeconds). */
  forgetIdle(now: number, windowSeconds: number): void {
    if (!Number.isFinite(now) || !Number.isFinite(windowSeconds)) return;
    const horizon = now - windowSeconds;
    for (const tier of this.tiers) {
      for (let slot = tier.oldest(); slot !== NO_SLOT; ) {
        const newer = tier.newerThan(slot);
        if (this.totals.lastSeenAt(slot) < horizon) this.release(slot);
        slot = newer;
      }
    }
  }

  private takeSlot(): number {
    return this.freeSlots.pop() ?? this.freshSlot++;
  }

  /** Takes a triplet out of the table; its figures stay readable until the slot is taken again. */
  private release(slot: number): void {
    this.tiers[this.tierOf[slot]].remove(slot);
    this.keys.remove(slot);
    this.freeSlots.push(slot);
    this.held--;
  }
}
