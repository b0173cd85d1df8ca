/**
 * Payload heads: the first bytes of one direction of a flow, in stream order.
 * TCP sequence numbers are compared as signed 32-bit distances from the next wanted byte, so
 * a stream that crosses 2^32 needs no special case.
 */
import type { PayloadHead } from '../../flow/flow-record';
import { TCP_FLAGS } from '../../flow/flow-record';
import { HeadBuffer } from './flow-head-buffer';
import { TailWindow } from './tail-window';

/** What a direction keeps of its payload; one implementation per transport. */
export interface PayloadCollector {
  add(seq: number, flags: number, payload: Buffer, time: number): void;
  /** Called once, when the record is emitted. */
  finish(): PayloadHead;
}

/** UDP: datagrams concatenated in arrival order. */
export class DatagramHead implements PayloadCollector {
  private readonly out: HeadBuffer;

  /** `sampled`: the packets are samples (sFlow); each datagram gets a mark of its own. */
  constructor(
    limit: number,
    private readonly midStream = false,
    private readonly sampled = false,
  ) {
    this.out = new HeadBuffer(limit);
  }

  add(_seq: number, _flags: number, payload: Buffer, time: number): void {
    this.out.append(payload, 0, payload.length, time, this.sampled);
  }

  finish(): PayloadHead {
    return this.out.finish(this.midStream, 0, this.sampled);
  }
}

interface PendingSegment {
  seq: number;
  /** A copy: the packet's payload may be a view into a reader buffer that is reused. */
  data: Buffer;
  time: number;
  /** The piece begins its packet's payload (a sampled packet's first byte: a mark of its own). */
  start: boolean;
}

/** Further ahead than any real window (RFC 7323 caps it at 1 GiB): not this stream's data. */
const MAX_AHEAD = 1 << 30;

/**
 * TCP: the first `limit` bytes of the stream in sequence order. Retransmitted and overlapping
 * bytes are taken once. Segments ahead of a hole wait, at most `maxPending` pieces, kept
 * disjoint and cut to what the head could still take (so waiting bytes never exceed the limit).
 * When the wait is over — too many pieces, or the record is emitted — the hole is skipped and
 * counted so that parsers can resynchronise after it.
 *
 * Sampled packets (sFlow) go through the same ordering, but each one's payload may be cut at the
 * agent's header length and the bytes between samples are never seen: with `sampled`, every
 * packet's first byte gets a mark of its own and the head says `sampled`, so a parser can read
 * each packet as a fragment that starts at a segment boundary.
 *
 * Past the head, with `tailBytes`, the stream goes on into a sliding window of its latest bytes
 * (in-order and overlapping segments only: a segment beyond a hole jumps it). Overlaps follow one
 * policy: the head keeps the first copy of every byte, as a receiver keeps what it acknowledged;
 * when a later segment carries different bytes for a range the head already holds (a TTL-limited
 * insertion that never reached the peer came first, or one came after to spoil a monitor that
 * prefers later copies), a second reading with the later bytes is kept beside it, `laterCopies`,
 * at most one more head, and the detector decides which reading is the protocol. Only bytes
 * since the last skipped hole are compared: before it, head offsets and sequence numbers part.
 * The tail keeps first copies and compares nothing (one window, one reading).
 */
export class TcpStreamHead implements PayloadCollector {
  private readonly out: HeadBuffer;
  /** Made on the first conflicting overlap; from then on every byte is appended to both. */
  private later: HeadBuffer | undefined;
  private readonly tail: TailWindow | undefined;
  /** Head offset where the bytes since the last skipped hole begin. */
  private overlapFloor = 0;
  /** Sequence number of the next wanted byte; undefined until the SYN or first data is seen. */
  private nextSeq: number | undefined;
  private gaps = 0;
  /** Disjoint, in sequence order, all ahead of `nextSeq`. */
  private pending: PendingSegment[] = [];

  /** `midStream`: the stream did not start here (a record continuing an earlier one). */
  constructor(
    limit: number,
    private readonly maxPending: number,
    private midStream = false,
    private readonly sampled = false,
    tailBytes = 0,
  ) {
    this.out = new HeadBuffer(limit);
    // Sampled packets are not a stream: nothing between two samples is seen, so no tail.
    if (tailBytes > 0 && !sampled) this.tail = new TailWindow(tailBytes);
  }

  add(seq: number, flags: number, payload: Buffer, time: number): void {
    if (flags & TCP_FLAGS.RST) return; // RST payload is diagnostic text, not stream data
    // Data on a SYN (TCP Fast Open) starts after the SYN's own sequence number.
    const dataSeq = flags & TCP_FLAGS.SYN ? (seq + 1) >>> 0 : seq;
    if (this.nextSeq === undefined) {
      if (flags & TCP_FLAGS.SYN) this.nextSeq = dataSeq;
      else if (payload.length === 0) return; // a bare ACK may be a keep-alive probe at seq-1
      else {
        this.nextSeq = dataSeq;
        this.midStream = true;
      }
    }
    if (payload.length === 0) return;
    const ahead = (dataSeq - this.nextSeq) | 0;
    // Sampled packets are read one by one, never as a stream: no second reading for them.
    if (ahead < 0 && !this.out.full && !this.sampled) this.compareOverlap(payload, ahead);
    if (ahead + payload.length <= 0) return; // a retransmission of bytes already taken
    if (this.out.full) {
      this.out.truncated = true;
      this.continueTail(payload, ahead, time);
      return;
    }
    if (ahead <= 0) {
      this.take(payload, -ahead, time, ahead === 0);
      this.drain();
    } else if (ahead < MAX_AHEAD) {
      this.hold(ahead, payload, time);
    }
  }

  finish(): PayloadHead {
    while (this.pending.length > 0 && !this.out.full) this.skipHole();
    this.pending = [];
    const head = this.out.finish(this.midStream, this.gaps, this.sampled);
    if (this.later !== undefined) head.laterCopies = this.later.finish(this.midStream, this.gaps, this.sampled);
    if (this.tail !== undefined && !this.tail.empty) head.tail = this.tail.finish();
    return head;
  }

  /** Appends `data[from..]` at `nextSeq` and moves `nextSeq` past it; `start`: `data` begins a packet. */
  private take(data: Buffer, from: number, time: number, start: boolean): void {
    const boundary = this.sampled && start && from === 0;
    const taken = this.out.append(data, from, data.length, time, boundary);
    this.later?.append(data, from, data.length, time, boundary);
    // What the head had no room for begins the tail.
    if (taken < data.length - from) this.tail?.append(data, from + taken, data.length, time);
    this.nextSeq = ((this.nextSeq as number) + data.length - from) >>> 0;
    if (this.out.full) this.pending = [];
  }

  /**
   * A segment starting `ahead` (< 0) bytes before the next wanted byte overlaps bytes the head
   * holds: if its copy differs, the later reading takes it.
   */
  private compareOverlap(payload: Buffer, ahead: number): void {
    const overlap = Math.min(-ahead, payload.length);
    const offset = this.out.length + ahead;
    const skip = Math.max(0, this.overlapFloor - offset);
    if (skip >= overlap || this.out.holds(offset + skip, payload, skip, overlap)) return;
    this.later ??= this.out.clone();
    this.later.overwrite(offset + skip, payload, skip, overlap);
  }

  /** The head is full: in-order bytes go on into the tail window; a segment past a hole jumps it. */
  private continueTail(payload: Buffer, ahead: number, time: number): void {
    if (this.tail === undefined) return;
    if (ahead >= MAX_AHEAD) return;
    if (ahead > 0) this.tail.hole();
    const from = Math.max(0, -ahead);
    this.tail.append(payload, from, payload.length, time);
    this.nextSeq = ((this.nextSeq as number) + Math.max(0, ahead) + payload.length - from) >>> 0;
  }

  /** Takes every waiting piece that now starts at or before the next wanted byte. */
  private drain(): void {
    while (this.pending.length > 0) {
      const first = this.pending[0];
      const ahead = (first.seq - (this.nextSeq as number)) | 0;
      if (ahead > 0) return;
      this.pending.shift();
      if (ahead + first.data.length > 0) this.take(first.data, -ahead, first.time, first.start);
    }
  }

  /**
   * Keeps the parts of a segment `ahead` bytes past the next wanted byte that no waiting piece
   * covers yet, up to where the head would be full once the hole fills.
   */
  private hold(ahead: number, payload: Buffer, time: number): void {
    const next = this.nextSeq as number;
    const end = Math.min(ahead + payload.length, this.out.room);
    if (end < ahead + payload.length) this.out.truncated = true;
    const piece = (from: number, to: number): PendingSegment => ({
      seq: (next + from) >>> 0,
      data: Buffer.from(payload.subarray(from - ahead, to - ahead)),
      time,
      start: from === ahead,
    });
    let from = ahead;
    let index = 0;
    for (; index < this.pending.length && from < end; index++) {
      const waiting = this.pending[index];
      const start = (waiting.seq - next) | 0;
      if (start >= end) break;
      if (start > from) this.pending.splice(index++, 0, piece(from, start));
      from = Math.max(from, start + waiting.data.length);
    }
    if (from < end) this.pending.splice(index, 0, piece(from, end));
    while (this.pending.length > this.maxPending) this.skipHole();
  }

  /** Gives up on the bytes before the first waiting piece. */
  private skipHole(): void {
    this.gaps++;
    this.nextSeq = this.pending[0].seq;
    this.overlapFloor = this.out.length;
    this.drain();
  }
}
