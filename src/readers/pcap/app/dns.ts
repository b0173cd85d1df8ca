/**
 * DNS messages (RFC 1035 §4.1): a 12-byte header (ID, flags with QR = 0x8000 and TC = 0x0200,
 * QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT), questions (QNAME QTYPE QCLASS), then resource records
 * (NAME TYPE CLASS TTL RDLENGTH RDATA). Only what detectors use is kept: question names, and
 * A / AAAA / CNAME answers with their TTL.
 */
import type { DnsAnswer } from '../../../flow/flow-record';
import { ipv4Text, ipv6Text } from '../address-text';
import { ByteCursor, CapturedTooLittle, MalformedInput } from './byte-cursor';
import { readDomainName } from './dns-name';

export interface DnsMessage {
  isResponse: boolean;
  questions: string[];
  answers: DnsAnswer[];
}

/** A message as far as it parsed, and what was wrong with the rest. */
export interface DnsOutcome {
  message?: DnsMessage;
  problem?: string;
}

const FLAG_RESPONSE = 0x8000;
const FLAG_TRUNCATED = 0x0200;
const TYPE_A = 1;
const TYPE_CNAME = 5;
const TYPE_AAAA = 28;
/** mDNS (RFC 6762 §10.2) uses the class's top bit as the cache-flush flag. */
const CLASS_MASK = 0x7fff;
const CLASS_IN = 1;
/** Work per message stays bounded whatever the counts claim. */
const MAX_QUESTIONS = 32;
const MAX_ANSWERS = 128;

/** True when the bytes start like a DNS response (QR set): enough to end a UDP exchange. */
export function looksLikeDnsResponse(payload: Buffer): boolean {
  return payload.length >= 12 && (payload[2] & 0x80) !== 0;
}

/** Never throws. */
export function parseDnsMessage(msg: Buffer): DnsOutcome {
  if (msg.length < 12) return { problem: `DNS message of ${msg.length} bytes is shorter than its header` };
  const flags = msg.readUInt16BE(2);
  const message: DnsMessage = { isResponse: (flags & FLAG_RESPONSE) !== 0, questions: [], answers: [] };
  const questionCount = msg.readUInt16BE(4);
  const answerCount = msg.readUInt16BE(6);
  const cursor = ByteCursor.over(msg, 12);
  try {
    for (let i = 0; i < questionCount && i < MAX_QUESTIONS; i++) {
      const name = readDomainName(msg, cursor);
      cursor.skip(4, 'question type and class');
      if (name !== '') message.questions.push(name);
    }
    if (questionCount > MAX_QUESTIONS) return { message, problem: `${questionCount} questions in one message` };
    for (let i = 0; i < answerCount && i < MAX_ANSWERS; i++) {
      const answer = readAnswer(msg, cursor);
      if (answer !== undefined) message.answers.push(answer);
    }
  } catch (error) {
    // A response with TC set was cut by its sender on purpose: what is there is fine.
    if (error instanceof MalformedInput && (flags & FLAG_TRUNCATED) === 0) {
      return { message, problem: `DNS ${error.message}` };
    }
    if (!(error instanceof MalformedInput) && !(error instanceof CapturedTooLittle)) throw error;
  }
  return { message };
}

function readAnswer(msg: Buffer, cursor: ByteCursor): DnsAnswer | undefined {
  const name = readDomainName(msg, cursor);
  const type = cursor.u16('answer type');
  const rrClass = cursor.u16('answer class') & CLASS_MASK;
  const rawTtl = cursor.u32('answer TTL');
  const rdata = cursor.window(cursor.u16('answer RDLENGTH'), 'answer RDATA');
  if (rrClass !== CLASS_IN) return undefined;
  // RFC 2181 §8: a TTL with the top bit set is to be taken as zero.
  const ttl = rawTtl >= 0x80000000 ? 0 : rawTtl;
  const at = rdata.position;
  switch (type) {
    case TYPE_A:
      if (rdata.remaining !== 4) throw new MalformedInput(`A record with ${rdata.remaining} bytes of data`);
      return { name, type: 'A', value: ipv4Text(msg, at), ttl };
    case TYPE_AAAA:
      if (rdata.remaining !== 16) throw new MalformedInput(`AAAA record with ${rdata.remaining} bytes of data`);
      return { name, type: 'AAAA', value: ipv6Text(msg, at), ttl };
    case TYPE_CNAME: {
      const target = readDomainName(msg, rdata);
      if (!rdata.atEnd) throw new MalformedInput('CNAME data longer than its name');
      return { name, type: 'CNAME', value: target, ttl };
    }
    default:
      return undefined;
  }
}
