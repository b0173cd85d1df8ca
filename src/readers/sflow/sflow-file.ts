/**
 * Raw sFlow files: v5 datagrams back to back, as a collector stores the UDP payloads it received
 * (`sflowtool -r` reads the same layout from a pcap; nfacctd / custom collectors dump payloads).
 * The file is streamed in chunks, holding at most one partial datagram between chunks. Bytes that
 * do not frame as a datagram are skipped up to the next plausible header, as one issue per run.
 *
 * A file has no clock: sampled packets are timed by the agent's uptime (seconds since it booted),
 * so idle and active timeouts still work within the file, but times are not calendar times.
 */
import { basename } from 'node:path';
import type { FlowRecord } from '../../flow/flow-record';
import { addCounts, type FormatReader } from '../format-reader';
import { IssueLimiter } from '../issue-limiter';
import { u32be } from '../pcap/bytes';
import { frameDatagram, NEED_MORE, NOT_A_HEADER, nextHeader } from './datagram-framer';
import { ADDRESS_IPV6, DATAGRAM_FIXED_BYTES, enterpriseOf, formatOf } from './layout';
import { SflowDecoder } from './sflow-decoder';

/**
 * Sniffing: the first bytes are a v5 header with an IPv4/IPv6 agent and the first datagram frames
 * (whole within the head, or running past a full head), its first sample being a standard one.
 * NetFlow v5 files start with the 16-bit version 0x0005, so their first word is never 5.
 */
export function looksLikeSflowFile(head: Buffer): boolean {
  const framed = frameDatagram(head, 0, head.length, false);
  if (framed === NOT_A_HEADER) return false;
  if (framed === NEED_MORE) return head.length >= 16 * 1024;
  if (framed.brokenAt >= 0 || framed.samples === 0) return false;
  // The first sample's type: a standard (enterprise 0) flow, counter or drop sample.
  const first = u32be(head, u32be(head, 4) === ADDRESS_IPV6 ? DATAGRAM_FIXED_BYTES + 16 : DATAGRAM_FIXED_BYTES + 4);
  return enterpriseOf(first) === 0 && formatOf(first) >= 1 && formatOf(first) <= 5;
}

/** Splits a stream of chunks into datagrams for the decoder. */
class DatagramStream {
  private carry: Buffer = Buffer.alloc(0);
  /** File offset of carry[0]. */
  private base = 0;
  /** File offset where the current run of non-datagram bytes began, or -1. */
  private garbageFrom = -1;
  datagrams = 0;

  constructor(
    private readonly decoder: SflowDecoder,
    private readonly sender: string,
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
      const framed = frameDatagram(buf, pos, buf.length, atEnd);
      if (framed === NEED_MORE) break;
      if (framed === NOT_A_HEADER) {
        if (this.garbageFrom < 0) this.garbageFrom = this.base + pos;
        pos = nextHeader(buf, pos + 1, buf.length);
        if (atEnd && pos + 8 > buf.length) pos = buf.length;
        continue;
      }
      this.endGarbage(this.base + pos);
      this.datagrams++;
      const offset = this.base + pos;
      if (framed.brokenAt >= 0) {
        const at = offset + framed.brokenAt;
        this.issues.issue('sflow.bad-length', at, () => `sample ${framed.samples + 1} of the datagram at file offset ${offset} has a length that cannot be right (not a multiple of 4, or past 64 KiB); the reading resumes at the next datagram header`);
      }
      this.decoder.decode(buf.subarray(pos, pos + framed.length), { offset, positional: true, sender: this.sender, knownShort: framed.brokenAt >= 0 });
      // A broken sample length leaves no way to find the datagram's end: resync past its header.
      pos = framed.brokenAt >= 0 ? nextHeader(buf, pos + framed.length, buf.length) : pos + framed.length;
    }
    this.carry = buf.subarray(pos);
    this.base += pos;
  }

  private endGarbage(at: number): void {
    if (this.garbageFrom < 0) return;
    const from = this.garbageFrom;
    this.garbageFrom = -1;
    this.issues.issue('sflow.bad-header', from, () => `${at - from} bytes at file offset ${from} are not an sFlow v5 datagram; skipped`);
  }
}

export const readSflowFile: FormatReader = async (source, config, sink) => {
  let flows = 0;
  const issues = new IssueLimiter(sink.issue);
  const emit = (record: FlowRecord) => {
    flows++;
    sink.flow(record);
  };
  const decoder = new SflowDecoder(config.capture, emit, issues);
  const stream = new DatagramStream(decoder, basename(source.name) || 'file', issues);
  const pass = await source.consume((chunk) => {
    stream.push(chunk);
    return true;
  });
  if (pass.readError !== undefined) issues.issue('input.unreadable', pass.bytes, pass.readError);
  stream.end();
  decoder.flush();
  issues.finish();
  return { packets: stream.datagrams, flows, issueCounts: addCounts(issues.totals()) };
};
