/**
 * Application-layer facets of a finished flow: TLS SNI, DNS names and answers, HTTP facts.
 * Parsers are pure and return problems; this is where problems become input issues, pointing at
 * the first packet of the direction whose bytes were at fault.
 */
import type { FlowRecord, PayloadHead } from '../../../flow/flow-record';
import { IPPROTO } from '../../../flow/flow-record';
import type { InputIssue } from '../../issues';
import { addTcpDnsStream, DnsFacts, isDnsPort } from './dns-facts';
import { parseHttpRequestHead, readResponseMiningHeaders } from './http';
import { readTlsSni } from './tls-sni';

export interface FacetContext {
  /** DNS gathered datagram by datagram (UDP), if any. */
  dns?: DnsFacts;
  /** Capture offsets of the first client→server and server→client packets. */
  toServerOffset: number;
  toClientOffset: number;
  issue: (issue: InputIssue) => void;
}

/** Fills the record's facets from its payload heads (and datagram DNS) in place. */
export function addFacets(record: FlowRecord, context: FacetContext): void {
  const payload = record.payload;
  let dns = context.dns;
  if (payload !== undefined && record.protocol === IPPROTO.TCP) {
    if (isDnsPort(record.server.port) || isDnsPort(record.client.port)) {
      dns ??= new DnsFacts();
      addTcpDns(dns, payload.toServer, context.toServerOffset, context.issue);
      addTcpDns(dns, payload.toClient, context.toClientOffset, context.issue);
    }
    addTlsSni(record, payload.toServer, context);
    addHttp(record, payload.toServer, payload.toClient, context);
  }
  dns?.fill(record);
}

/**
 * A head that starts mid-stream or skipped a hole is not the sender's exact byte stream, so a
 * parse failure there says nothing about the sender: only intact heads produce issues.
 */
function intact(head: PayloadHead): boolean {
  return !head.midStream && head.gaps === 0;
}

function addTcpDns(dns: DnsFacts, head: PayloadHead, offset: number, issue: FacetContext['issue']): void {
  // The 2-byte framing cannot be found again mid-stream.
  if (head.midStream || head.bytes.length === 0) return;
  addTcpDnsStream(dns, head.bytes, offset, intact(head) ? issue : ignore);
}

function addTlsSni(record: FlowRecord, head: PayloadHead, context: FacetContext): void {
  // A ClientHello opens a connection; a mid-stream head cannot start with one.
  if (head.midStream) return;
  const { name, problem } = readTlsSni(head.bytes);
  if (name !== undefined) record.tlsSni = name;
  if (problem !== undefined && intact(head)) {
    context.issue({ code: 'tls.malformed', offset: context.toServerOffset, message: problem });
  }
}

function addHttp(record: FlowRecord, request: PayloadHead, response: PayloadHead, context: FacetContext): void {
  const { facts, problem } = parseHttpRequestHead(request.bytes);
  if (problem !== undefined && intact(request)) {
    context.issue({ code: 'http.malformed', offset: context.toServerOffset, message: problem });
  }
  const fromServer = readResponseMiningHeaders(response.bytes);
  if (facts === undefined && fromServer === undefined) return;
  const http = facts ?? {};
  if (fromServer !== undefined) http.miningHeaders = { ...fromServer, ...http.miningHeaders };
  record.http = http;
}

function ignore(): void {}
