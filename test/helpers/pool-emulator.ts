/**
 * A mining pool on loopback speaking ONE dialect, with the replies real pool software sends:
 *
 * - stratum-v1: slush/braiins and NOMP's subscribe reply, then mining.set_difficulty and a 9-field
 *   mining.notify as ckpool and slush push them; other methods get Stratum's [20, "Other/Unknown"].
 * - ethereum-stratum: NiceHash EthereumStratum/1.0.0, which answers a subscribe only when it
 *   names "EthereumStratum/1.0.0" (params[1]).
 * - eth-proxy: open-ethereum-pool / 2miners' TCP stratum: eth_submitLogin → true, then eth_getWork
 *   → [header hash, seed hash, boundary, block number]; getWork before a login is refused.
 * - xmrig: xmrig-proxy / nodejs-pool login: a job, status OK and the proxy's extensions; only a
 *   valid-looking Monero address logs in.
 * - getblocktemplate, getwork, monero-daemon: HTTP JSON-RPC (a BIP 22 template, getwork data, or
 *   monerod's /json_rpc get_block_template that XMRig's daemon mode mines against).
 *
 * Line dialects close on a line that is not JSON (as NOMP, ckpool and xmrig-proxy do); the HTTP
 * ones answer anything that is not HTTP with 400, as Node's (and most) HTTP servers do.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { promisify } from 'node:util';

export type EmulatedDialect = 'stratum-v1' | 'ethereum-stratum' | 'eth-proxy' | 'xmrig' | 'getblocktemplate' | 'getwork' | 'monero-daemon';

export interface EmulatorOptions {
  dialect: EmulatedDialect;
  /** Speak TLS only (a self-signed certificate made with openssl). */
  tls?: boolean;
  /** TLS: only a client naming this SNI is answered; others are dropped after the handshake. */
  requireSni?: string;
  /** The first connection is accepted and never answered. */
  silentFirst?: boolean;
  /** Default 127.0.0.1 (any 127.x works on Linux loopback). */
  host?: string;
}

export interface EmulatorConversation {
  /** Line dialects: what the client sent (decrypted), and what the emulator answered. */
  received: string;
  sent: string;
  servername?: string;
}

export interface PoolEmulator {
  host: string;
  port: number;
  /** Request lines (or "POST /path <body>" for HTTP) it received, in order. */
  requests: string[];
  /** Every connection's two directions, for cross-checks against the stratum detector. */
  conversations: EmulatorConversation[];
  /** Connections accepted. */
  connections(): number;
  close(): Promise<void>;
}

export interface SelfSignedCert {
  key: string;
  cert: string;
}

const run = promisify(execFile);
let certificate: Promise<SelfSignedCert> | undefined;

/**
 * One self-signed certificate per test process (openssl req -x509 into a temp dir, read, and the
 * dir removed at once: nothing is left behind even if the process is killed).
 */
export function selfSignedCert(): Promise<SelfSignedCert> {
  certificate ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rigsweep-cert-'));
    try {
      const keyPath = join(dir, 'key.pem');
      const certPath = join(dir, 'cert.pem');
      await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', keyPath, '-out', certPath]);
      return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return certificate;
}

/** Writes the certificate into `dir` (a server's own temp dir) for servers that want files. */
export async function writeSelfSignedCert(dir: string): Promise<{ keyPath: string; certPath: string }> {
  const { key, cert } = await selfSignedCert();
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  writeFileSync(keyPath, key, { mode: 0o600 });
  writeFileSync(certPath, cert);
  return { keyPath, certPath };
}

const line = (o: object) => `${JSON.stringify(o)}\n`;

/** Deterministic hex of any length (pools' ids and hashes look random; tests want them stable). */
function hex(bytes: number, seed: number): string {
  let out = '';
  let x = seed >>> 0 || 1;
  while (out.length < bytes * 2) {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out.slice(0, bytes * 2);
}

const MONERO_ADDRESS = /^[48][1-9A-HJ-NP-Za-km-z]{94}$|^4[1-9A-HJ-NP-Za-km-z]{105}$/;
const ES1 = 'EthereumStratum/1.0.0';

interface Session {
  loggedIn: boolean;
  connection: number;
}

type Message = Record<string, unknown>;

function stratumV1(m: Message, s: Session): string {
  const id = m.id ?? null;
  switch (m.method) {
    case 'mining.subscribe':
      return (
        line({ id, result: [[['mining.set_difficulty', hex(16, s.connection)], ['mining.notify', hex(16, s.connection + 1)]], hex(4, s.connection + 2), 4], error: null }) +
        line({ id: null, method: 'mining.set_difficulty', params: [8192] }) +
        line({
          id: null,
          method: 'mining.notify',
          params: [
            hex(4, 7),
            hex(32, 8),
            `01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4b03${hex(20, 9)}`,
            `ffffffff02${hex(40, 10)}00000000`,
            [hex(32, 11), hex(32, 12)],
            '20000000',
            '170e92aa',
            Math.floor(Date.now() / 1000).toString(16),
            true,
          ],
        })
      );
    case 'mining.authorize':
      return line({ id, result: true, error: null });
    default:
      return line({ id, result: null, error: [20, 'Other/Unknown', null] });
  }
}

function ethereumStratum(m: Message, s: Session): string {
  const id = m.id ?? null;
  const params = Array.isArray(m.params) ? m.params : [];
  switch (m.method) {
    case 'mining.subscribe':
      if (params[1] !== ES1) return line({ id, result: null, error: [20, `Unsupported protocol version: use ${ES1}`, null] });
      return line({ id, result: [['mining.notify', hex(16, s.connection), ES1], hex(2, s.connection + 3)], error: null });
    case 'mining.authorize':
      return (
        line({ id, result: true, error: null }) +
        line({ id: null, method: 'mining.set_difficulty', params: [0.5] }) +
        line({ id: null, method: 'mining.notify', params: [hex(4, 21), hex(32, 22), hex(32, 23), true] })
      );
    default:
      return line({ id, result: null, error: [20, 'Other/Unknown', null] });
  }
}

function ethProxy(m: Message, s: Session): string {
  const id = m.id ?? null;
  const params = Array.isArray(m.params) ? m.params : [];
  switch (m.method) {
    case 'eth_submitLogin':
      if (typeof params[0] !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(params[0])) return line({ id, jsonrpc: '2.0', result: null, error: { code: -1, message: 'Invalid login' } });
      s.loggedIn = true;
      return line({ id, jsonrpc: '2.0', result: true });
    case 'eth_getWork':
      if (!s.loggedIn) return line({ id, jsonrpc: '2.0', result: null, error: { code: 25, message: 'Not subscribed' } });
      return line({ id, jsonrpc: '2.0', result: [`0x${hex(32, 31)}`, `0x${hex(32, 32)}`, `0x0000000112e0be826d694b2e62d01511f12a6061fbaec8bc02357593e70e52ba`, '0xe0d4ad'] });
    case 'eth_submitHashrate':
      return line({ id, jsonrpc: '2.0', result: true });
    default:
      return line({ id, jsonrpc: '2.0', result: null, error: { code: -3, message: 'Method not found' } });
  }
}

function xmrig(m: Message, s: Session): string {
  const id = m.id ?? null;
  const params = (typeof m.params === 'object' && m.params !== null ? m.params : {}) as Message;
  switch (m.method) {
    case 'login': {
      if (typeof params.login !== 'string' || !MONERO_ADDRESS.test(params.login)) {
        return line({ id, jsonrpc: '2.0', error: { code: -1, message: 'Invalid payment address provided' } });
      }
      s.loggedIn = true;
      const job = { blob: `1010${hex(74, 41)}`, job_id: hex(6, 42), target: 'b88d0600', algo: 'rx/0', height: 3_112_001, seed_hash: hex(32, 43), id: hex(8, 44) };
      return line({ id, jsonrpc: '2.0', error: null, result: { id: job.id, job, extensions: ['algo', 'nicehash', 'connect', 'tls', 'keepalive'], status: 'OK' } });
    }
    case 'keepalived':
      return line({ id, jsonrpc: '2.0', error: null, result: { status: 'KEEPALIVED' } });
    default:
      return line({ id, jsonrpc: '2.0', error: { code: -1, message: 'Unsupported method' } });
  }
}

const LINE_DIALECTS: Partial<Record<EmulatedDialect, (m: Message, s: Session) => string>> = {
  'stratum-v1': stratumV1,
  'ethereum-stratum': ethereumStratum,
  'eth-proxy': ethProxy,
  xmrig,
};

function blockTemplate(): Record<string, unknown> {
  return {
    capabilities: ['proposal'],
    version: 536870912,
    rules: ['csv', '!segwit', 'taproot'],
    vbavailable: {},
    vbrequired: 0,
    previousblockhash: `00000000000000000002${hex(22, 51)}`,
    transactions: [],
    coinbaseaux: {},
    coinbasevalue: 312_500_000,
    longpollid: `00000000000000000002${hex(22, 51)}1234`,
    target: `0000000000000000000${hex(22, 52)}0`.slice(0, 64),
    mintime: 1_700_000_000,
    mutable: ['time', 'transactions', 'prevblock'],
    noncerange: '00000000ffffffff',
    sigoplimit: 80000,
    sizelimit: 4_000_000,
    weightlimit: 4_000_000,
    curtime: Math.floor(Date.now() / 1000),
    bits: '17034219',
    height: 870_001,
    default_witness_commitment: `6a24aa21a9ed${hex(32, 53)}`,
  };
}

function httpAnswer(dialect: EmulatedDialect, path: string, body: Message): { status: number; json?: object } {
  const id = body.id ?? null;
  const method = body.method;
  if (dialect === 'monero-daemon') {
    if (path !== '/json_rpc') return { status: 404 };
    if (method === 'get_block_template') {
      return {
        status: 200,
        json: {
          id,
          jsonrpc: '2.0',
          result: {
            blockhashing_blob: `1010${hex(72, 61)}`,
            blocktemplate_blob: `1010${hex(120, 62)}`,
            difficulty: 289_000_000_000,
            expected_reward: 600_000_000_000,
            height: 3_112_001,
            prev_hash: hex(32, 63),
            reserved_offset: 130,
            status: 'OK',
            untrusted: false,
          },
        },
      };
    }
    return { status: 200, json: { id, jsonrpc: '2.0', error: { code: -32601, message: 'Method not found' } } };
  }
  if (path !== '/') return { status: 404 };
  if (dialect === 'getblocktemplate' && method === 'getblocktemplate') return { status: 200, json: { result: blockTemplate(), error: null, id } };
  if (dialect === 'getwork' && method === 'getwork') {
    return {
      status: 200,
      json: { result: { midstate: hex(32, 71), data: `00000002${hex(124, 72)}`, hash1: `${'0'.repeat(64)}0000008000000000000000000000000000000000000000000000000000010000`, target: `${'ff'.repeat(28)}00000000` }, error: null, id },
    };
  }
  return { status: 200, json: { result: null, error: { code: -32601, message: 'Method not found' }, id } };
}

export async function startPoolEmulator(options: EmulatorOptions): Promise<PoolEmulator> {
  const host = options.host ?? '127.0.0.1';
  const requests: string[] = [];
  const conversations: EmulatorConversation[] = [];
  const sockets = new Set<Socket>();
  let accepted = 0;
  const lineHandler = LINE_DIALECTS[options.dialect];

  // HTTP dialects: a Node HTTP server fed the (possibly TLS) sockets the front server accepts.
  const http = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push(`${req.method} ${req.url} ${text}`);
      let body: Message = {};
      try {
        body = JSON.parse(text) as Message;
      } catch {
        res.writeHead(400, { 'Content-Type': 'application/json' }).end(line({ result: null, error: { code: -32700, message: 'Parse error' }, id: null }));
        return;
      }
      const answer = req.method === 'POST' ? httpAnswer(options.dialect, req.url ?? '/', body) : { status: 405 };
      const payload = answer.json ? JSON.stringify(answer.json) : '';
      res.writeHead(answer.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) });
      res.end(payload);
    });
  });

  const serve = (socket: Socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const conversation: EmulatorConversation = { received: '', sent: '', servername: (socket as TLSSocket).servername || undefined };
    conversations.push(conversation);
    if (options.silentFirst && accepted === 1) {
      socket.resume(); // reads, never answers
      return;
    }
    if (options.requireSni && conversation.servername !== options.requireSni) {
      socket.destroy();
      return;
    }
    const write = socket.write.bind(socket) as (chunk: string | Uint8Array) => boolean;
    // Everything written goes into the transcript (the HTTP server writes through this too).
    socket.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      conversation.sent += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof socket.write;
    if (!lineHandler) {
      http.emit('connection', socket);
      return;
    }
    const session: Session = { loggedIn: false, connection: accepted };
    let pending = '';
    socket.on('data', (d: Buffer) => {
      conversation.received += d.toString('utf8');
      pending += d.toString('utf8');
      if (pending.length > 64 * 1024) {
        socket.destroy();
        return;
      }
      let eol: number;
      while ((eol = pending.indexOf('\n')) >= 0) {
        const text = pending.slice(0, eol).trim();
        pending = pending.slice(eol + 1);
        if (text === '') continue;
        requests.push(text);
        let message: Message;
        try {
          message = JSON.parse(text) as Message;
        } catch {
          socket.destroy(); // "Malformed message": pools drop the connection
          return;
        }
        socket.write(lineHandler(message, session));
      }
    });
  };

  let server: Server;
  if (options.tls) {
    const { key, cert } = await selfSignedCert();
    server = createTlsServer({ key, cert }, serve);
    server.on('tlsClientError', () => undefined);
  } else server = createTcpServer(serve);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    host,
    port,
    requests,
    conversations,
    connections: () => accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      http.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
