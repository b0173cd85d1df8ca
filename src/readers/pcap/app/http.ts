/**
 * HTTP/1.x heads (RFC 9112): a request line `method SP target SP HTTP/x.y` or a status line
 * `HTTP/x.y SP code ...`, then `name: value` lines up to an empty line. getwork miners and
 * servers announce themselves in headers (X-Mining-Extensions, X-Stratum, X-Long-Polling).
 */
import type { HttpFacts } from '../../../flow/flow-record';

export interface HttpRequestOutcome {
  facts?: HttpFacts;
  problem?: string;
}

const METHODS = ['GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE'];
const MINING_HEADERS: ReadonlySet<string> = new Set(['x-mining-extensions', 'x-stratum', 'x-long-polling']);
const MAX_HEADERS = 100;
const MAX_VALUE = 512;
const REQUEST_LINE = /^[A-Z]+ (\S+) HTTP\/\d\.\d$/;
const STATUS_LINE = /^HTTP\/1\.\d \d{3}( |$)/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** True when the bytes start with a known method and a space. */
export function startsLikeHttpRequest(head: Buffer): boolean {
  const start = head.toString('latin1', 0, Math.min(head.length, 8));
  return METHODS.some((method) => start.startsWith(`${method} `));
}

/** Never throws; says nothing when the head is not an HTTP request or ends inside its first line. */
export function parseHttpRequestHead(head: Buffer): HttpRequestOutcome {
  if (!startsLikeHttpRequest(head)) return {};
  const lines = headLines(head);
  if (lines.length === 0) return {};
  const requestLine = lines[0];
  const target = REQUEST_LINE.exec(requestLine)?.[1];
  if (target === undefined) {
    return { problem: `HTTP request line ${JSON.stringify(requestLine.slice(0, 80))} is not "method target HTTP/x.y"` };
  }
  const { headers, badLine } = readHeaders(lines);
  const facts: HttpFacts = { requestLine: cap(requestLine) };
  const host = headers.get('host') ?? absoluteFormHost(target);
  const normalised = host === undefined ? undefined : hostWithoutPort(host);
  if (normalised) facts.host = normalised;
  const agent = headers.get('user-agent');
  if (agent !== undefined) facts.userAgent = agent;
  const mining = miningHeaders(headers);
  if (mining !== undefined) facts.miningHeaders = mining;
  const problem = badLine === undefined ? undefined : `HTTP header line ${JSON.stringify(badLine.slice(0, 80))} has no "name:"`;
  return { facts, problem };
}

/** Mining headers of a response head (getwork servers send them), or undefined. */
export function readResponseMiningHeaders(head: Buffer): Record<string, string> | undefined {
  if (!head.toString('latin1', 0, Math.min(head.length, 9)).startsWith('HTTP/1.')) return undefined;
  const lines = headLines(head);
  if (lines.length === 0 || !STATUS_LINE.test(lines[0])) return undefined;
  return miningHeaders(readHeaders(lines).headers);
}

/** The complete lines of the head, up to the empty line that ends it (CRLF or bare LF). */
function headLines(head: Buffer): string[] {
  const blank = [head.indexOf('\n\r\n'), head.indexOf('\n\n')].filter((at) => at >= 0);
  const end = blank.length > 0 ? Math.min(...blank) : head.lastIndexOf(0x0a);
  if (end < 0) return [];
  const lines = head.toString('latin1', 0, end).split('\n');
  const out: string[] = [];
  for (const line of lines) {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text === '') break;
    out.push(text);
    if (out.length > MAX_HEADERS) break;
  }
  return out;
}

/** Header values by lower-case name (the first occurrence wins); obs-fold lines continue a value. */
function readHeaders(lines: string[]): { headers: Map<string, string>; badLine?: string } {
  const headers = new Map<string, string>();
  let badLine: string | undefined;
  let previous: string | undefined;
  for (const line of lines.slice(1)) {
    if ((line[0] === ' ' || line[0] === '\t') && previous !== undefined) {
      headers.set(previous, cap(`${headers.get(previous)} ${line.trim()}`));
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : '';
    if (!TOKEN.test(name)) {
      badLine ??= line;
      previous = undefined;
      continue;
    }
    previous = name.toLowerCase();
    if (!headers.has(previous)) headers.set(previous, cap(line.slice(colon + 1).trim()));
  }
  return { headers, badLine };
}

function miningHeaders(headers: Map<string, string>): Record<string, string> | undefined {
  let found: Record<string, string> | undefined;
  for (const [name, value] of headers) {
    if (MINING_HEADERS.has(name)) (found ??= {})[name] = value;
  }
  return found;
}

/** `http://host:port/path` (absolute form, as sent to proxies) → `host:port`. */
function absoluteFormHost(target: string): string | undefined {
  const match = /^https?:\/\/([^/?#]+)/i.exec(target);
  return match?.[1].replace(/^.*@/, '');
}

/** Lower-case, without port, brackets or a trailing dot. */
function hostWithoutPort(host: string): string {
  let text = host.trim().toLowerCase();
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    text = close > 0 ? text.slice(1, close) : text;
  } else if (text.indexOf(':') === text.lastIndexOf(':')) {
    const colon = text.indexOf(':');
    if (colon >= 0) text = text.slice(0, colon);
  }
  return text.endsWith('.') ? text.slice(0, -1) : text;
}

function cap(text: string): string {
  return text.length > MAX_VALUE ? text.slice(0, MAX_VALUE) : text;
}
