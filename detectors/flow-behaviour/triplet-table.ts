/**
 * The bounded table of triplets. A Map keeps insertion order, and a triplet is re-inserted on
 * every record, so the first entry is always the least recently active: past the capacity that
 * one is evicted and handed back, for the owner to judge before it is gone.
 */
import type { FlowRecord } from '../../src/detect/api';
import { addRecord, newTripletStats, recordSpan, tripletKey, type TripletStats } from './triplet-stats';

const TCP = 6;

export class TripletTable {
  private readonly triplets = new Map<string, TripletStats>();

  /**
   * @param capacity most triplets held at once
   * @param fineRecordSeconds records at most this long count toward the job-push signal
   */
  constructor(
    private readonly capacity: number,
    private readonly fineRecordSeconds: number,
  ) {}

  get size(): number {
    return this.triplets.size;
  }

  /** Adds a TCP record; returns the triplet evicted to make room, if any. */
  add(flow: FlowRecord): TripletStats | undefined {
    if (flow.protocol !== TCP || this.capacity <= 0) return undefined;
    const span = recordSpan(flow);
    if (!span) return undefined;
    const key = tripletKey(flow.client.ip, flow.server.ip, flow.server.port);
    const stats = this.triplets.get(key) ?? newTripletStats(flow, span);
    this.triplets.delete(key);
    this.triplets.set(key, stats);
    addRecord(stats, flow, span, this.fineRecordSeconds);
    if (this.triplets.size <= this.capacity) return undefined;
    const [oldestKey, oldest] = this.triplets.entries().next().value as [string, TripletStats];
    this.triplets.delete(oldestKey);
    return oldest;
  }

  values(): IterableIterator<TripletStats> {
    return this.triplets.values();
  }

  /** Forgets triplets idle for longer than the window (ended before now - windowSeconds). */
  forgetIdle(now: number, windowSeconds: number): void {
    if (!Number.isFinite(now) || !Number.isFinite(windowSeconds)) return;
    const horizon = now - windowSeconds;
    for (const [key, stats] of this.triplets) if (stats.lastSeen < horizon) this.triplets.delete(key);
  }
}
