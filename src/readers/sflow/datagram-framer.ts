/**
 * Where a datagram ends when datagrams lie back to back in a file (a collector storing the UDP
 * payloads it received). sFlow has no total-length field, but the header counts its samples and
 * every sample states its length, so the walk header → samples finds the end. Only the outer
 * lengths are checked here; the decoder checks everything inside the samples.
 */
import { u32be } from '../pcap/bytes';
import { addressBytes } from './datagram-header';
import { DATAGRAM_FIXED_BYTES, isWordMultiple, MAX_DATAGRAM_BYTES, SFLOW_VERSION, TAG_BYTES } from './layout';

// NEED_MORE: the bytes so far end inside the datagram; NOT_A_HEADER: no sFlow v5 header starts here.
import { NEED_MORE, NOT_A_HEADER } from '../datagram-file';
export { NEED_MORE, NOT_A_HEADER };

export interface Framed {
  /** Bytes of the datagram (all of it, or up to the sample whose length is broken). */
  length: number;
  /** Offset (from the datagram start) of a sample length that cannot be right, or -1. */
  brokenAt: number;
  /** Samples inside `length`. */
  samples: number;
}

/**
 * Frames the datagram starting at `pos`. `atEnd`: no more bytes will come, so a datagram that
 * runs past `end` is framed as what is there (the decoder reports it as truncated).
 */
export function frameDatagram(buf: Buffer, pos: number, end: number, atEnd: boolean): Framed | typeof NEED_MORE | typeof NOT_A_HEADER {
  const header = headerLength(buf, pos, end);
  if (header === NOT_A_HEADER) return NOT_A_HEADER;
  if (header === NEED_MORE) return atEnd ? NOT_A_HEADER : NEED_MORE;
  const count = u32be(buf, pos + header - 4);
  // Every sample needs at least its tag: more than fit in a UDP payload is no sFlow header.
  if (count * TAG_BYTES > MAX_DATAGRAM_BYTES - header) return NOT_A_HEADER;
  let at = header;
  for (let i = 0; i < count; i++) {
    if (pos + at + TAG_BYTES > end) return atEnd ? { length: end - pos, brokenAt: -1, samples: i } : NEED_MORE;
    const length = u32be(buf, pos + at + 4);
    if (!isWordMultiple(length) || at + TAG_BYTES + length > MAX_DATAGRAM_BYTES) return { length: at, brokenAt: at, samples: i };
    const next = at + TAG_BYTES + length;
    if (pos + next > end) return atEnd ? { length: end - pos, brokenAt: -1, samples: i } : NEED_MORE;
    at = next;
  }
  return { length: at, brokenAt: -1, samples: count };
}

/** Header length (address included) if a plausible v5 header starts at `pos`. */
function headerLength(buf: Buffer, pos: number, end: number): number {
  if (end - pos < 8) return NEED_MORE;
  if (u32be(buf, pos) !== SFLOW_VERSION) return NOT_A_HEADER;
  const size = addressBytes(u32be(buf, pos + 4));
  // Type 0 ("unknown") is legal but makes four zero bytes after 5 look like a header: files
  // written by collectors always carry the agent address, so only 1 and 2 start a datagram here.
  if (size <= 0) return NOT_A_HEADER;
  const length = DATAGRAM_FIXED_BYTES + size;
  return end - pos < length ? NEED_MORE : length;
}

/** The next offset at or after `from` where a plausible header could start (4-byte steps do not hold: skipped bytes may be odd). */
export function nextHeader(buf: Buffer, from: number, end: number): number {
  for (let pos = from; pos + 8 <= end; pos++) {
    if (buf[pos] === 0 && buf[pos + 1] === 0 && buf[pos + 2] === 0 && buf[pos + 3] === SFLOW_VERSION && headerLength(buf, pos, end) !== NOT_A_HEADER) return pos;
  }
  return Math.max(from, end - 7);
}
