/**
 * One triplet's state as a compact JSON row of a window part, and back. Parts of 200 000
 * triplets are stored (Redis), so a row is an array of numbers and the two addresses, with no
 * keys; numbers go through json-number.ts, so NaN, infinities and -0 come back as they left.
 *
 *   [client, server, serverPort, source, firstSeen, lastSeen,
 *    records, toServerPackets, toServerBytes, toClientPackets, toClientBytes,
 *    flaggedRecords, ackPshRecords, flagsSeen,
 *    fineRecords, fineRecordsWithServerData, longestRecordGapSeconds,
 *    retiredSessions, retiredSessionSeconds, longestSessionSeconds,
 *    sessions, activity]
 *
 * `source`: 0 packet, 1 flow-export. `sessions` is an array of arrays. Nearly every triplet is one
 * connection spanning the triplet, so a lone session leaves its span out: [clientPort] or, once
 * the server has sent packets, [clientPort, serverLastSeen, firstServerRecordStart]. Two to
 * MAX_SESSIONS_PER_TRIPLET sessions (the list, in arrival order) each take [clientPort, firstSeen,
 * lastSeen] or [clientPort, firstSeen, lastSeen, serverLastSeen, firstServerRecordStart].
 * `activity` is [firstBin, [packets per bin from firstBin on], sampling, longRecords, foldedBins,
 * foldedActive, foldedSum, foldedSquares] (activity-bins.ts); firstBin NaN (null) and no counts
 * while no packet has been counted.
 *
 * Reading checks everything it takes, since a part comes from outside the process: any other
 * shape answers undefined and the row is skipped.
 */
import type { FlowRecord } from '../../src/detect/api';
import { MAX_BINS, type ActivityFigures } from './activity-bins';
import { decodeNumber, encodeNumber } from './json-number';
import { MAX_SESSIONS_PER_TRIPLET, type HeldSession } from './session-list';
import type { TripletState } from './triplet-state';
import { REPORTED_FLAGS } from './triplet-stats';

const SOURCES: ReadonlyArray<FlowRecord['source']> = ['packet', 'flow-export'];
const FIELDS = 22;
const SESSIONS = 20;
const ACTIVITY = 21;

const isTime = (value: number) => Number.isFinite(value);
/** Counts and seconds: never negative, infinite once a sum has run past the largest double. */
const isAmount = (value: number) => value >= 0;
const isFlags = (value: number) => Number.isInteger(value) && (value & REPORTED_FLAGS) === value;

function encodeSession(s: HeldSession, lone: boolean): unknown[] {
  const span = lone ? [] : [s.firstSeen, s.lastSeen];
  const server = s.serverLastSeen === undefined || s.firstServerRecordStart === undefined ? [] : [s.serverLastSeen, s.firstServerRecordStart];
  return [s.clientPort, ...span, ...server].map(encodeNumber);
}

export function encodeRow(state: TripletState): unknown[] {
  const lone = state.sessions.length === 1;
  return [
    state.client,
    state.server,
    ...[
      state.serverPort,
      SOURCES.indexOf(state.source),
      state.firstSeen,
      state.lastSeen,
      state.records,
      state.toServer.packets,
      state.toServer.bytes,
      state.toClient.packets,
      state.toClient.bytes,
      state.flaggedRecords,
      state.ackPshRecords,
      state.flagsSeen,
      state.fineRecords,
      state.fineRecordsWithServerData,
      state.longestRecordGapSeconds,
      state.retiredSessions,
      state.retiredSessionSeconds,
      state.longestSessionSeconds,
    ].map(encodeNumber),
    state.sessions.map((s) => encodeSession(s, lone)),
    encodeActivity(state.activity),
  ];
}

function encodeActivity(a: ActivityFigures): unknown[] {
  const { bins, active, sum, squares } = a.folded;
  return [encodeNumber(a.firstBin), a.counts.map(encodeNumber), ...[a.sampling, a.longRecords, bins, active, sum, squares].map(encodeNumber)];
}

/** Activity figures from a row: a first bin (NaN with no counts) and per-bin counts; nothing negative. */
function decodeActivity(value: unknown): ActivityFigures | undefined {
  if (!Array.isArray(value) || value.length !== 8 || !Array.isArray(value[1])) return undefined;
  const counts = (value[1] as unknown[]).map(decodeNumber);
  const numbers = [value[0], ...value.slice(2)].map(decodeNumber);
  if (numbers.some((n) => n === undefined) || counts.some((n) => n === undefined)) return undefined;
  const [firstBin, sampling, longRecords, bins, active, sum, squares] = numbers as number[];
  const held = counts as number[];
  if (Number.isNaN(firstBin) ? held.length !== 0 : !Number.isInteger(firstBin) || held.length < 1 || held.length > MAX_BINS) return undefined;
  if (![...held, longRecords, sum, squares].every(isAmount) || !(sampling >= 1)) return undefined;
  if (!Number.isInteger(bins) || !Number.isInteger(active) || active < 0 || active > bins) return undefined;
  return { firstBin, counts: held, sampling, longRecords, folded: { bins, active, sum, squares } };
}

/** A session read from a row; a lone session takes the triplet's span. */
function decodeSession(value: unknown, tripletSpan: readonly [number, number] | undefined): HeldSession | undefined {
  if (!Array.isArray(value)) return undefined;
  const numbers = value.map(decodeNumber);
  if (numbers.some((n) => n === undefined)) return undefined;
  const [clientPort, ...times] = numbers as number[];
  const spanLength = tripletSpan ? 0 : 2;
  if (times.length !== spanLength && times.length !== spanLength + 2) return undefined;
  if (!times.every(isTime)) return undefined;
  const [firstSeen, lastSeen] = tripletSpan ?? times;
  if (!(firstSeen <= lastSeen)) return undefined;
  const session: HeldSession = { clientPort, firstSeen, lastSeen };
  if (times.length > spanLength) [session.serverLastSeen, session.firstServerRecordStart] = times.slice(spanLength);
  return session;
}

function decodeSessions(value: unknown, firstSeen: number, lastSeen: number): HeldSession[] | undefined {
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_SESSIONS_PER_TRIPLET) return undefined;
  const span = value.length === 1 ? ([firstSeen, lastSeen] as const) : undefined;
  const sessions = value.map((s) => decodeSession(s, span));
  return sessions.every((s) => s !== undefined) ? sessions : undefined;
}

/** The state a row holds, or undefined when the row is not one this module writes. */
export function decodeRow(row: unknown): TripletState | undefined {
  if (!Array.isArray(row) || row.length !== FIELDS) return undefined;
  const [client, server] = row;
  if (typeof client !== 'string' || typeof server !== 'string') return undefined;
  const numbers = row.slice(2, SESSIONS).map(decodeNumber);
  if (numbers.some((n) => n === undefined)) return undefined;
  const [
    serverPort,
    sourceIndex,
    firstSeen,
    lastSeen,
    records,
    toServerPackets,
    toServerBytes,
    toClientPackets,
    toClientBytes,
    flaggedRecords,
    ackPshRecords,
    flagsSeen,
    fineRecords,
    fineRecordsWithServerData,
    longestRecordGapSeconds,
    retiredSessions,
    retiredSessionSeconds,
    longestSessionSeconds,
  ] = numbers as number[];
  const source = SOURCES[sourceIndex];
  if (source === undefined || !isTime(firstSeen) || !isTime(lastSeen) || !(firstSeen <= lastSeen) || !isFlags(flagsSeen)) return undefined;
  const amounts = [records, toServerPackets, toServerBytes, toClientPackets, toClientBytes, flaggedRecords, ackPshRecords];
  const more = [fineRecords, fineRecordsWithServerData, longestRecordGapSeconds, retiredSessionSeconds, longestSessionSeconds];
  if (![...amounts, ...more].every(isAmount) || !Number.isInteger(retiredSessions) || retiredSessions < 0) return undefined;
  const sessions = decodeSessions(row[SESSIONS], firstSeen, lastSeen);
  const activity = decodeActivity(row[ACTIVITY]);
  if (!sessions || !activity) return undefined;
  // A lone session is the slot's only connection: nothing retired, and the longest is its span.
  const lone = sessions.length === 1;
  if (lone && (retiredSessions !== 0 || retiredSessionSeconds !== 0 || longestSessionSeconds !== lastSeen - firstSeen)) return undefined;
  return {
    client,
    server,
    serverPort,
    source,
    firstSeen,
    lastSeen,
    records,
    toServer: { packets: toServerPackets, bytes: toServerBytes },
    toClient: { packets: toClientPackets, bytes: toClientBytes },
    flagsSeen,
    flaggedRecords,
    ackPshRecords,
    sessions,
    retiredSessions,
    retiredSessionSeconds,
    longestSessionSeconds,
    fineRecords,
    fineRecordsWithServerData,
    longestRecordGapSeconds,
    activity,
  };
}
