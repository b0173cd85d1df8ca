/**
 * What the periodic-pushes signal needs of each triplet, kept beside its totals: records fine
 * enough to tell whether the server pushed within a job interval, and the longest silence of the
 * server between its records in one session (in arrival order). A table whose owner judges only
 * the core signals (site-pattern) does without it.
 */
import type { FlowRecord } from '../../src/detect/api';
import { counter, ExactCounts } from './exact-counts';
import type { SessionSpan } from './session-list';
import { FLAG, REPORTED_FLAGS, type TripletStats } from './triplet-stats';

// Where each time sits in a slot's row of `times`.
const LONGEST_RECORD_GAP = 0;
/** serverLastSeen of a triplet's only session; NaN until the server has sent packets. */
const ONLY_SESSION_SERVER_LAST_SEEN = 1;
const TIMES = 2;

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
    const at = slot * TIMES + ONLY_SESSION_SERVER_LAST_SEEN;
    this.times[at] = this.add(slot, flow, first, last, this.times[at]);
  }

  addToSession(slot: number, session: SessionSpan, flow: FlowRecord, first: number, last: number): void {
    const serverLastSeen = this.add(slot, flow, first, last, session.serverLastSeen ?? Number.NaN);
    if (!Number.isNaN(serverLastSeen)) session.serverLastSeen = serverLastSeen;
  }

  /** serverLastSeen of the only session, or undefined before the server sent packets. */
  onlySessionServerLastSeen(slot: number): number | undefined {
    const seen = this.times[slot * TIMES + ONLY_SESSION_SERVER_LAST_SEEN];
    return Number.isNaN(seen) ? undefined : seen;
  }

  figuresAt(slot: number): PushFigures {
    return {
      fineRecords: this.counts.get(slot, FINE_RECORDS),
      fineRecordsWithServerData: this.counts.get(slot, FINE_RECORDS_WITH_SERVER_DATA),
      longestRecordGapSeconds: this.times[slot * TIMES + LONGEST_RECORD_GAP],
    };
  }

  /**
   * The server side of a record in a session whose server was last heard at `serverLastSeen`
   * (NaN: not yet). Answers the session's new serverLastSeen.
   */
  private add(slot: number, flow: FlowRecord, first: number, last: number, serverLastSeen: number): number {
    if (counter(flow.toClient.packets) === 0) return serverLastSeen;
    const heardBefore = !Number.isNaN(serverLastSeen);
    const gap = slot * TIMES + LONGEST_RECORD_GAP;
    if (heardBefore) this.times[gap] = Math.max(this.times[gap], first - serverLastSeen);
    if (!(last - first > this.fineRecordSeconds)) {
      this.counts.add(slot, FINE_RECORDS, 1);
      if (serverSentData(flow)) this.counts.add(slot, FINE_RECORDS_WITH_SERVER_DATA, 1);
    }
    return heardBefore ? Math.max(serverLastSeen, last) : last;
  }
}
