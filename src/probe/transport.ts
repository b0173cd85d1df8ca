/**
 * One request on one fresh connection, bounded every way: the TCP connect and (for TLS) the
 * handshake within connectTimeoutMs; each step's reply within readTimeoutMs; never more than
 * maxReplyBytes kept or read past (the socket is destroyed there, so a server streaming garbage
 * costs one read buffer, not memory); nothing past the endpoint's deadline. Never rejects: every
 * failure is a result.
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { hasWholeUnit } from './reply';
import type { Transport } from './verdict';

export interface Limits {
  connectTimeoutMs: number;
  readTimeoutMs: number;
  maxReplyBytes: number;
}

export interface Dialled {
  host: string;
  port: number;
}

export type ExchangeResult =
  | {
      connected: false;
      /** `connect`: no TCP connection; `handshake`: TCP connected, TLS did not come up. */
      stage: 'connect' | 'handshake';
      reason: string;
    }
  | {
      connected: true;
      /** At most maxReplyBytes. */
      reply: Buffer;
      /** Bytes the socket delivered (one read past the limit at most). */
      bytesRead: number;
      /** The server closed (or reset) the connection. */
      ended: boolean;
      /** The limit was reached and the connection cut. */
      overflow: boolean;
      /** Steps sent: later steps go only after an answer to the one before. */
      stepsSent: number;
      /** Nothing came and nothing closed: every wait ran out. */
      silent: boolean;
    };

export interface ExchangeOptions {
  transport: Transport;
  /** TLS server name (tls-sni only). */
  sni?: string;
  limits: Limits;
  /** Monotonic ms (performance.now) past which nothing waits. */
  deadline: number;
  /** Open sockets, so the prober can destroy them on close(). */
  sockets: Set<Socket>;
  /** The reply so far already decides (a pool answered): stop reading. */
  conclusive?(reply: Buffer): boolean;
  /** Monotonic clock; tests may not need it, the deadline is on it. */
  clock?(): number;
}

/**
 * After a whole answer (a line, a complete HTTP response), a pause this long ends the reply:
 * pools write the reply and their first notifications in one burst.
 */
export const QUIET_MS = 150;

const monotonic = () => performance.now();

function connectFailure(e: NodeJS.ErrnoException, tcpUp: boolean): string {
  if (!tcpUp) {
    if (e.code === 'ECONNREFUSED') return 'refused';
    if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH') return `unreachable (${e.code})`;
    return `connect failed (${e.code ?? e.message})`;
  }
  return `handshake failed (${printableError(e)})`;
}

function printableError(e: NodeJS.ErrnoException): string {
  return (e.code ?? e.message).replace(/[^\x20-\x7e]+/g, ' ').slice(0, 80);
}

export function exchange(to: Dialled, steps: readonly string[], options: ExchangeOptions): Promise<ExchangeResult> {
  const { limits, sockets, transport } = options;
  const clock = options.clock ?? monotonic;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let bytesRead = 0;
    let tcpUp = false;
    let ready = false;
    let done = false;
    let step = 0;
    let stepMark = 0;
    let timer: NodeJS.Timeout | undefined;
    let quiet: NodeJS.Timeout | undefined;
    const remaining = () => Math.max(0, options.deadline - clock());

    const socket: Socket =
      transport === 'tcp'
        ? tcpConnect({ host: to.host, port: to.port })
        : // No SNI unless asked: servername '' keeps Node from sending one. Certificates are
          // not checked: pools use self-signed ones, and we only classify what answers.
          tlsConnect({ host: to.host, port: to.port, rejectUnauthorized: false, servername: transport === 'tls-sni' ? (options.sni ?? '') : '' });
    sockets.add(socket);

    const cleanup = () => {
      clearTimeout(timer);
      clearTimeout(quiet);
      sockets.delete(socket);
      socket.removeAllListeners('data');
      socket.destroy();
    };
    const fail = (stage: 'connect' | 'handshake', reason: string) => {
      if (done) return;
      done = true;
      cleanup();
      resolve({ connected: false, stage, reason });
    };
    const finish = (ended: boolean, overflow = false) => {
      if (done) return;
      done = true;
      cleanup();
      const reply = Buffer.concat(chunks);
      resolve({ connected: true, reply, bytesRead, ended, overflow, stepsSent: step + 1, silent: bytesRead === 0 && !ended });
    };

    const endStep = () => {
      clearTimeout(timer);
      clearTimeout(quiet);
      // The next step only follows an answer to this one, on a connection still open.
      if (step + 1 < steps.length && bytesRead > stepMark && !socket.destroyed && remaining() > 0) {
        step++;
        send();
      } else finish(false);
    };
    const send = () => {
      stepMark = bytesRead;
      socket.write(steps[step]);
      timer = setTimeout(endStep, Math.min(limits.readTimeoutMs, remaining()));
    };

    const connectWait = Math.min(limits.connectTimeoutMs, remaining());
    timer = setTimeout(
      () => fail(tcpUp ? 'handshake' : 'connect', tcpUp ? `handshake timed out after ${connectWait} ms` : `connect timed out after ${connectWait} ms`),
      connectWait,
    );
    const onReady = () => {
      ready = true;
      clearTimeout(timer);
      send();
    };
    socket.once('connect', () => {
      tcpUp = true;
      if (transport === 'tcp') onReady();
    });
    if (transport !== 'tcp') socket.once('secureConnect', onReady);

    socket.on('data', (chunk: Buffer) => {
      if (done) return;
      const room = limits.maxReplyBytes - kept;
      if (room > 0) {
        const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
        chunks.push(part);
        kept += part.length;
      }
      bytesRead += chunk.length;
      if (bytesRead >= limits.maxReplyBytes) return finish(false, true);
      if (!ready) return;
      // Only a new line (or the end of an HTTP response) can change the verdict: look then.
      if (!chunk.includes(10)) return;
      const reply = Buffer.concat(chunks);
      if (options.conclusive?.(reply)) return finish(false);
      if (bytesRead > stepMark && hasWholeUnit(reply)) {
        clearTimeout(quiet);
        quiet = setTimeout(endStep, Math.min(QUIET_MS, remaining()));
      }
    });
    const closed = () => (ready ? finish(true) : fail(tcpUp ? 'handshake' : 'connect', tcpUp ? 'closed during the handshake' : 'closed before connecting'));
    socket.on('end', closed);
    socket.on('close', closed);
    socket.on('error', (e: NodeJS.ErrnoException) => (ready ? finish(true) : fail(tcpUp ? 'handshake' : 'connect', connectFailure(e, tcpUp))));
  });
}
