import type { PayloadHead } from '../../../src/detect/api';
import { LINE_LIMITS, type TimedLine } from './json-lines';

/**
 * A sampled head (`head.sampled`, sFlow) read packet by packet. Each mark starts one sampled
 * packet's payload, and Stratum peers write one message per segment most of the time, so each
 * packet is read as a fragment that begins at a message: the lines it holds whole (up to an LF)
 * are messages like any other, and what follows its last LF is the visible start of a message
 * that was cut (by the agent's header length, or by the sender's segmenting).
 */
export interface SampledFragments {
  /** Lines ended by an LF inside one packet: whole messages. */
  lines: TimedLine[];
  /** The unterminated tail of each packet that starts with "{": a message prefix. */
  prefixes: TimedLine[];
  /** Packets with any payload. */
  packets: number;
  /**
   * Packets that may belong to a JSON-lines stream: they start with "{" (after blanks), or they
   * are plain text that can carry on a message cut across segments. The JSON-lines guard
   * counts these.
   */
  jsonTextPackets: number;
  /** Packets that start like an HTTP/1.x request (CONNECT counted apart), or a status line. */
  http: { requests: number; connects: number; statuses: number };
}

// The request line may itself be cut by the header length: its method and target are enough.
const REQUEST_START = /^(?:GET|POST|PUT|HEAD|OPTIONS|PATCH|DELETE) (?:\/|https?:\/\/)/;
const CONNECT_START = /^CONNECT \S/;
const STATUS_START = /^HTTP\/1\.[01] \d{3}/;
const LF = 0x0a;
const CR = 0x0d;
const OPEN_BRACE = 0x7b;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === CR || byte === LF;
}

/** Text of `bytes[from, to)` without its blanks, or '' when it is not a JSON object start. */
function objectText(bytes: Buffer, from: number, to: number): string {
  let first = from;
  while (first < to && isSpace(bytes[first])) first++;
  let last = to;
  while (last > first && isSpace(bytes[last - 1])) last--;
  if (first >= last || bytes[first] !== OPEN_BRACE || last - first > LINE_LIMITS.maxLineBytes) return '';
  return bytes.toString('utf8', first, last);
}

/**
 * A packet that carries on a message cut across segments: text with no markup ("<") and no
 * control bytes but tab, CR and LF. Stratum continuations are hex and JSON punctuation; pages
 * have tags, binary protocols have control bytes.
 */
function isPlainText(bytes: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    if (b === 0x3c || b === 0x7f || (b < 0x20 && b !== 0x09 && b !== LF && b !== CR)) return false;
  }
  return true;
}

export function sampledFragments(head: PayloadHead, fallbackTime: number): SampledFragments {
  const { bytes, marks } = head;
  const out: SampledFragments = { lines: [], prefixes: [], packets: 0, jsonTextPackets: 0, http: { requests: 0, connects: 0, statuses: 0 } };
  const starts = marks.length > 0 ? marks : [{ offset: 0, time: fallbackTime }];
  for (let i = 0; i < starts.length && out.lines.length + out.prefixes.length < LINE_LIMITS.maxLines; i++) {
    const from = Math.min(starts[i].offset, bytes.length);
    const to = Math.min(i + 1 < starts.length ? starts[i + 1].offset : bytes.length, bytes.length);
    const time = Number.isFinite(starts[i].time) ? starts[i].time : fallbackTime;
    let first = from;
    while (first < to && isSpace(bytes[first])) first++;
    if (first >= to) continue;
    out.packets++;
    if (bytes[first] === OPEN_BRACE || isPlainText(bytes, first, to)) out.jsonTextPackets++;
    const start = bytes.toString('latin1', first, Math.min(to, first + 16));
    if (REQUEST_START.test(start)) out.http.requests++;
    else if (CONNECT_START.test(start)) out.http.connects++;
    else if (STATUS_START.test(start)) out.http.statuses++;
    let pos = from;
    while (pos < to) {
      const lf = bytes.indexOf(LF, pos);
      if (lf < 0 || lf >= to) {
        const text = objectText(bytes, pos, to);
        if (text) out.prefixes.push({ text, time });
        break;
      }
      const text = objectText(bytes, pos, lf);
      if (text) out.lines.push({ text, time });
      pos = lf + 1;
    }
  }
  return out;
}
