/**
 * Finding the next record in a classic pcap after bytes that are none, as Wireshark's and nDPI's
 * readers do: a candidate header must be plausible by itself AND the record after it must be too
 * (or the file must end exactly where the candidate does). A candidate far in time from the last
 * good record needs one more confirming record, so a clock jump is accepted but a stray header in
 * packet data is not.
 *
 * The scan moves one byte at a time (records are not aligned) and looks at most two records
 * ahead, so each byte costs O(1) and memory stays within two records past the scan position.
 */
import type { ByteQueue } from './byte-queue';
import { RECORD_HEADER_BYTES, nearInTime, recordHeaderAt, type RecordHeader, type RecordRules } from './pcap-record-rules';

export const NEED_MORE = 'more';

export type SeekResult = 'found' | typeof NEED_MORE | 'exhausted';

/**
 * A header the scan may land on or count as confirmation. Stricter than the normal read by one
 * rule: no empty records (libpcap writes them, rarely), as runs of them are what zero-filled
 * damage and structured packet bytes (addresses, counters) look like.
 */
function candidate(rules: RecordRules, header: RecordHeader): boolean {
  return header.capturedLength > 0 && rules.problem(header) === undefined;
}

/**
 * Whether a confirmed record starts at the head of `q`; NEED_MORE when the bytes to tell are not
 * in yet. `endConfirms`: the file ending right after a candidate confirms it (not when looking
 * inside a record the end of the file cut, where that is what the bytes of a cut record do).
 */
export function recordStartsHere(q: ByteQueue, rules: RecordRules, lastTime: number | undefined, atEnd: boolean, endConfirms = true): boolean | typeof NEED_MORE {
  if (q.length < RECORD_HEADER_BYTES) return atEnd ? false : NEED_MORE;
  const le = rules.littleEndian;
  // Most bytes of damage fail on the length alone: tested first, without building a header.
  const capturedLength = q.uint32(8, le);
  if (capturedLength === 0 || capturedLength > rules.lengthLimit) return false;
  let header = recordHeaderAt(q, 0, le);
  if (!candidate(rules, header)) return false;
  let time = rules.time(header);
  const nearLast = lastTime === undefined || nearInTime(time, lastTime);
  let at = 0;
  for (let confirmations = nearLast ? 1 : 2; confirmations > 0; confirmations--) {
    at += RECORD_HEADER_BYTES + header.capturedLength;
    // The file ends right after the chain: as good a confirmation as a record, if time agrees.
    if (atEnd && at === q.length) return nearLast && endConfirms;
    if (at + RECORD_HEADER_BYTES > q.length) return atEnd ? false : NEED_MORE;
    header = recordHeaderAt(q, at, le);
    if (!candidate(rules, header)) return false;
    const next = rules.time(header);
    if (!nearInTime(next, time)) return false;
    time = next;
  }
  return true;
}

/** Drops bytes from the head of `q` until a confirmed record starts there, more bytes are needed, or none is left. */
export function seekRecord(q: ByteQueue, rules: RecordRules, lastTime: number | undefined, atEnd: boolean, endConfirms = true): SeekResult {
  for (;;) {
    const here = recordStartsHere(q, rules, lastTime, atEnd, endConfirms);
    if (here === true) return 'found';
    if (here === NEED_MORE) return NEED_MORE;
    if (q.length === 0) return 'exhausted';
    q.skip(1);
  }
}
