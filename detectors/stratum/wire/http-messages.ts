import type { PayloadHead } from '../../../src/detect/api';
import { arrivalTime } from './arrival';

/** The body of one HTTP/1.x message in a payload head, with the time its last byte arrived. */
export interface HttpBody {
  text: string;
  time: number;
}

/** What the HTTP messages at the start of a head say, and where they stop. */
export interface HttpReading {
  /** JSON bodies, framed by Content-Length (or a response read to the close). */
  bodies: HttpBody[];
  /**
   * Where the bytes stop being HTTP: after a message, something that is not a start line (a
   * tunnel after CONNECT, WebSocket frames after an Upgrade, or anything at all a client sends
   * after a request). Undefined when the rest of the head is HTTP: a body, or a message cut.
   */
  rest?: number;
  /** The client asked to switch to WebSocket, or the server answered 101. */
  upgrade: boolean;
  /** The client opened a CONNECT tunnel. */
  connect: boolean;
}

const METHODS = 'GET|POST|PUT|HEAD|OPTIONS|PATCH|DELETE|CONNECT';
// Mid-stream, the next message may start right after the previous body, with no newline between.
// The target length is bounded, and so is the search, so a hostile head cannot make it quadratic.
const ANY_START = new RegExp(`(?:${METHODS}) \\S{1,512} HTTP\\/1\\.[01]\\r?\\n|HTTP\\/1\\.[01] \\d{3} `);
const START_AT = new RegExp(`(?:${METHODS}) \\S{1,2048} HTTP\\/1\\.[01]\\r?\\n|HTTP\\/1\\.[01] \\d{3}[ \\r\\n]`, 'y');
const RESYNC_WINDOW = 64 * 1024;
const MAX_MESSAGES = 64;
const MAX_BODY = 256 * 1024;
/** Bytes searched for the end of one message's header block. */
const MAX_HEADER = 16 * 1024;

function headerEndAt(text: string, pos: number): number {
  const window = text.slice(pos, pos + MAX_HEADER);
  const crlf = window.indexOf('\r\n\r\n');
  const lflf = window.indexOf('\n\n');
  if (crlf >= 0 && (lflf < 0 || crlf < lflf)) return pos + crlf + 4;
  return lflf >= 0 ? pos + lflf + 2 : -1;
}

/** A response with no body whatever its headers say (RFC 9112 §6.3): 1xx, 204, 304, and 2xx to CONNECT. */
function bodiless(status: number, afterConnect: boolean): boolean {
  return (status >= 100 && status < 200) || status === 204 || status === 304 || (afterConnect && status >= 200 && status < 300);
}

/**
 * Reads the HTTP/1.x messages a head starts with, one after another (keep-alive, pipelining),
 * and says where they stop. Bodies are framed by Content-Length; a response without one runs to
 * the close. A chunked body, or one the head cut, leaves the rest of the head to HTTP. A head
 * picked up mid-stream is resynchronised at the next start line, and what precedes it is an
 * unknown body. `afterConnect`: the peer opened a CONNECT tunnel, so its 2xx answer has no body.
 */
export function readHttp(head: PayloadHead, fallbackTime: number, afterConnect = false): HttpReading {
  const text = head.bytes.toString('latin1');
  const reading: HttpReading = { bodies: [], upgrade: false, connect: false };
  let pos = 0;
  if (head.midStream) {
    const match = ANY_START.exec(text.slice(0, RESYNC_WINDOW));
    if (!match) return { ...reading, rest: 0 };
    pos = match.index;
  }
  for (let n = 0; n < MAX_MESSAGES; n++) {
    // Blank lines between messages are allowed (RFC 9112 §2.2).
    while (text[pos] === '\r' || text[pos] === '\n') pos++;
    if (pos >= text.length) return reading;
    START_AT.lastIndex = pos;
    if (!START_AT.test(text)) return { ...reading, rest: pos };
    const headerEnd = headerEndAt(text, pos);
    if (headerEnd < 0) return reading;
    const headers = text.slice(pos, headerEnd);
    const status = headers.startsWith('HTTP/') ? Number(headers.slice(9, 12)) : undefined;
    if (status === undefined && headers.startsWith('CONNECT ')) return { ...reading, connect: true, rest: headerEnd };
    if (status === 101 || (status === undefined && /^upgrade:[^\n]*websocket/im.test(headers))) {
      return { ...reading, upgrade: true, rest: headerEnd };
    }
    if (status !== undefined && bodiless(status, afterConnect)) {
      if (afterConnect) return { ...reading, rest: headerEnd };
      pos = headerEnd;
      continue;
    }
    if (/^transfer-encoding:[^\n]*chunked/im.test(headers)) return reading;
    const declared = /^content-length:\s*(\d+)/im.exec(headers);
    const length = declared ? Number(declared[1]) : status !== undefined ? text.length - headerEnd : 0;
    const end = headerEnd + length;
    if (length > MAX_BODY || end > text.length) return reading;
    // Only JSON bodies can carry JSON-RPC: web pages and downloads are not decoded.
    const opening = text.slice(headerEnd, headerEnd + 16).trimStart()[0];
    if (length > 0 && (opening === '{' || opening === '[')) {
      reading.bodies.push({
        text: head.bytes.toString('utf8', headerEnd, end).trim(),
        time: arrivalTime(head.marks, end - 1, fallbackTime),
      });
    }
    // A body read to the close ends the head's HTTP; after a framed one, the next message.
    if (!declared && status !== undefined) return reading;
    pos = end;
  }
  return reading;
}

/** The JSON bodies of the HTTP/1.x messages in a head (see `readHttp`). */
export function httpBodies(head: PayloadHead, fallbackTime: number): HttpBody[] {
  return readHttp(head, fallbackTime).bodies;
}
