import { evidenceFor, type Detector, type Evidence, type FlowRecord } from '../../src/detect/api';
import { CODES } from './codes';
import type { Observed } from './dialects/types';
import { cleanText, sessionFacts } from './facts';
import { shareMeasures } from './measures';
import { summariseSession, type SessionSummary, type SideTally } from './session';
import type { ConnectionMemory } from './connection-memory';

/**
 * `stream`: a TCP conversation of its own (Stratum lines, Stratum V2 frames), where a request
 * answered in kind is proof enough. `websocket`: JSON-RPC in WebSocket messages, a stream too, but
 * one Ethereum nodes also serve (a dapp's `eth_getWork` answered with a work package is a query),
 * so only conclusive messages count, from either side. `http`: JSON-RPC in HTTP bodies, where node
 * queries look the same as mining until the client submits work, so only the client's conclusive
 * calls count.
 */
export type Transport = 'stream' | 'websocket' | 'http';

function isMining(summary: SessionSummary, transport: Transport): boolean {
  const { client, server } = summary;
  if (transport === 'http') return client.conclusive > 0;
  if (transport === 'websocket') return client.conclusive + server.conclusive > 0;
  return client.conclusive + server.conclusive > 0 || (client.supporting > 0 && server.supporting > 0);
}

function span(own: SideTally, other: SideTally, flow: FlowRecord): { firstSeen: number; lastSeen: number } {
  const side = own.messages > 0 ? own : other;
  return { firstSeen: side.first ?? flow.firstSeen, lastSeen: side.last ?? flow.lastSeen };
}

/**
 * Mining shown only by the prefixes of cut messages (sampled packets): one client-side
 * evidence of its own weaker code, with the facts that were visible and no share measures.
 */
function fragmentEvidence(detector: Detector, flow: FlowRecord, summary: SessionSummary, fragments: number): Evidence[] {
  const facts = sessionFacts(summary, 'client');
  const serverMethods = summary.server.methods.join(',');
  if (serverMethods) facts.serverMethods = cleanText(serverMethods, 200);
  facts.fragments = fragments;
  return [evidenceFor(detector, CODES.sampledFragment, flow, facts, { count: Math.max(1, summary.client.messages) })];
}

export function conversationEvidence(
  detector: Detector,
  flow: FlowRecord,
  observed: readonly Observed[],
  transport: Transport,
  memory?: ConnectionMemory,
): Evidence[] {
  if (observed.length === 0) return [];
  const carried = memory?.recall(flow);
  const summary = summariseSession(observed, carried);
  if (!isMining(summary, transport)) return [];
  memory?.remember(flow, summary.target);
  // Whole messages decide as always; prefixes of cut ones (sampled packets) only add to them,
  // or, alone, give the weaker fragment code.
  const fragments = observed.filter((o) => o.fragment).length;
  if (fragments > 0 && !isMining(summariseSession(observed.filter((o) => !o.fragment), carried), transport)) {
    return fragmentEvidence(detector, flow, summary, fragments);
  }
  const { client, server } = summary;
  const measures = shareMeasures(summary);
  const clientCode = transport === 'http' ? CODES.getworkHttp : CODES.client;
  // A client that is only seen receiving jobs is still the one mining: it subscribed to them.
  // Its span is the whole record, not first to last message: the rig hashed all that time, and
  // the estimate divides the shares' work by it.
  const evidence = [
    evidenceFor(detector, clientCode, flow, sessionFacts(summary, 'client'), {
      measures,
      count: Math.max(1, client.messages),
    }),
  ];
  if (transport !== 'http' && server.messages > 0) {
    evidence.push(
      evidenceFor(detector, CODES.server, flow, sessionFacts(summary, 'server'), {
        count: server.messages,
        ...span(server, client, flow),
      }),
    );
  }
  return evidence;
}
