/**
 * What the periodic-pushes signal needs of each triplet, kept beside its totals: records fine
 * enough to tell whether the server pushed within a job interval, and the longest silence of the
 * server between its records in one session (in arrival order). A table whose owner judges only
 * the core signals (site-pattern) does without it.
 */
import type { FlowRecord } from '../../src/detect/api';
import { counter, ExactCounts } from './exact-counts';
import type { HeldSession } from './session-list';
import { FLAG, REPORTED_FLAGS, type TripletStats } from './triplet-stats';

// Where each time sits in a slot's row of `times`.
const LONGEST_RECORD_GAP = 0;
/** serverLastSeen of a triplet's only session; NaN until the server has sent packets. */
const ONLY_SESSION_SERVER_LAST_SEEN = 1;
/** firstServerRecordStart of a triplet's only session; read only once the server has been heard. */
const ONLY_SESSION_FIRST_SERVER_RECORD_START = 2;
const TIMES = 3;

// Which of a slot's counts is which.
const FINE_RECORDS = 0;
const FINE_RECORDS_WITH_SERVER_DATA = 1;
const COUNTS = 2;

export type PushFigures = Pick<TripletStats, 'fineRecords' | 'fineRecordsWithServerData' | 'longestRecordGapSeconds'>;

export const NO_PUSH_FIGURES: PushFigures = { fineRecords: 0, fineRecordsWithServerData: 0, longestRecordGapSeconds: 0 };

/** Whether the server's packets in this record carried data, not only ACKs. */
function serverSentData(flow: FlowRecord): boolean {
  const { payloadBytes, tcpFlags } = flow.toClient;
  if (counter(payloadBytes) > 0) return true;
  // Exports report no payload size: a pushed segment stands in for data; without flags, assume so.
  return tcpFlags & REPORTED_FLAGS ? (tcpFlags & FLAG.PSH) !== 0 : true;
}

export class ServerPushes {
  private readonly times: Float64Array;
  private readonly counts: ExactCounts;

  /** @param fineRecordSeconds records at most this long count toward the job-push signal */
  constructor(
    slots: number,
    private readonly fineRecordSeconds: number,
  ) {
    this.times = new Float64Array(slots * TIMES);
    this.counts = new ExactCounts(slots, COUNTS);
  }

  start(slot: number): void {
    this.times[slot * TIMES + LONGEST_RECORD_GAP] = 0;
    this.times[slot * TIMES + ONLY_SESSION_SERVER_LAST_SEEN] = Number.NaN;
    this.counts.reset(slot);
  }

  addToOnlySession(slot: number, flow: FlowRecord, first: number, last: number): void {
    if (counter(flow.toClient.packets) === 0) return;
    const row = slot * TIMES;
    const serverLastSeen = this.times[row + ONLY_SESSION_SERVER_LAST_SEEN];
    if (Number.isNaN(serverLastSeen)) this.times[row + ONLY_SESSION_FIRST_SERVER_RECORD_START] = first;
    this.times[row + ONLY_SESSION_SERVER_LAST_SEEN] = this.add(slot, flow, first, last, serverLastSeen);
  }

  addToSession(slot: number, session: HeldSession, flow: FlowRecord, first: number, last: number): void {
    if (counter(flow.toClient.packets) === 0) return;
    if (session.serverLastSeen === undefined) session.firstServerRecordStart = first;
    session.serverLastSeen = this.add(slot, flow, first, last, session.serverLastSeen ?? Number.NaN);
  }

  /** Copies the only session's server times onto `session` (none before the server sent packets). */
  readOnlySession(slot: number, session: HeldSession): void {
    const row = slot * TIMES;
    const serverLastSeen = this.times[row + ONLY_SESSION_SERVER_LAST_SEEN];
    if (Number.isNaN(serverLastSeen)) return;
    session.serverLastSeen = serverLastSeen;
    session.firstServerRecordStart = this.times[row + ONLY_SESSION_FIRST_SERVER_RECORD_START];
  }

  /** Makes the server times of `session` those of the slot's only session. */
  writeOnlySession(slot: number, session: HeldSession): void {
    const row = slot * TIMES;
    this.times[row + ONLY_SESSION_SERVER_LAST_SEEN] = session.serverLastSeen ?? Number.NaN;
    this.times[row + ONLY_SESSION_FIRST_SERVER_RECORD_START] = session.firstServerRecordStart ?? Number.NaN;
  }

  figuresAt(slot: number): PushFigures {
    return {
      fineRecords: this.counts.get(slot, FINE_RECORDS),
      fineRecordsWithServerData: this.counts.get(slot, FINE_RECORDS_WITH_SERVER_DATA),
      longestRecordGapSeconds: this.times[slot * TIMES + LONGEST_RECORD_GAP],
    };
  }

  /** Adds the figures of the same triplet from a later window part. */
  absorbFigures(slot: number, later: PushFigures): void {
    this.counts.add(slot, FINE_RECORDS, later.fineRecords);
    this.counts.add(slot, FINE_RECORDS_WITH_SERVER_DATA, later.fineRecordsWithServerData);
    this.noteGap(slot, later.longestRecordGapSeconds);
  }

  /**
   * Continues a held session with the server times of the same session in a later window part.
   * The silence across the boundary, from the server's last record held to the later part's first
   * record carrying server packets, is the gap that record would have measured had it arrived here.
   */
  joinSession(slot: number, held: HeldSession, later: HeldSession): void {
    const { serverLastSeen, firstServerRecordStart } = later;
    if (serverLastSeen === undefined || firstServerRecordStart === undefined) return;
    if (held.serverLastSeen === undefined) {
      held.serverLastSeen = serverLastSeen;
      held.firstServerRecordStart = firstServerRecordStart;
      return;
    }
    this.noteGap(slot, firstServerRecordStart - held.serverLastSeen);
    held.serverLastSeen = Math.max(held.serverLastSeen, serverLastSeen);
  }

  private noteGap(slot: number, gap: number): void {
    const at = slot * TIMES + LONGEST_RECORD_GAP;
    this.times[at] = Math.max(this.times[at], gap);
  }

  /**
   * The server side of a record with server → client packets, in a session whose server was last
   * heard at `serverLastSeen` (NaN: not yet). Answers the session's new serverLastSeen.
   */
  private add(slot: number, flow: FlowRecord, first: number, last: number, serverLastSeen: number): number {
    const heardBefore = !Number.isNaN(serverLastSeen);
    if (heardBefore) this.noteGap(slot, first - serverLastSeen);
    if (!(last - first > this.fineRecordSeconds)) {
      this.counts.add(slot, FINE_RECORDS, 1);
      if (serverSentData(flow)) this.counts.add(slot, FINE_RECORDS_WITH_SERVER_DATA, 1);
    }
    return heardBefore ? Math.max(serverLastSeen, last) : last;
  }
}
