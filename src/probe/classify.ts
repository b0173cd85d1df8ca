/**
 * Is a reply a mining pool speaking? Pure, over the bytes one request got back. Only structure of
 * mining shape makes a pool: a subscribe result naming mining.notify/set_difficulty with an
 * extranonce, a job, a mining notification, a work package, a block template. JSON-RPC alone
 * proves nothing: an echo server, a method-not-found error or a web API's login error are
 * JSON-RPC too. See README.md for every rule and why.
 */
import type { ProbeRequest } from './requests';
import { parseReply, printable, type ParsedReply } from './reply';
import type { Dialect } from './verdict';

export interface Classified {
  pool: boolean;
  /**
   * A pool by `structure` (mining-shaped messages: conclusive) or by `error` (a mining-specific
   * error to our subscribe or login: a pool, but the dialect that answers with work may be another).
   */
  strength?: 'structure' | 'error';
  dialect?: Dialect;
  reason: string;
  banner?: string;
  /** The reply carries our own request back. */
  echo?: boolean;
}

type Json = Record<string, unknown>;

const ES1_MARKER = 'EthereumStratum/1.0.0';

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isHex = (v: unknown, min = 1): v is string => typeof v === 'string' && v.replace(/^0x/i, '').length >= min && /^(0x)?[0-9a-fA-F]+$/.test(v);
const isPrefixedHex = (v: unknown): v is string => typeof v === 'string' && /^0x[0-9a-fA-F]+$/.test(v);
const isHash32 = (v: unknown): v is string => typeof v === 'string' && /^0x[0-9a-fA-F]{64}$/.test(v);
const isJobId = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 128) || (typeof v === 'number' && Number.isFinite(v));

/** A short, printable rendering of a value for reasons. */
function snippet(value: unknown, max = 80): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const clean = printable(text, max + 1);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/**
 * The subscriptions of a mining.subscribe result, as [name, id, …] pairs: nested
 * `[["mining.set_difficulty",id],["mining.notify",id]]` (slush, NOMP), `[["mining.notify",id]]`
 * (ckpool) or flat `["mining.notify",id,"EthereumStratum/1.0.0"]` (NiceHash).
 */
function subscriptions(subs: unknown): unknown[][] {
  if (!Array.isArray(subs)) return [];
  if (typeof subs[0] === 'string') return [subs];
  return subs.filter((s): s is unknown[] => Array.isArray(s));
}

function subscribeResult(result: unknown): { dialect: Dialect } | undefined {
  if (!Array.isArray(result) || result.length < 2) return undefined;
  const pairs = subscriptions(result[0]);
  const named = pairs.some((p) => p[0] === 'mining.notify' || p[0] === 'mining.set_difficulty');
  if (!named || !isHex(result[1])) return undefined;
  if (pairs.some((p) => p.includes(ES1_MARKER))) return { dialect: 'ethereum-stratum' };
  // Stratum v1 states the extranonce2 size; without it the shape is not v1's.
  const size = result[2];
  return typeof size === 'number' && Number.isInteger(size) && size >= 0 && size <= 32 ? { dialect: 'stratum-v1' } : undefined;
}

/** An XMRig-family job: {blob, job_id, target} (nodejs-pool, xmrig-proxy, monero-stratum). */
function isXmrigJob(job: unknown): boolean {
  return isRecord(job) && isHex(job.blob, 76) && isJobId(job.job_id) && isHex(job.target, 2);
}

/** An eth-proxy work package: [header hash, seed hash, boundary, (block number)]. */
function isWorkPackage(result: unknown): boolean {
  return Array.isArray(result) && result.length >= 3 && isHash32(result[0]) && isHash32(result[1]) && isPrefixedHex(result[2]);
}

function templateKind(result: unknown): 'getblocktemplate' | 'getwork' | undefined {
  if (!isRecord(result)) return undefined;
  const r = result;
  // BIP 22 template; monerod's get_block_template (XMRig daemon mode).
  if (isHex(r.previousblockhash, 64) && (isHex(r.bits) || Number.isInteger(r.height) || typeof r.coinbasevalue === 'number')) return 'getblocktemplate';
  if (isHex(r.blocktemplate_blob, 76) && (typeof r.difficulty === 'number' || typeof r.wide_difficulty === 'string')) return 'getblocktemplate';
  // getwork: 128-byte data and a 256-bit target.
  if (isHex(r.data, 128) && isHex(r.target, 8)) return 'getwork';
  return undefined;
}

const stratumFamily = (d: Dialect): Dialect => (d === 'ethereum-stratum' ? d : 'stratum-v1');

/** EthereumStratum/1.0.0 jobs are [jobId, seedHash, headerHash, clean]; v1 jobs have 8–9 fields. */
function notifyDialect(params: unknown[]): Dialect {
  const hash = (v: unknown) => typeof v === 'string' && /^(0x)?[0-9a-fA-F]{64}$/.test(v);
  return params.length === 4 && hash(params[1]) && hash(params[2]) && typeof params[3] === 'boolean' ? 'ethereum-stratum' : 'stratum-v1';
}

/** A notification only a pool sends, with params of the right shape. */
function notification(m: Json, asked: Dialect): { dialect: Dialect; what: string } | undefined {
  const params = m.params;
  const list = Array.isArray(params) ? params : undefined;
  switch (m.method) {
    case 'mining.notify':
      return list && list.length >= 4 && isJobId(list[0]) ? { dialect: notifyDialect(list), what: 'mining.notify' } : undefined;
    case 'mining.set_difficulty':
      return list && typeof list[0] === 'number' && list[0] > 0 ? { dialect: stratumFamily(asked), what: 'mining.set_difficulty' } : undefined;
    case 'mining.set_extranonce':
      return list && isHex(list[0]) ? { dialect: stratumFamily(asked), what: 'mining.set_extranonce' } : undefined;
    case 'mining.set_target':
      return list && isHex(list[0], 16) ? { dialect: stratumFamily(asked), what: 'mining.set_target' } : undefined;
    case 'job':
      return isXmrigJob(params) ? { dialect: 'xmrig', what: 'an XMRig job' } : undefined;
    default:
      return undefined;
  }
}

/** Mining shape in one message: why, and in which dialect. */
function structure(m: Json, request: ProbeRequest): { dialect: Dialect; reason: string } | undefined {
  if (typeof m.method === 'string') {
    const pushed = notification(m, request.dialect);
    return pushed && { dialect: pushed.dialect, reason: `${request.label} was followed by ${pushed.what} ${snippet(m.params, 60)}` };
  }
  const result = m.result;
  const subscribed = subscribeResult(result);
  if (subscribed) return { dialect: subscribed.dialect, reason: `${request.label} answered with ${snippet(result)}` };
  if (isRecord(result) && isXmrigJob(result.job)) return { dialect: 'xmrig', reason: `${request.label} answered with a job ${snippet(result.job, 60)}` };
  if (isWorkPackage(result)) return { dialect: 'eth-proxy', reason: `${request.label} answered with a work package ${snippet(result, 60)}` };
  const kind = templateKind(result);
  if (kind) return { dialect: kind, reason: `${request.label} answered with ${kind === 'getwork' ? 'getwork data' : 'a block template'} ${snippet(result, 60)}` };
  return undefined;
}

/**
 * A server sending our call back: a message calling our own method (pools never call them), our
 * request as its result, or a result or error holding what only our request carries (the banner,
 * our JSON members). Quoting our wallet alone is not an echo: a pool may name the address it rejects.
 */
function isEcho(m: Json, request: ProbeRequest): boolean {
  if (typeof m.method === 'string' && request.methods.includes(m.method)) return true;
  const result = m.result;
  if (isRecord(result) && typeof result.method === 'string' && request.methods.includes(result.method)) return true;
  const error = errorOf(m);
  const reflected = `${JSON.stringify(result ?? null)}\n${error?.message ?? ''}`;
  return request.tells.some((tell) => reflected.includes(tell));
}

/** error as {code, message}, [code, message, traceback] (Stratum v1) or a bare string. */
function errorOf(m: Json): { code?: number; message: string } | undefined {
  const e = m.error;
  if (e === undefined || e === null || e === false) return undefined;
  if (typeof e === 'string') return { message: e };
  if (Array.isArray(e)) return { code: typeof e[0] === 'number' ? e[0] : undefined, message: typeof e[1] === 'string' ? e[1] : snippet(e) };
  if (isRecord(e)) return { code: typeof e.code === 'number' ? e.code : undefined, message: typeof e.message === 'string' ? e.message : snippet(e) };
  return { message: snippet(e) };
}

/** JSON-RPC's own errors: the server speaks JSON-RPC, nothing more. */
const GENERIC_CODES = new Set([-32700, -32600, -32601, -32602, -32603]);
const GENERIC_WORDS = /\bmethods?\b|not implemented|parse error|invalid (json|request)|malformed|unknown command|no such|bad request/i;
/**
 * Words only a pool's errors use (nodejs-pool "Invalid payment address provided", NOMP
 * "Unauthorized worker", xmrig-proxy "Unsupported algo"…). "login" is not among them: it is our
 * own method's name, and web APIs say "login required" too.
 */
const MINING_WORDS = /\b(workers?|wallets?|payment address|miners?|algos?|algorithms?|shares?|jobs?|difficulty|hashrate|extranonce\d?|nicehash)\b/i;

/** The requests a pool's error reply can answer: its subscribe or login. */
const LOGIN_DIALECTS: ReadonlySet<Dialect> = new Set<Dialect>(['stratum-v1', 'ethereum-stratum', 'eth-proxy', 'xmrig']);

function miningError(m: Json, request: ProbeRequest): string | undefined {
  if (!LOGIN_DIALECTS.has(request.dialect) || typeof m.method === 'string' || !request.ids.includes(m.id as number)) return undefined;
  const error = errorOf(m);
  if (!error || (error.code !== undefined && GENERIC_CODES.has(error.code))) return undefined;
  // What is left once our own strings (wallet, banner, method names) are taken out: only the
  // server's own words can make its error a pool's.
  let words = error.message;
  for (const ours of [...request.ours, ...request.methods]) words = words.split(ours).join(' ');
  if (GENERIC_WORDS.test(words) || !MINING_WORDS.test(words)) return undefined;
  return error.message;
}

/** The software's name where the reply states it. */
function bannerOf(parsed: ParsedReply): string | undefined {
  for (const m of parsed.messages) {
    const r = isRecord(m.result) ? m.result : undefined;
    const stated = [r?.version, m.version, r?.agent, r?.software].find((v): v is string => typeof v === 'string' && v.trim() !== '');
    const extensions = Array.isArray(r?.extensions) ? r.extensions.filter((e): e is string => typeof e === 'string') : [];
    const parts = [stated, extensions.length ? `extensions: ${extensions.join(',')}` : undefined].filter(Boolean);
    if (parts.length) return printable(parts.join(' '));
  }
  const first = parsed.firstText;
  if (first && /^SSH-\d/.test(first)) return printable(first);
  const server = parsed.http?.headers.server;
  if (server) return printable(server);
  if (first && /^-(ERR|DENIED|NOAUTH|WRONGPASS|NOPERM)\b/.test(first)) return printable(first);
  return undefined;
}

function binaryReason(bytes: Buffer): string {
  const hex = bytes.subarray(0, 8).toString('hex').replace(/(..)(?!$)/g, '$1 ');
  return `replied with ${bytes.length} bytes of binary (${hex}${bytes.length > 8 ? ' …' : ''})`;
}

/** Why a reply with no mining shape is no pool, in words. */
function notPoolReason(parsed: ParsedReply, bytes: Buffer, request: ProbeRequest, echo: boolean): string {
  const { http, messages } = parsed;
  const prefix = http ? `answered ${request.label} with HTTP ${http.status}${http.statusText ? ` ${printable(http.statusText, 60)}` : ''}` : `answered ${request.label}`;
  if (echo) return `echoed our request back (${request.label}): ${snippet(messages.find((m) => isEcho(m, request)) ?? parsed.firstText, 60)}`;
  const errors = messages.map(errorOf).filter((e): e is { code?: number; message: string } => e !== undefined);
  if (errors.length) return `${prefix}: a JSON-RPC error without mining structure (${errors[0].code ?? ''}${errors[0].code !== undefined ? ' ' : ''}${snippet(errors[0].message, 60)})`;
  if (messages.length) return `${prefix}: JSON of no mining shape ${snippet(messages[0])}`;
  if (http) return prefix;
  if (parsed.binary) return binaryReason(bytes);
  return `replied with non-JSON (${snippet(parsed.firstText ?? '', 80)})`;
}

/** Classifies what one request got back. Nothing in `reply` is trusted; any bytes give an answer. */
export function classifyReply(request: ProbeRequest, reply: Buffer | string): Classified {
  const bytes = typeof reply === 'string' ? Buffer.from(reply, 'utf8') : reply;
  if (bytes.length === 0) return { pool: false, reason: 'answered nothing' };
  const parsed = parseReply(bytes);
  const banner = bannerOf(parsed);
  const withBanner = <T extends object>(c: T) => (banner ? { ...c, banner } : c);
  let echo = false;
  let errorReply: string | undefined;
  for (const m of parsed.messages) {
    // Mining structure first: an echo can never carry it, since we send none.
    const found = structure(m, request);
    if (found) return withBanner({ pool: true, strength: 'structure' as const, dialect: found.dialect, reason: found.reason });
    if (isEcho(m, request)) echo = true;
    else errorReply ??= miningError(m, request);
  }
  if (errorReply !== undefined && !echo) {
    return withBanner({ pool: true, strength: 'error' as const, dialect: request.dialect, reason: `mining error reply to ${request.label}: ${snippet(errorReply, 100)}` });
  }
  if (!echo && parsed.firstText !== undefined && request.steps.some((s) => s.includes(parsed.firstText!.trim()) && parsed.firstText!.trim().length >= 8)) echo = true;
  return withBanner({ pool: false, reason: notPoolReason(parsed, bytes, request, echo), ...(echo ? { echo: true } : {}) });
}
