import type { PayloadHead } from '../../../src/detect/api';

/**
 * Part of a head as a head of its own: what follows an HTTP exchange, say. Marks are re-based so
 * arrival times stay right; the slice starts mid-stream unless it starts where the head does.
 */
export function sliceHead(head: PayloadHead, from: number, to = head.bytes.length): PayloadHead {
  if (from <= 0 && to >= head.bytes.length) return head;
  const marks: PayloadHead['marks'] = [];
  for (const mark of head.marks) {
    if (mark.offset >= to) break;
    // The mark in force at `from` times the slice's first bytes.
    if (mark.offset <= from) marks[0] = { offset: 0, time: mark.time };
    else marks.push({ offset: mark.offset - from, time: mark.time });
  }
  return {
    bytes: head.bytes.subarray(from, to),
    marks,
    truncated: head.truncated && to >= head.bytes.length,
    midStream: head.midStream || from > 0,
    gaps: head.gaps,
  };
}

/** Pieces of text (WebSocket messages, say), each on a line of its own, timed by its piece. */
export function joinedHead(pieces: ReadonlyArray<{ bytes: Buffer; time: number }>): PayloadHead {
  const chunks: Buffer[] = [];
  const marks: PayloadHead['marks'] = [];
  let offset = 0;
  const newline = Buffer.from('\n');
  for (const piece of pieces) {
    marks.push({ offset, time: piece.time });
    chunks.push(piece.bytes, newline);
    offset += piece.bytes.length + 1;
  }
  return { bytes: Buffer.concat(chunks), marks, truncated: false, midStream: false, gaps: 0 };
}
