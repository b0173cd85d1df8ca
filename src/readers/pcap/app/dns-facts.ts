import type { DnsAnswer, FlowRecord } from '../../../flow/flow-record';
import type { InputIssue } from '../../issues';
import { parseDnsMessage } from './dns';

/** Per flow, whatever a chatty mDNS responder sends. */
export const MAX_DNS_QUERIES = 32;
export const MAX_DNS_ANSWERS = 64;

/** DNS port numbers whose payload is parsed as DNS: unicast DNS and multicast DNS. */
export function isDnsPort(port: number): boolean {
  return port === 53 || port === 5353;
}

/** Question names and answers of one flow, deduplicated and bounded. */
export class DnsFacts {
  private readonly queries = new Set<string>();
  private readonly answers = new Map<string, DnsAnswer>();

  /** Parses one whole DNS message (a datagram, or one TCP-framed message). */
  addMessage(msg: Buffer, offset: number, issue: (i: InputIssue) => void): void {
    const { message, problem } = parseDnsMessage(msg);
    if (problem !== undefined) issue({ code: 'dns.malformed', offset, message: problem });
    if (message === undefined) return;
    for (const name of message.questions) {
      if (this.queries.size >= MAX_DNS_QUERIES) break;
      this.queries.add(name);
    }
    for (const answer of message.answers) {
      if (this.answers.size >= MAX_DNS_ANSWERS) break;
      const key = `${answer.type} ${answer.name} ${answer.value}`;
      if (!this.answers.has(key)) this.answers.set(key, answer);
    }
  }

  /** Sets dnsQueries / dnsAnswers on the record when there is anything to say. */
  fill(record: FlowRecord): void {
    if (this.queries.size > 0) record.dnsQueries = [...this.queries];
    if (this.answers.size > 0) record.dnsAnswers = [...this.answers.values()];
  }
}

/**
 * DNS over TCP (RFC 1035 §4.2.2): each message is preceded by its 2-byte length. A message the
 * head cut short is left alone; one that is there in full but does not parse is an issue.
 */
export function addTcpDnsStream(facts: DnsFacts, stream: Buffer, offset: number, issue: (i: InputIssue) => void): void {
  for (let at = 0; at + 2 <= stream.length; ) {
    const length = stream.readUInt16BE(at);
    const end = at + 2 + length;
    if (end > stream.length) return;
    facts.addMessage(stream.subarray(at + 2, end), offset, issue);
    at = end;
  }
}
