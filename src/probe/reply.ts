/**
 * Reading what a server sent back, without trusting it: an HTTP response (status, headers, a
 * Content-Length or chunked body), or lines; the JSON objects among them; the first line that is
 * not JSON. Pure and total: any bytes give an answer, nothing throws.
 */

export interface HttpReply {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  /** The whole response is here (its body length is known and reached). */
  complete: boolean;
}

export interface ParsedReply {
  http?: HttpReply;
  /** The JSON objects read, in order (a JSON array counts as a batch of them). */
  messages: Record<string, unknown>[];
  /** The first non-empty line that is not JSON, as sent. */
  firstText?: string;
  /** Bytes that are neither text nor JSON make a reply binary (MQTT, TLS alerts, garbage). */
  binary: boolean;
}

/** Printable ASCII only (runs of anything else become one space), trimmed, at most `max` chars. */
export function printable(text: string, max = 200): string {
  return text
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim()
    .slice(0, max);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonObjects(text: string): Record<string, unknown>[] | undefined {
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    const value = JSON.parse(t) as unknown;
    if (isRecord(value)) return [value];
    if (Array.isArray(value) && value.length > 0 && value.every(isRecord)) return value;
  } catch {
    // not JSON (or cut short by the read limit)
  }
  return undefined;
}

const HEAD_END = '\r\n\r\n';

/** A chunked body decoded as far as it goes; `done` once the last (zero) chunk arrived. */
function dechunk(raw: string): { body: string; done: boolean } {
  let body = '';
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    if (eol < 0) return { body, done: false };
    const size = parseInt(raw.slice(at, eol).split(';')[0], 16);
    if (!Number.isFinite(size) || size < 0) return { body, done: false };
    if (size === 0) return { body, done: true };
    body += raw.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
    if (at > raw.length) return { body, done: false };
  }
}

function parseHttp(text: string): { http: HttpReply; body: string } | undefined {
  const status = /^HTTP\/\d(?:\.\d)? (\d{3}) ?([^\r\n]*)/.exec(text);
  if (!status) return undefined;
  const headEnd = text.indexOf(HEAD_END);
  const head = headEnd < 0 ? text : text.slice(0, headEnd);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const http: HttpReply = { status: Number(status[1]), statusText: status[2], headers, complete: false };
  if (headEnd < 0) return { http, body: '' };
  const raw = text.slice(headEnd + HEAD_END.length);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const { body, done } = dechunk(raw);
    return { http: { ...http, complete: done }, body };
  }
  const length = Number(headers['content-length']);
  if (Number.isInteger(length) && length >= 0) {
    // Content-Length counts bytes; latin1 keeps one char per byte, so the comparison holds.
    return { http: { ...http, complete: raw.length >= length }, body: raw.slice(0, length) };
  }
  // No length: the body runs to the close (we asked for Connection: close).
  return { http: { ...http, complete: http.status === 204 || http.status === 304 }, body: raw };
}

/** Control bytes other than tab, CR, LF (or a NUL at all) make a reply binary: MQTT, TLS alerts, garbage. */
function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0x7f) control++;
  }
  return control > 0 && control * 50 >= n;
}

export function parseReply(reply: Buffer | string): ParsedReply {
  // latin1: one char per byte, so lengths match Content-Length and nothing can fail to decode;
  // JSON is re-read as UTF-8 below so names outside ASCII survive.
  const text = typeof reply === 'string' ? reply : reply.toString('latin1');
  const utf8 = (s: string) => (typeof reply === 'string' ? s : Buffer.from(s, 'latin1').toString('utf8'));
  const parsedHttp = parseHttp(text);
  const body = parsedHttp ? parsedHttp.body : text;
  const messages: Record<string, unknown>[] = [];
  let firstText: string | undefined;
  const whole = parsedHttp ? jsonObjects(utf8(body)) : undefined;
  if (whole) messages.push(...whole);
  else {
    for (const line of body.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      const found = jsonObjects(utf8(line));
      if (found) messages.push(...found);
      else firstText ??= line;
    }
  }
  return { ...(parsedHttp ? { http: parsedHttp.http } : {}), messages, firstText, binary: looksBinary(text) };
}

/** A reply holds a whole answer unit: a line, or a complete HTTP response. */
export function hasWholeUnit(reply: Buffer): boolean {
  if (reply.subarray(0, 5).toString('latin1') === 'HTTP/') return parseHttp(reply.toString('latin1'))?.http.complete ?? false;
  return reply.includes(10);
}
