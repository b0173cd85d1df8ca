import { evidenceFor, type Detector, type Evidence, type FlowRecord, type PayloadHead } from '../../src/detect/api';
import { CODES } from './codes';
import { observeRpc } from './conversation';
import { ethProxy } from './dialects/eth-proxy';
import { ethereumStratum2 } from './dialects/ethereum-stratum-2';
import { getworkHttp } from './dialects/getwork';
import { stratumV1 } from './dialects/stratum-v1';
import { observeSv2 } from './dialects/stratum-v2';
import type { Observed, RpcDialect, Side } from './dialects/types';
import { xmrigStratum } from './dialects/xmrig';
import { conversationEvidence } from './evidence';
import { cleanText } from './facts';
import { noiseHandshake } from './fingerprint/sv2-noise';
import type { StratumSettings } from './settings';
import type { ConnectionMemory } from './connection-memory';
import { readDirection, type DirectionReading } from './read-direction';
import { httpBodies } from './wire/http-messages';
import { parseRpc, toRpcMessage, type RpcMessage } from './wire/rpc-message';
import { recogniseFragment } from './dialects/fragment';
import { parseObjectPrefix } from './wire/json-prefix';
import { sampledFragments, type SampledFragments } from './wire/sampled-fragments';
import { readSv2Frames } from './wire/sv2-frames';

const TCP = 6;
const LINE_DIALECTS: readonly RpcDialect[] = [stratumV1, ethereumStratum2, ethProxy, xmrigStratum];
/**
 * In HTTP bodies getwork comes first, and every line dialect is read too: a mining proxy reached
 * over HTTP takes Stratum calls as POST bodies to any path. Over HTTP only the client's conclusive
 * calls count (`conversationEvidence`), so node queries and web-app logins stay unflagged.
 */
const HTTP_DIALECTS: readonly RpcDialect[] = [getworkHttp, ...LINE_DIALECTS];
const MINING_HEADERS = ['x-mining-extensions', 'x-stratum', 'x-long-polling'] as const;

function bodyMessages(head: PayloadHead, fallbackTime: number): RpcMessage[] {
  return httpBodies(head, fallbackTime).flatMap((body) => parseRpc(body.text, body.time, true));
}

/** One direction of a sampled head: whole messages, and the visible starts of cut ones. */
interface SampledSide {
  messages: RpcMessage[];
  prefixes: Array<{ value: Record<string, unknown>; time: number }>;
}

/** Like `lineMessages`, packet by packet: none unless most packets start with a JSON object. */
function sampledSide(fragments: SampledFragments): SampledSide {
  const side: SampledSide = { messages: [], prefixes: [] };
  if (fragments.jsonTextPackets * 2 < fragments.packets) return side;
  for (const line of fragments.lines) side.messages.push(...parseRpc(line.text, line.time));
  for (const prefix of fragments.prefixes) {
    const parsed = parseObjectPrefix(prefix.text);
    if (!parsed) continue;
    if (!parsed.complete) side.prefixes.push({ value: parsed.value, time: prefix.time });
    else {
      // A whole object that simply had no LF after it in this packet.
      const message = toRpcMessage(parsed.value, prefix.time);
      if (message) side.messages.push(message);
    }
  }
  return side;
}

/**
 * A sampled conversation (sFlow): the whole messages in the sampled packets, read as lines are,
 * plus the mining-shaped prefixes of the messages the agent cut (marked `fragment`).
 */
function sampledConversation(client: SampledFragments, server: SampledFragments): Observed[] {
  const toServer = sampledSide(client);
  const toClient = sampledSide(server);
  const observed = observeRpc(toServer.messages, toClient.messages, LINE_DIALECTS);
  const add = (side: SampledSide, name: Side) =>
    side.prefixes.forEach((prefix, i) => {
      const recognised = recogniseFragment(prefix.value, name);
      if (recognised) observed.push({ ...recognised, side: name, time: prefix.time, order: side.messages.length + i });
    });
  add(toServer, 'client');
  add(toClient, 'server');
  return observed;
}

/** Plaintext Stratum V2 frames, when the client's head starts with them. */
function sv2Conversation(toServer: PayloadHead, toClient: PayloadHead, time: number): Observed[] {
  if (toServer.midStream) return [];
  const serverFrames = toClient.midStream ? [] : readSv2Frames(toClient, time);
  return observeSv2(readSv2Frames(toServer, time), serverFrames);
}

/**
 * One reading of each direction, recognised: messages of a stream of their own with the line
 * dialects (more strictly in WebSocket messages, which Ethereum nodes serve too), HTTP bodies with
 * the HTTP ones. The tail windows count only when the heads prove nothing: a tail lies past bytes
 * never seen, so its shares would stretch the measured window across work that was not.
 */
function readingEvidence(detector: Detector, flow: FlowRecord, client: DirectionReading, server: DirectionReading, memory?: ConnectionMemory): Evidence[] {
  const transport = client.websocket || server.websocket ? 'websocket' : 'stream';
  const http = conversationEvidence(detector, flow, observeRpc(client.http, server.http, HTTP_DIALECTS), 'http', memory);
  const stream = conversationEvidence(detector, flow, observeRpc(client.stream, server.stream, LINE_DIALECTS), transport, memory);
  if (stream.length > 0 || http.length > 0 || (client.tail.length === 0 && server.tail.length === 0)) return [...stream, ...http];
  const withTails = observeRpc([...client.stream, ...client.tail], [...server.stream, ...server.tail], LINE_DIALECTS);
  return conversationEvidence(detector, flow, withTails, transport, memory);
}

/**
 * A captured conversation: plaintext Stratum V2 frames, else each direction read wherever
 * JSON-RPC starts in it (read-direction.ts: after HTTP messages, in their bodies, in WebSocket
 * frames, after any prefix). With a second reading of overlapped bytes on either side (at most
 * two per side), the first pair of readings that shows mining decides.
 */
function capturedEvidence(detector: Detector, flow: FlowRecord, toServer: PayloadHead, toClient: PayloadHead, memory?: ConnectionMemory): Evidence[] {
  const time = flow.firstSeen;
  const sv2 = sv2Conversation(toServer, toClient, time);
  if (sv2.length > 0) return conversationEvidence(detector, flow, sv2, 'stream', memory);
  const clients = readDirection(toServer, time);
  const servers = readDirection(toClient, time, clients[0].connect);
  for (const client of clients) {
    for (const server of servers) {
      const found = readingEvidence(detector, flow, client, server, memory);
      if (found.length > 0) return found;
    }
  }
  return [];
}

interface Sampled {
  client: SampledFragments;
  server: SampledFragments;
}

/** A sampled flow's packets, when its heads are sampled (sFlow). */
function sampledPackets(toServer: PayloadHead, toClient: PayloadHead, time: number): Sampled | undefined {
  if (!toServer.sampled && !toClient.sampled) return undefined;
  return { client: sampledFragments(toServer, time), server: sampledFragments(toClient, time) };
}

/**
 * Sampled packets start anywhere in a conversation, so HTTP shows in any packet, not only the
 * first: a request from the client, or a status line from a server the client did not CONNECT through.
 */
function sampledHttp(sampled: Sampled | undefined): boolean {
  if (!sampled) return false;
  const { client, server } = sampled;
  return client.http.requests > 0 || (server.http.statuses > 0 && client.http.connects === 0);
}

function miningHeaderEvidence(detector: Detector, flow: FlowRecord): Evidence[] {
  const headers = flow.http?.miningHeaders ?? {};
  const present = MINING_HEADERS.filter((name) => typeof headers[name] === 'string');
  if (present.length === 0) return [];
  const facts: Record<string, string> = { headers: present.join(',') };
  const extensions = headers['x-mining-extensions'];
  if (extensions) facts.extensions = cleanText(extensions);
  return [evidenceFor(detector, CODES.miningHeader, flow, facts)];
}

function fingerprintEvidence(detector: Detector, flow: FlowRecord, settings: StratumSettings): Evidence[] {
  const handshake = noiseHandshake(flow);
  if (!handshake) return [];
  const code = settings.v2Ports.has(flow.server.port) ? CODES.v2Fingerprint : CODES.v2FingerprintOffPort;
  const facts = { dialect: 'stratum-v2-noise', handshake: handshake.sizes, shareSizedRecords: handshake.shareSizedRecords };
  return [evidenceFor(detector, code, flow, facts, { firstSeen: handshake.time })];
}

/** Everything the stratum detector finds in one flow record; `memory` carries targets between records of a connection. */
export function inspectFlow(detector: Detector, flow: FlowRecord, settings: StratumSettings, memory?: ConnectionMemory): Evidence[] {
  const evidence = miningHeaderEvidence(detector, flow);
  const payload = flow.payload;
  if (!payload || flow.protocol !== TCP) return evidence;
  const { toServer, toClient } = payload;
  const time = flow.firstSeen;
  const sampled = sampledPackets(toServer, toClient, time);
  let protocol: Evidence[];
  if (!sampled) protocol = capturedEvidence(detector, flow, toServer, toClient, memory);
  else if (sampledHttp(sampled)) {
    protocol = conversationEvidence(detector, flow, observeRpc(bodyMessages(toServer, time), bodyMessages(toClient, time), HTTP_DIALECTS), 'http', memory);
  } else {
    const sv2 = sv2Conversation(toServer, toClient, time);
    protocol = conversationEvidence(detector, flow, sv2.length > 0 ? sv2 : sampledConversation(sampled.client, sampled.server), 'stream', memory);
  }
  if (protocol.length > 0) return [...evidence, ...protocol];
  return [...evidence, ...fingerprintEvidence(detector, flow, settings)];
}
