/**
 * Raw sFlow files: v5 datagrams back to back, as a collector stores the UDP payloads it received
 * (`sflowtool -r` reads the same layout from a pcap; nfacctd / custom collectors dump payloads).
 * The file is streamed in chunks, holding at most one partial datagram between chunks. Bytes that
 * do not frame as a datagram are skipped up to the next plausible header, as one issue per run.
 *
 * A file has no clock: sampled packets are timed by the agent's uptime (seconds since it booted),
 * so idle and active timeouts still work within the file, but times are not calendar times.
 */
import type { FormatReader } from '../format-reader';
import type { IssueLimiter } from '../issue-limiter';
import { u32be } from '../pcap/bytes';
import { readDatagramFile, type DatagramFraming, type Framed } from '../datagram-file';
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

/** sFlow's framing for a datagram file: a broken sample length leaves no way to find the end, so the read resyncs past it. */
function sflowFraming(decoder: SflowDecoder, sender: string, issues: IssueLimiter): DatagramFraming<Framed & { brokenAt: number; samples: number }> {
  return {
    frame: (buf, pos, end, atEnd) => {
      const framed = frameDatagram(buf, pos, end, atEnd);
      return typeof framed === 'number' ? framed : { ...framed, resync: framed.brokenAt >= 0 };
    },
    nextHeader: (buf, from, end, atEnd) => {
      const next = nextHeader(buf, from, end);
      return atEnd && next + 8 > end ? end : next;
    },
    message(bytes, offset, framed) {
      if (framed.brokenAt >= 0) {
        issues.issue('sflow.bad-length', offset + framed.brokenAt, () => `sample ${framed.samples + 1} of the datagram at file offset ${offset} has a length that cannot be right (not a multiple of 4, or past 64 KiB); the reading resumes at the next datagram header`);
      }
      decoder.decode(bytes, { offset, positional: true, sender, knownShort: framed.brokenAt >= 0 });
    },
    garbage: { code: 'sflow.bad-header', notA: 'an sFlow v5 datagram' },
  };
}

export const readSflowFile: FormatReader = (source, config, sink) =>
  readDatagramFile(source, sink, (emit, issues, fileName) => {
    const decoder = new SflowDecoder(config.capture, emit, issues);
    return { framing: sflowFraming(decoder, fileName, issues), flush: () => decoder.flush() };
  });
