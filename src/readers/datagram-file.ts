/**
 * Files of datagrams back to back, as a collector stores the UDP payloads it received (raw
 * NetFlow/IPFIX files, raw sFlow files): the stream is cut into messages by the format's framing,
 * holding at most one partial message between chunks. Bytes that do not frame are skipped up to
 * the next plausible header, as one issue per run.
 */
import { basename } from 'node:path';
import type { IssueCode } from '../errors/codes';
import type { FlowRecord } from '../flow/flow-record';
import { addCounts, type FlowSink, type ReaderTotals } from './format-reader';
import { IssueLimiter } from './issue-limiter';
import type { ByteSource } from './source/byte-source';

export const NEED_MORE = -1;
export const NOT_A_HEADER = -2;

export interface Framed {
  length: number;
  /** The message's length cannot be trusted: after it, resume at the next header, not at its end. */
  resync?: boolean;
}

export interface DatagramFraming<F extends Framed> {
  frame(buf: Buffer, pos: number, end: number, atEnd: boolean): F | typeof NEED_MORE | typeof NOT_A_HEADER;
  nextHeader(buf: Buffer, from: number, end: number, atEnd: boolean): number;
  /** One message, `offset` being its file offset. */
  message(bytes: Buffer, offset: number, framed: F): void;
  /** The issue for a run of bytes that are no message: its code and what they are not. */
  garbage: { code: IssueCode; notA: string };
}

export class DatagramFileStream<F extends Framed> {
  private carry: Buffer = Buffer.alloc(0);
  /** File offset of carry[0]. */
  private base = 0;
  /** File offset where the current run of non-message bytes began, or -1. */
  private garbageFrom = -1;
  messages = 0;

  constructor(
    private readonly framing: DatagramFraming<F>,
    private readonly issues: IssueLimiter,
  ) {}

  push(chunk: Buffer): void {
    const buf = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk]);
    this.consume(buf, false);
  }

  end(): void {
    this.consume(this.carry, true);
    this.endGarbage(this.base);
  }

  private consume(buf: Buffer, atEnd: boolean): void {
    let pos = 0;
    while (pos < buf.length) {
      const framed = this.framing.frame(buf, pos, buf.length, atEnd);
      if (framed === NEED_MORE) break;
      if (framed === NOT_A_HEADER) {
        if (this.garbageFrom < 0) this.garbageFrom = this.base + pos;
        pos = this.framing.nextHeader(buf, pos + 1, buf.length, atEnd);
        continue;
      }
      this.endGarbage(this.base + pos);
      this.messages++;
      this.framing.message(buf.subarray(pos, pos + framed.length), this.base + pos, framed);
      pos = framed.resync ? this.framing.nextHeader(buf, pos + framed.length, buf.length, atEnd) : pos + framed.length;
    }
    this.carry = buf.subarray(pos);
    this.base += pos;
  }

  private endGarbage(at: number): void {
    if (this.garbageFrom < 0) return;
    const from = this.garbageFrom;
    this.garbageFrom = -1;
    this.issues.issue(this.framing.garbage.code, from, () => `${at - from} bytes at file offset ${from} are not ${this.framing.garbage.notA}; skipped`);
  }
}

/** A format's decoder for one datagram file: its framing, and what to flush at the end. */
export interface DatagramFileDecoder<F extends Framed> {
  framing: DatagramFraming<F>;
  flush(): void;
}

/**
 * Reads a datagram file: `decoder` is built with the flow emitter, the issue limiter and the
 * file's name (a file has no sender address, so its base name stands for the exporter).
 */
export async function readDatagramFile<F extends Framed>(
  source: ByteSource,
  sink: FlowSink,
  decoder: (emit: (record: FlowRecord) => void, issues: IssueLimiter, fileName: string) => DatagramFileDecoder<F>,
): Promise<ReaderTotals> {
  let flows = 0;
  const issues = new IssueLimiter(sink.issue);
  const built = decoder(
    (record) => {
      flows++;
      sink.flow(record);
    },
    issues,
    basename(source.name) || 'file',
  );
  const stream = new DatagramFileStream(built.framing, issues);
  const pass = await source.consume((chunk) => {
    stream.push(chunk);
    return true;
  });
  if (pass.readError !== undefined) issues.issue('input.unreadable', pass.bytes, pass.readError);
  stream.end();
  built.flush();
  issues.finish();
  return { packets: stream.messages, flows, issueCounts: addCounts(issues.totals()) };
}
