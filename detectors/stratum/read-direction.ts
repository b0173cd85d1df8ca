/**
 * Where JSON-RPC is in one direction of a TCP conversation, wherever it starts: after HTTP
 * messages (a `GET /` in front of Stratum), in their JSON bodies, in WebSocket messages after an
 * Upgrade, or as JSON lines after a prefix of anything (a NUL, junk of any length), with any line
 * end. Pages and downloads are HTTP bodies and are never read as lines.
 */
import type { PayloadHead } from '../../src/detect/api';
import { firstObjectOffset } from './wire/first-object';
import { joinedHead, sliceHead } from './wire/head-slice';
import { readHttp } from './wire/http-messages';
import { splitLines } from './wire/json-lines';
import { parseRpc, type RpcMessage } from './wire/rpc-message';
import { readWebSocket } from './wire/websocket-frames';

export interface DirectionReading {
  /** Messages of a stream of their own: JSON lines, or WebSocket messages. */
  stream: RpcMessage[];
  /** The stream came in WebSocket messages (after an Upgrade), where Ethereum nodes serve JSON-RPC too. */
  websocket: boolean;
  /** Messages in HTTP bodies, where node queries and mining look alike until work is submitted. */
  http: RpcMessage[];
  /** This side opened a CONNECT tunnel: the other side's 2xx answer has no body. */
  connect: boolean;
  /** JSON lines in the tail window, when the head ended in JSON lines (none otherwise). */
  tail: RpcMessage[];
}

interface ViewReading extends Omit<DirectionReading, 'tail'> {
  /** The head ended in JSON lines, so what follows it (the tail window) is read as lines too. */
  endsInLines: boolean;
}

/** A tag opening (`<p`, `</pre`, `<!doctype`). */
const MARKUP = /<[A-Za-z!/]/;
/** A control byte no text document holds (tab, LF and CR aside): the bytes are binary. */
const BINARY = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

/**
 * What the bytes before the first JSON object weigh against the lines from it on: one line,
 * whatever they are (a NUL, binary junk, the cut line a mid-stream head starts in), unless they
 * are a document, text with markup; then each of their lines counts, so a page quoting Stratum
 * in a `<pre>` stays a page.
 */
function prefixWeight(head: PayloadHead, from: number, fallbackTime: number): number {
  if (from === 0) return 0;
  const prefix = head.bytes.toString('latin1', 0, from);
  if (BINARY.test(prefix) || !MARKUP.test(prefix)) return 1;
  return splitLines(sliceHead(head, 0, from), fallbackTime, { objectsOnly: true }).length;
}

/**
 * JSON-RPC lines from the first line that is a JSON object on; none unless most lines from there
 * are JSON objects, as Stratum's are (the prefix weighed by `prefixWeight`), so a page or log
 * quoting Stratum here and there is not read.
 */
export function lineMessages(head: PayloadHead, fallbackTime: number): RpcMessage[] {
  const from = firstObjectOffset(head);
  if (from === undefined) return [];
  const lines = splitLines(head, fallbackTime, { objectsOnly: true, from });
  const messages = lines.flatMap((line) => (line.text ? parseRpc(line.text, line.time) : []));
  return messages.length * 2 >= lines.length + prefixWeight(head, from, fallbackTime) ? messages : [];
}

function readView(head: PayloadHead, fallbackTime: number, afterConnect: boolean): ViewReading {
  const http = readHttp(head, fallbackTime, afterConnect);
  const reading: ViewReading = {
    stream: [],
    websocket: false,
    http: http.bodies.flatMap((body) => parseRpc(body.text, body.time, true)),
    connect: http.connect,
    endsInLines: false,
  };
  if (http.rest === undefined) return reading;
  const rest = sliceHead(head, http.rest);
  if (http.upgrade) {
    const ws = readWebSocket(rest, fallbackTime);
    // An Upgrade followed by something that is not frames is read as what it is.
    if (ws.frames > 0) {
      reading.stream = lineMessages(joinedHead(ws.messages), fallbackTime);
      reading.websocket = true;
      return reading;
    }
  }
  reading.stream = lineMessages(rest, fallbackTime);
  reading.endsInLines = true;
  return reading;
}

/**
 * The readings of a direction: its head, then, when the capture layer kept one, the head with the
 * later copies of overlapped bytes (`laterCopies`). Only one of them reached the receiver, and an
 * insertion can make either the garbage one, so the caller judges each: whichever shows mining is
 * the protocol. The tail window is read when the head ended in JSON lines (a tail after an HTTP
 * body or WebSocket frames cannot be framed from the middle), and kept apart: bytes never seen
 * lie between it and the head.
 */
export function readDirection(head: PayloadHead, fallbackTime: number, afterConnect = false): DirectionReading[] {
  const views = [readView(head, fallbackTime, afterConnect)];
  if (head.laterCopies) views.push(readView(head.laterCopies, fallbackTime, afterConnect));
  let tail: RpcMessage[] | undefined;
  return views.map(({ stream, websocket, http, connect, endsInLines }) => {
    // Both readings share one tail, read once.
    if (endsInLines && head.tail) tail ??= lineMessages(head.tail, fallbackTime);
    return { stream, websocket, http, connect, tail: endsInLines ? (tail ?? []) : [] };
  });
}
