/**
 * Raw export files: NetFlow v5 / v9 / IPFIX messages back to back, as a collector stores the UDP
 * payloads it received (how messages are delimited: message-framer.ts). The file is streamed in
 * chunks, so memory stays bounded whatever its size. Bytes between messages that are no message
 * header are skipped up to the next plausible header, as one issue per run.
 *
 * A file has no sender address: its FlowRecords name the file (its base name) as exporter, with
 * "#<observation domain>" when the domain / source id is not 0.
 */
import { basename } from 'node:path';
import type { FlowRecord } from '../../flow/flow-record';
import { addCounts, type FormatReader } from '../format-reader';
import { IssueLimiter } from '../issue-limiter';
import { u16be } from '../pcap/bytes';
import { ExportDecoder } from './export-decoder';
import { NEED_MORE, NOT_A_HEADER, messageLength, nextHeader, plausibleHeader } from './message-framer';
import { v5MessageLength } from './v5';

/**
 * Sniffing: the file starts with a plausible v5, v9 or IPFIX header and first set (see
 * plausibleHeader); a v5 file holds at least the records its first header counts.
 */
export function looksLikeExportFile(head: Buffer): boolean {
  if (plausibleHeader(head, 0, head.length) !== true) return false;
  return u16be(head, 0) !== 5 || head.length >= v5MessageLength(u16be(head, 2));
}

/** Splits a stream of chunks into messages; keeps at most one partial message between chunks. */
class MessageStream {
  private carry: Buffer = Buffer.alloc(0);
  /** File offset of carry[0]. */
  private base = 0;
  /** File offset where the current run of non-message bytes began, or -1. */
  private garbageFrom = -1;
  messages = 0;

  constructor(
    private readonly decoder: ExportDecoder,
    private readonly exporter: string,
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
      const length = messageLength(buf, pos, buf.length, atEnd);
      if (length === NEED_MORE) break;
      if (length === NOT_A_HEADER) {
        if (this.garbageFrom < 0) this.garbageFrom = this.base + pos;
        pos = nextHeader(buf, pos + 1, buf.length, atEnd);
        continue;
      }
      this.endGarbage(this.base + pos);
      this.messages++;
      this.decoder.decode(buf.subarray(pos, pos + length), { exporter: this.exporter, offset: this.base + pos });
      pos += length;
    }
    this.carry = buf.subarray(pos);
    this.base += pos;
  }

  private endGarbage(at: number): void {
    if (this.garbageFrom < 0) return;
    const from = this.garbageFrom;
    this.garbageFrom = -1;
    this.issues.issue('netflow.bad-header', from, () => `${at - from} bytes at file offset ${from} are not an export message; skipped`);
  }
}

export const readExportFile: FormatReader = async (source, config, sink) => {
  let flows = 0;
  const issues = new IssueLimiter(sink.issue);
  const emit = (record: FlowRecord) => {
    flows++;
    sink.flow(record);
  };
  const decoder = new ExportDecoder(config.flowExport, emit, (i) => issues.issue(i.code, i.offset, i.message));
  const stream = new MessageStream(decoder, basename(source.name) || 'file', issues);
  const pass = await source.consume((chunk) => {
    stream.push(chunk);
    return true;
  });
  if (pass.readError !== undefined) issues.issue('input.unreadable', pass.bytes, pass.readError);
  stream.end();
  decoder.flush();
  issues.finish();
  return { packets: stream.messages, flows, issueCounts: addCounts(issues.totals()) };
};
