import type { PayloadHead } from '../../../src/detect/api';
import { arrivalTime } from './arrival';

/** The body of one HTTP/1.x message in a payload head, with the time its last byte arrived. */
export interface HttpBody {
  text: string;
  time: number;
}

const REQUEST_LINE = /^(?:GET|POST|PUT|HEAD|OPTIONS|PATCH|DELETE) \S+ HTTP\/1\.[01]\r?$/;
// Mid-stream, the next message may start right after the previous body, with no newline between.
// The target length is bounded, and so is the search, so a hostile head cannot make it quadratic.
const ANY_START = /(?:GET|POST|PUT|HEAD|OPTIONS|PATCH|DELETE) \S{1,512} HTTP\/1\.[01]\r?\n|HTTP\/1\.[01] \d{3} /;
const RESYNC_WINDOW = 64 * 1024;
const MAX_MESSAGES = 64;
const MAX_BODY = 256 * 1024;

/** True when the head starts with an HTTP/1.x request line. */
export function startsWithHttpRequest(head: PayloadHead): boolean {
  const probe = head.bytes.toString('latin1', 0, Math.min(head.bytes.length, 256));
  const lf = probe.indexOf('\n');
  return lf > 0 && REQUEST_LINE.test(probe.slice(0, lf));
}

/**
 * The bodies of the HTTP/1.x messages in a head, framed by Content-Length. Chunked bodies are
 * skipped (JSON-RPC clients and nodes send lengths); a head picked up mid-stream is resynchronised
 * at the next start line.
 */
export function httpBodies(head: PayloadHead, fallbackTime: number): HttpBody[] {
  const text = head.bytes.toString('latin1');
  const bodies: HttpBody[] = [];
  let pos = 0;
  if (head.midStream) {
    const match = ANY_START.exec(text.slice(0, RESYNC_WINDOW));
    if (!match) return bodies;
    pos = match.index;
  }
  for (let n = 0; n < MAX_MESSAGES && pos < text.length; n++) {
    const crlf = text.indexOf('\r\n\r\n', pos);
    const lflf = text.indexOf('\n\n', pos);
    const headerEnd = crlf >= 0 && (lflf < 0 || crlf < lflf) ? crlf + 4 : lflf >= 0 ? lflf + 2 : -1;
    if (headerEnd < 0) break;
    const headers = text.slice(pos, headerEnd);
    if (/^transfer-encoding:[^\n]*chunked/im.test(headers)) break;
    const declared = /^content-length:\s*(\d+)/im.exec(headers);
    const isResponse = headers.startsWith('HTTP/');
    const length = declared ? Number(declared[1]) : isResponse ? text.length - headerEnd : 0;
    const end = headerEnd + length;
    if (length > MAX_BODY || end > text.length) break;
    // Only JSON bodies can carry JSON-RPC: web pages and downloads are not decoded.
    const opening = text.slice(headerEnd, headerEnd + 16).trimStart()[0];
    if (length > 0 && (opening === '{' || opening === '[')) {
      bodies.push({
        text: head.bytes.toString('utf8', headerEnd, end).trim(),
        time: arrivalTime(head.marks, end - 1, fallbackTime),
      });
    }
    pos = end;
  }
  return bodies;
}
