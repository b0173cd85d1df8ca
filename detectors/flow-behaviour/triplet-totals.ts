/**
 * The running totals of every triplet in the table, in typed arrays indexed by slot: no object
 * per triplet, nothing for the garbage collector to trace. Times are doubles; counts take 32 bits
 * (ExactCounts). A triplet is one connection (one client port) nearly always: that session is
 * kept in the slot's numbers, and only a second client port turns it into a SessionList. A
 * triplet's state from a window part (another table's export) is folded in like a batch of
 * records arriving after those held (adopt, merge).
 */
import type { FlowRecord } from '../../src/detect/api';
import { activityOf, ActivityBins, type Activity } from './activity-bins';
import { counter, ExactCounts } from './exact-counts';
import { NO_PUSH_FIGURES, ServerPushes } from './server-pushes';
import { absorbSessions, sessionIn, spanOf, spanTotal, type HeldSession, type SessionList, type SessionSpan } from './session-list';
import type { TripletState } from './triplet-state';
import { FLAG, REPORTED_FLAGS, type TripletStats } from './triplet-stats';

// Where each time sits in a slot's row of `times`.
const FIRST_SEEN = 0;
const LAST_SEEN = 1;
/** Client port of the only session (a triplet without a SessionList): any number a record holds. */
const CLIENT_PORT = 2;
const TIMES = 3;

// Which of a slot's counts is which.
const RECORDS = 0;
const TO_SERVER_PACKETS = 1;
const TO_SERVER_BYTES = 2;
const TO_CLIENT_PACKETS = 3;
const TO_CLIENT_BYTES = 4;
const FLAGGED_RECORDS = 5;
const ACK_PSH_RECORDS = 6;
const COUNTS = 7;

// Where each small mark sits in a slot's row of `marks`.
/** OR of the reported TCP flags of every record. */
const FLAGS = 0;
/** Index into sourceNames (FlowRecord['source'] has two values) of the latest record's source. */
const SOURCE = 1;
/** 1 while no record has arrived since the owner last judged the triplet. */
const JUDGED = 2;
const MARKS = 3;

const ACK_PSH = FLAG.ACK | FLAG.PSH;

/** The figures of a triplet without its identity (the keys know the addresses and port). */
export type TripletFigures = Omit<TripletStats, 'client' | 'server' | 'serverPort'>;
/** The same with the sessions as held: what a window part carries. */
export type HeldFigures = Omit<TripletState, 'client' | 'server' | 'serverPort'>;

export class TripletTotals {
  private readonly times: Float64Array;
  private readonly counts: ExactCounts;
  private readonly marks: Uint8Array;
  private readonly sourceNames: Array<FlowRecord['source']> = [];
  private readonly lists = new Map<number, SessionList>();
  private readonly pushes: ServerPushes | undefined;
  private readonly activity: ActivityBins;

  /**
   * Typed arrays are allocated whole but committed page by page as slots are first used, so a
   * large capacity costs memory only for the triplets actually held.
   * @param fineRecordSeconds records at most this long count toward the job-push signal;
   *   undefined: job pushes are not tracked (their figures read 0)
   */
  constructor(slots: number, fineRecordSeconds: number | undefined) {
    this.times = new Float64Array(slots * TIMES);
    this.counts = new ExactCounts(slots, COUNTS);
    this.marks = new Uint8Array(slots * MARKS);
    this.pushes = fineRecordSeconds === undefined ? undefined : new ServerPushes(slots, fineRecordSeconds);
    this.activity = new ActivityBins(slots);
  }

  /** Empties a slot for a new triplet whose first record spans first..last. */
  start(slot: number, first: number, last: number, clientPort: number): void {
    const row = slot * TIMES;
    this.times[row + FIRST_SEEN] = first;
    this.times[row + LAST_SEEN] = last;
    this.times[row + CLIENT_PORT] = clientPort;
    this.counts.reset(slot);
    this.marks[slot * MARKS + FLAGS] = 0;
    this.marks[slot * MARKS + JUDGED] = 0;
    this.pushes?.start(slot);
    this.activity.start(slot);
    if (this.lists.size > 0) this.lists.delete(slot);
  }

  /** Adds a record spanning first..last (first <= last, both finite). */
  add(slot: number, flow: FlowRecord, first: number, last: number): void {
    const { times, counts } = this;
    const row = slot * TIMES;
    this.marks[slot * MARKS + SOURCE] = this.sourceIndex(flow.source);
    this.marks[slot * MARKS + JUDGED] = 0;
    counts.add(slot, RECORDS, 1);
    const tripletFirst = times[row + FIRST_SEEN];
    const tripletLast = times[row + LAST_SEEN];
    times[row + FIRST_SEEN] = Math.min(tripletFirst, first);
    times[row + LAST_SEEN] = Math.max(tripletLast, last);
    counts.add(slot, TO_SERVER_PACKETS, counter(flow.toServer.packets));
    counts.add(slot, TO_SERVER_BYTES, counter(flow.toServer.bytes));
    counts.add(slot, TO_CLIENT_PACKETS, counter(flow.toClient.packets));
    counts.add(slot, TO_CLIENT_BYTES, counter(flow.toClient.bytes));
    this.addFlags(slot, flow);
    this.activity.addRecord(slot, first, last, counter(flow.toServer.packets) + counter(flow.toClient.packets), flow.sampling ?? 1);
    let list = this.lists.size > 0 ? this.lists.get(slot) : undefined;
    if (!list) {
      // The only session spans the whole triplet, so the row's first and last are its own.
      if (counts.get(slot, RECORDS) === 1 || times[row + CLIENT_PORT] === flow.client.port) {
        this.pushes?.addToOnlySession(slot, flow, first, last);
        return;
      }
      list = this.split(slot, tripletFirst, tripletLast);
    }
    const session = sessionIn(list, flow.client.port, first, last);
    this.pushes?.addToSession(slot, session, flow, first, last);
  }

  lastSeenAt(slot: number): number {
    return this.times[slot * TIMES + LAST_SEEN];
  }

  /** Session time: the spans of every session, retired ones included. */
  sessionSecondsAt(slot: number): number {
    const list = this.lists.size > 0 ? this.lists.get(slot) : undefined;
    return list ? spanTotal(list.sessions, list.retiredSeconds) : this.onlySpan(slot);
  }

  longestSessionSecondsAt(slot: number): number {
    const list = this.lists.size > 0 ? this.lists.get(slot) : undefined;
    return list ? list.longestSeconds : this.onlySpan(slot);
  }

  /** Persistence and scatter of a slot, without building its figures (the sweep's crowd asks it of every judgeable slot). */
  activityAt(slot: number): Activity {
    return activityOf(this.activity.figuresAt(slot), this.counts.get(slot, RECORDS));
  }

  isJudged(slot: number): boolean {
    return this.marks[slot * MARKS + JUDGED] === 1;
  }

  markJudged(slot: number): void {
    this.marks[slot * MARKS + JUDGED] = 1;
  }

  figuresAt(slot: number): TripletFigures {
    return this.describe(slot, spanOf);
  }

  heldFiguresAt(slot: number): HeldFigures {
    return this.describe(slot, (s) => ({ ...s }));
  }

  /** Fills a slot freshly taken for a triplet from a window part with that part's state. */
  adopt(slot: number, state: TripletState): void {
    const { sessions } = state;
    this.start(slot, state.firstSeen, state.lastSeen, sessions[0].clientPort);
    this.absorbFigures(slot, state);
    if (sessions.length === 1) {
      this.pushes?.writeOnlySession(slot, sessions[0]);
      return;
    }
    const list: SessionList = { sessions: [], retired: 0, retiredSeconds: 0, longestSeconds: 0 };
    this.lists.set(slot, list);
    this.absorbSessionsOf(slot, list, state);
  }

  /** Folds in the same triplet's state from a later window part, as if its records arrived now. */
  merge(slot: number, state: TripletState): void {
    const { times } = this;
    const row = slot * TIMES;
    const tripletFirst = times[row + FIRST_SEEN];
    const tripletLast = times[row + LAST_SEEN];
    times[row + FIRST_SEEN] = Math.min(tripletFirst, state.firstSeen);
    times[row + LAST_SEEN] = Math.max(tripletLast, state.lastSeen);
    this.absorbFigures(slot, state);
    let list = this.lists.size > 0 ? this.lists.get(slot) : undefined;
    if (!list) {
      const [lone, ...more] = state.sessions;
      // The same one connection in both parts: the slot's numbers go on holding it.
      if (more.length === 0 && times[row + CLIENT_PORT] === lone.clientPort) {
        const only = this.onlySession(slot);
        this.pushes?.joinSession(slot, only, lone);
        this.pushes?.writeOnlySession(slot, only);
        return;
      }
      list = this.split(slot, tripletFirst, tripletLast);
    }
    this.absorbSessionsOf(slot, list, state);
  }

  private absorbSessionsOf(slot: number, list: SessionList, state: TripletState): void {
    const { sessions, retiredSessions: retired, retiredSessionSeconds: retiredSeconds, longestSessionSeconds: longestSeconds } = state;
    absorbSessions(list, { sessions, retired, retiredSeconds, longestSeconds }, (held, later) => this.pushes?.joinSession(slot, held, later));
  }

  /** Everything but the sessions and times, from a window part: sums, flags, the latest source. */
  private absorbFigures(slot: number, state: TripletState): void {
    const { counts, marks } = this;
    marks[slot * MARKS + SOURCE] = this.sourceIndex(state.source);
    marks[slot * MARKS + JUDGED] = 0;
    marks[slot * MARKS + FLAGS] |= state.flagsSeen & REPORTED_FLAGS;
    counts.add(slot, RECORDS, state.records);
    counts.add(slot, TO_SERVER_PACKETS, state.toServer.packets);
    counts.add(slot, TO_SERVER_BYTES, state.toServer.bytes);
    counts.add(slot, TO_CLIENT_PACKETS, state.toClient.packets);
    counts.add(slot, TO_CLIENT_BYTES, state.toClient.bytes);
    counts.add(slot, FLAGGED_RECORDS, state.flaggedRecords);
    counts.add(slot, ACK_PSH_RECORDS, state.ackPshRecords);
    this.pushes?.absorbFigures(slot, state);
    this.activity.merge(slot, state.activity);
  }

  private describe<S extends SessionSpan>(slot: number, copy: (session: HeldSession) => S): Omit<TripletFigures, 'sessions'> & { sessions: S[] } {
    const { times, counts } = this;
    const row = slot * TIMES;
    const list = this.lists.get(slot);
    return {
      source: this.sourceNames[this.marks[slot * MARKS + SOURCE]],
      firstSeen: times[row + FIRST_SEEN],
      lastSeen: times[row + LAST_SEEN],
      records: counts.get(slot, RECORDS),
      toServer: { packets: counts.get(slot, TO_SERVER_PACKETS), bytes: counts.get(slot, TO_SERVER_BYTES) },
      toClient: { packets: counts.get(slot, TO_CLIENT_PACKETS), bytes: counts.get(slot, TO_CLIENT_BYTES) },
      flagsSeen: this.marks[slot * MARKS + FLAGS],
      flaggedRecords: counts.get(slot, FLAGGED_RECORDS),
      ackPshRecords: counts.get(slot, ACK_PSH_RECORDS),
      sessions: list ? list.sessions.map(copy) : [copy(this.onlySession(slot))],
      retiredSessions: list ? list.retired : 0,
      retiredSessionSeconds: list ? list.retiredSeconds : 0,
      longestSessionSeconds: list ? list.longestSeconds : this.onlySpan(slot),
      ...(this.pushes?.figuresAt(slot) ?? NO_PUSH_FIGURES),
      activity: this.activity.figuresAt(slot),
    };
  }

  /** The span of the only session, as a sum over sessions gives it (+ 0 turns -0 into 0). */
  private onlySpan(slot: number): number {
    const row = slot * TIMES;
    return this.times[row + LAST_SEEN] - this.times[row + FIRST_SEEN] + 0;
  }

  private onlySession(slot: number): HeldSession {
    const row = slot * TIMES;
    const t = this.times;
    const session: HeldSession = { clientPort: t[row + CLIENT_PORT], firstSeen: t[row + FIRST_SEEN], lastSeen: t[row + LAST_SEEN] };
    this.pushes?.readOnlySession(slot, session);
    return session;
  }

  /** A second client port: the row's session, as it was before this record, becomes a list. */
  private split(slot: number, first: number, last: number): SessionList {
    const only = this.onlySession(slot);
    only.firstSeen = first;
    only.lastSeen = last;
    const list: SessionList = { sessions: [only], retired: 0, retiredSeconds: 0, longestSeconds: last - first + 0 };
    this.lists.set(slot, list);
    return list;
  }

  private addFlags(slot: number, flow: FlowRecord): void {
    const flags = (flow.toServer.tcpFlags | flow.toClient.tcpFlags) & REPORTED_FLAGS;
    if (!flags) return;
    this.marks[slot * MARKS + FLAGS] |= flags;
    this.counts.add(slot, FLAGGED_RECORDS, 1);
    if ((flags & ACK_PSH) === ACK_PSH) this.counts.add(slot, ACK_PSH_RECORDS, 1);
  }

  private sourceIndex(source: FlowRecord['source']): number {
    let index = this.sourceNames.indexOf(source);
    if (index < 0) index = this.sourceNames.push(source) - 1;
    return index;
  }
}
