/**
 * Where in a payload head a peer-to-peer message may start. A head that starts with the stream
 * (SYN seen) is checked at offset 0 only; one picked up mid-stream is searched in its first few
 * KiB for a header, because a long-lived node connection is usually caught in the middle.
 */
import type { PayloadHead } from '../../src/detect/api';

const MID_STREAM_SEARCH_BYTES = 4096;

export function* messageStarts(head: PayloadHead, firstByte: ReadonlySet<number>): Generator<number> {
  if (head.bytes.length === 0) return;
  if (!head.midStream) {
    yield 0;
    return;
  }
  const end = Math.min(head.bytes.length, MID_STREAM_SEARCH_BYTES);
  for (let offset = 0; offset < end; offset++) {
    if (firstByte.has(head.bytes[offset])) yield offset;
  }
}

/** The first result of `parse` at a plausible message start in either direction, client first. */
export function firstMessage<T>(
  heads: { toServer: PayloadHead; toClient: PayloadHead },
  firstByte: ReadonlySet<number>,
  parse: (bytes: Buffer, offset: number) => T | undefined,
): (T & { direction: 'toServer' | 'toClient' }) | undefined {
  for (const direction of ['toServer', 'toClient'] as const) {
    const head = heads[direction];
    for (const offset of messageStarts(head, firstByte)) {
      const found = parse(head.bytes, offset);
      if (found) return { ...found, direction };
    }
  }
  return undefined;
}
