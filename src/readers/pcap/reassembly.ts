/**
 * Payload heads: the first bytes of one direction of a flow, in stream order.
 * TCP sequence numbers are compared as signed 32-bit distances from the next wanted byte, so
 * a stream that crosses 2^32 needs no special case.
 */
import type { PayloadHead } from '../../flow/flow-record';
import { TCP_FLAGS } from '../../flow/flow-record';
import { HeadBuffer } from './flow-head-buffer';

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
 */
export class TcpStreamHead implements PayloadCollector {
  private readonly out: HeadBuffer;
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
  ) {
    this.out = new HeadBuffer(limit);
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
    if (ahead + payload.length <= 0) return; // a retransmission of bytes already taken
    if (this.out.full) {
      this.out.truncated = true;
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
    return this.out.finish(this.midStream, this.gaps, this.sampled);
  }

  /** Appends `data[from..]` at `nextSeq` and moves `nextSeq` past it; `start`: `data` begins a packet. */
  private take(data: Buffer, from: number, time: number, start: boolean): void {
    this.out.append(data, from, data.length, time, this.sampled && start && from === 0);
    this.nextSeq = ((this.nextSeq as number) + data.length - from) >>> 0;
    if (this.out.full) this.pending = [];
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
    this.drain();
  }
}
