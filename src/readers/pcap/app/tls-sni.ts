/**
 * The server name a TLS client asks for (RFC 6066 §3), read from the start of the client→server
 * payload. Layouts: TLS record = type(1) version(2) length(2) fragment (RFC 5246 §6.2, at most
 * 2^14 bytes); Handshake = msg_type(1) length(3); ClientHello = client_version(2) random(32)
 * session_id<0..32> cipher_suites<2..2^16-2> compression_methods<1..2^8-1>
 * extensions<0..2^16-1> (RFC 5246 §7.4.1.2, RFC 8446 §4.1.2); server_name (type 0) =
 * ServerNameList<1..2^16-1> of name_type(1) HostName<1..2^16-1>, host_name = 0.
 */
import { ByteCursor, CapturedTooLittle, MalformedInput } from './byte-cursor';

/**
 * Neither field when the head is not a ClientHello, has no server_name, or ends before it. A
 * name read before a later length turned out bad is still given, next to the problem.
 */
export interface SniOutcome {
  name?: string;
  problem?: string;
}

const RECORD_HANDSHAKE = 0x16;
const HANDSHAKE_CLIENT_HELLO = 1;
const EXTENSION_SERVER_NAME = 0;
const NAME_TYPE_HOST = 0;
const MAX_PLAINTEXT_FRAGMENT = 1 << 14;

/** Never throws: whatever the bytes, the outcome says what was found. */
export function readTlsSni(head: Buffer): SniOutcome {
  if (head.length < 5 || head[0] !== RECORD_HANDSHAKE || head[1] !== 0x03) return {};
  let found: string | undefined;
  try {
    const handshake = joinHandshakeFragments(head);
    if (handshake.length < 4 || handshake[0] !== HANDSHAKE_CLIENT_HELLO) return {};
    const body = ByteCursor.over(handshake, 4, 4 + handshake.readUIntBE(1, 3));
    const extensions = skipToExtensions(body);
    if (extensions === undefined) return {};
    // Every extension is walked, not just up to server_name: a bad length anywhere is reported.
    while (!extensions.atEnd) {
      const type = extensions.u16('extension type');
      const data = extensions.window(extensions.u16('extension length'), `extension ${type}`);
      if (type !== EXTENSION_SERVER_NAME) continue;
      if (found !== undefined) throw new MalformedInput('two server_name extensions');
      found = readServerName(data);
    }
    if (!body.atEnd) throw new MalformedInput(`${body.remaining} bytes after the extensions`);
  } catch (error) {
    if (error instanceof MalformedInput) return { name: found, problem: `ClientHello: ${error.message}` };
    if (!(error instanceof CapturedTooLittle)) throw error;
  }
  return { name: found };
}

/**
 * A handshake message may be split across records; joins the fragments the head holds, up to the
 * end of the first handshake message.
 */
function joinHandshakeFragments(head: Buffer): Buffer {
  const fragments: Buffer[] = [];
  let have = 0;
  let wanted = Infinity;
  for (let at = 0; at + 5 <= head.length && have < wanted; ) {
    const type = head[at];
    const length = head.readUInt16BE(at + 3);
    if (type !== RECORD_HANDSHAKE) throw new MalformedInput(`a record of type ${type} interrupts the handshake message`);
    if (length === 0) throw new MalformedInput('an empty handshake record');
    if (length > MAX_PLAINTEXT_FRAGMENT) throw new MalformedInput(`record length ${length} exceeds ${MAX_PLAINTEXT_FRAGMENT}`);
    const fragment = head.subarray(at + 5, Math.min(at + 5 + length, head.length));
    fragments.push(fragment);
    have += fragment.length;
    at += 5 + length;
    if (wanted === Infinity && have >= 4) {
      const joined = fragments.length === 1 ? fragment : Buffer.concat(fragments);
      wanted = 4 + joined.readUIntBE(1, 3);
    }
  }
  return fragments.length === 1 ? fragments[0] : Buffer.concat(fragments);
}

/** Moves past the fixed fields; undefined when the ClientHello has no extensions (allowed). */
function skipToExtensions(body: ByteCursor): ByteCursor | undefined {
  body.skip(2, 'client_version');
  body.skip(32, 'random');
  const sessionId = body.u8('session_id length');
  if (sessionId > 32) throw new MalformedInput(`session_id length ${sessionId} exceeds 32`);
  body.skip(sessionId, 'session_id');
  const suites = body.u16('cipher_suites length');
  if (suites < 2 || suites % 2 !== 0) throw new MalformedInput(`cipher_suites length ${suites} is not a positive even number`);
  body.skip(suites, 'cipher_suites');
  const compressions = body.u8('compression_methods length');
  if (compressions < 1) throw new MalformedInput('no compression methods');
  body.skip(compressions, 'compression_methods');
  if (body.atEnd) return undefined;
  return body.window(body.u16('extensions length'), 'extensions');
}

function readServerName(data: ByteCursor): string | undefined {
  const list = data.window(data.u16('server_name list length'), 'server_name list');
  if (!data.atEnd) throw new MalformedInput(`${data.remaining} bytes after the server_name list`);
  if (list.atEnd) throw new MalformedInput('an empty server_name list');
  let host: string | undefined;
  while (!list.atEnd) {
    const nameType = list.u8('name_type');
    const name = list.bytes(list.u16('server name length'), 'server name');
    if (nameType !== NAME_TYPE_HOST) continue;
    if (host !== undefined) throw new MalformedInput('two host_name entries'); // RFC 6066 forbids it
    host = hostNameText(name);
  }
  return host;
}

/** ASCII host name, lower-cased; one trailing dot tolerated (RFC 6066 says none is sent). */
function hostNameText(name: Buffer): string {
  if (name.length === 0 || name.length > 255) throw new MalformedInput(`host_name length ${name.length} is not 1-255`);
  for (const byte of name) {
    if (byte < 0x21 || byte > 0x7e) throw new MalformedInput(`host_name holds byte 0x${byte.toString(16)}`);
  }
  const text = name.toString('latin1').toLowerCase();
  return text.endsWith('.') ? text.slice(0, -1) : text;
}
