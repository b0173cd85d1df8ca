import type { FactValue } from '../../src/detect/api';
import type { TripletStats } from '../flow-behaviour/triplet-stats';

/** A site pattern found in one sweep, before it becomes evidence. */
export interface SiteFinding {
  code: string;
  /** The triplet whose client is accountable and whose server is the peer. */
  triplet: TripletStats;
  /** How big the pattern is (sessions or clients): reported again only when it grows. */
  size: number;
  facts: Record<string, FactValue>;
  /** Overrides the per-peer dedup key where the pattern is about the address as a whole. */
  dedupKey?: string;
}
