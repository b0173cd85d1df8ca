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
import { httpBodies, startsWithHttpRequest } from './wire/http-messages';
import { splitLines } from './wire/json-lines';
import { parseRpc, toRpcMessage, type RpcMessage } from './wire/rpc-message';
import { recogniseFragment } from './dialects/fragment';
import { parseObjectPrefix } from './wire/json-prefix';
import { sampledFragments, type SampledFragments } from './wire/sampled-fragments';
import { readSv2Frames } from './wire/sv2-frames';

const TCP = 6;
const LINE_DIALECTS: readonly RpcDialect[] = [stratumV1, ethereumStratum2, ethProxy, xmrigStratum];
const HTTP_DIALECTS: readonly RpcDialect[] = [getworkHttp, ethProxy];
const MINING_HEADERS = ['x-mining-extensions', 'x-stratum', 'x-long-polling'] as const;

/** JSON-RPC lines of one direction; none unless most lines are JSON objects, as Stratum's are. */
function lineMessages(head: PayloadHead, fallbackTime: number): RpcMessage[] {
  const lines = splitLines(head, fallbackTime, { objectsOnly: true });
  const messages = lines.flatMap((line) => (line.text ? parseRpc(line.text, line.time) : []));
  // A page or log quoting Stratum has a JSON line here and there; a Stratum stream is all JSON.
  return messages.length * 2 >= lines.length ? messages : [];
}

function bodyMessages(head: PayloadHead, fallbackTime: number): RpcMessage[] {
  return httpBodies(head, fallbackTime).flatMap((body) => parseRpc(body.text, body.time, true));
}

/**
 * The client speaks HTTP: what a server answers (an HTTP error to a miner) does not decide it.
 * A CONNECT tunnel is not HTTP after its head: a miner behind a proxy speaks Stratum inside it.
 */
function isHttp(flow: FlowRecord, toServer: PayloadHead): boolean {
  const requestLine = flow.http?.requestLine;
  return startsWithHttpRequest(toServer) || (requestLine !== undefined && !/^CONNECT /i.test(requestLine));
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

/** A TCP conversation of its own: plaintext Stratum V2 frames, else JSON-RPC lines (or sampled packets). */
function streamConversation(toServer: PayloadHead, toClient: PayloadHead, time: number, sampled?: Sampled): Observed[] {
  if (!toServer.midStream) {
    const serverFrames = toClient.midStream ? [] : readSv2Frames(toClient, time);
    const sv2 = observeSv2(readSv2Frames(toServer, time), serverFrames);
    if (sv2.length > 0) return sv2;
  }
  if (sampled) return sampledConversation(sampled.client, sampled.server);
  return observeRpc(lineMessages(toServer, time), lineMessages(toClient, time), LINE_DIALECTS);
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
  if (isHttp(flow, toServer) || sampledHttp(sampled)) {
    const observed = observeRpc(bodyMessages(toServer, time), bodyMessages(toClient, time), HTTP_DIALECTS);
    return [...evidence, ...conversationEvidence(detector, flow, observed, 'http', memory)];
  }
  const protocol = conversationEvidence(detector, flow, streamConversation(toServer, toClient, time, sampled), 'stream', memory);
  if (protocol.length > 0) return [...evidence, ...protocol];
  return [...evidence, ...fingerprintEvidence(detector, flow, settings)];
}
