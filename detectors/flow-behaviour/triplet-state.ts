/**
 * Everything a table holds about one triplet: what the judges read (TripletStats) with its
 * sessions as held, so another table can continue from it. The form a window part carries.
 */
import type { HeldSession } from './session-list';
import type { TripletStats } from './triplet-stats';

export interface TripletState extends Omit<TripletStats, 'sessions'> {
  /** One session: the triplet's only connection, spanning the triplet; more: the session list. */
  sessions: HeldSession[];
}
