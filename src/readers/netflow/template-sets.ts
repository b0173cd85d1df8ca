/**
 * Template and options template sets of NetFlow v9 (flowsets 0 and 1, RFC 3954 sections 5.2 and
 * 6.1) and IPFIX (sets 2 and 3, RFC 7011 section 3.4), turned into field lists. A corrupt record
 * ends the set (its length cannot be trusted); short zero tails are padding.
 */
import type { IssueCode } from '../../errors/codes';
import { u16be, u32be } from '../pcap/bytes';
import type { FieldSpec, TemplateKind } from './template-plan';
import { allZero } from './uint';

export interface TemplateSink {
  template(templateId: number, kind: TemplateKind, fields: FieldSpec[], definition: Buffer, at: number): void;
  /** `templateId` undefined: every template of the kind (IPFIX ids 2 and 3 in a withdrawal). */
  withdraw(templateId: number | undefined, kind: TemplateKind, at: number): void;
  problem(code: IssueCode, at: number, message: string): void;
}

/** The lowest template id; 0-255 name sets, not templates. */
const FIRST_TEMPLATE_ID = 256;
const ENTERPRISE_BIT = 0x8000;

function badTemplate(sink: TemplateSink, at: number, templateId: number, why: string): void {
  sink.problem('netflow.bad-template', at, `template ${templateId} at byte ${at}: ${why}; the rest of its set is skipped`);
}

/** v9 field specifiers: type and length, 4 bytes each. */
function v9Fields(buf: Buffer, at: number, count: number, v9Scope: boolean, into: FieldSpec[]): void {
  for (let i = 0; i < count; i++, at += 4) into.push({ id: u16be(buf, at), enterprise: 0, length: u16be(buf, at + 2), v9Scope });
}

export function parseV9Templates(buf: Buffer, start: number, end: number, sink: TemplateSink): void {
  for (let p = start; p + 4 <= end; ) {
    const templateId = u16be(buf, p);
    const count = u16be(buf, p + 2);
    if (allZero(buf, p, end)) return;
    if (templateId < FIRST_TEMPLATE_ID) return badTemplate(sink, p, templateId, 'ids below 256 are reserved');
    if (count === 0) return badTemplate(sink, p, templateId, 'it has no fields');
    const recordEnd = p + 4 + count * 4;
    if (recordEnd > end) return badTemplate(sink, p, templateId, `${count} fields run past the end of its flowset`);
    const fields: FieldSpec[] = [];
    v9Fields(buf, p + 4, count, false, fields);
    sink.template(templateId, 'data', fields, buf.subarray(p, recordEnd), p);
    p = recordEnd;
  }
}

export function parseV9OptionsTemplates(buf: Buffer, start: number, end: number, sink: TemplateSink): void {
  for (let p = start; p + 6 <= end; ) {
    const templateId = u16be(buf, p);
    const scopeBytes = u16be(buf, p + 2);
    const optionBytes = u16be(buf, p + 4);
    if (allZero(buf, p, end)) return;
    if (templateId < FIRST_TEMPLATE_ID) return badTemplate(sink, p, templateId, 'ids below 256 are reserved');
    if (scopeBytes % 4 !== 0 || optionBytes % 4 !== 0 || scopeBytes + optionBytes === 0) {
      return badTemplate(sink, p, templateId, `scope length ${scopeBytes} and option length ${optionBytes} are not whole field lists`);
    }
    const recordEnd = p + 6 + scopeBytes + optionBytes;
    if (recordEnd > end) return badTemplate(sink, p, templateId, 'its fields run past the end of its flowset');
    const fields: FieldSpec[] = [];
    v9Fields(buf, p + 6, scopeBytes / 4, true, fields);
    v9Fields(buf, p + 6 + scopeBytes, optionBytes / 4, false, fields);
    sink.template(templateId, 'options', fields, buf.subarray(p, recordEnd), p);
    p = recordEnd;
  }
}

/** IPFIX field specifiers: 4 bytes, or 8 with the enterprise bit. Returns the end, or -1 past `end`. */
function ipfixFields(buf: Buffer, at: number, end: number, count: number, into: FieldSpec[]): number {
  for (let i = 0; i < count; i++) {
    if (at + 4 > end) return -1;
    let id = u16be(buf, at);
    const length = u16be(buf, at + 2);
    at += 4;
    let enterprise = 0;
    if (id & ENTERPRISE_BIT) {
      if (at + 4 > end) return -1;
      enterprise = u32be(buf, at);
      id &= ~ENTERPRISE_BIT;
      at += 4;
    }
    into.push({ id, enterprise, length, v9Scope: false });
  }
  return at;
}

/** IPFIX template (set 2) or options template (set 3) records, including withdrawals. */
export function parseIpfixTemplates(buf: Buffer, start: number, end: number, kind: TemplateKind, sink: TemplateSink): void {
  const headerBytes = kind === 'options' ? 6 : 4;
  const allId = kind === 'options' ? 3 : 2;
  for (let p = start; p + 4 <= end; ) {
    const templateId = u16be(buf, p);
    const count = u16be(buf, p + 2);
    if (allZero(buf, p, end)) return;
    if (count === 0) {
      // A withdrawal (RFC 7011 section 8.1); the set's own id withdraws every template of the kind.
      if (templateId === allId) sink.withdraw(undefined, kind, p);
      else if (templateId >= FIRST_TEMPLATE_ID) sink.withdraw(templateId, kind, p);
      else return badTemplate(sink, p, templateId, 'ids below 256 are reserved');
      p += 4;
      continue;
    }
    if (templateId < FIRST_TEMPLATE_ID) return badTemplate(sink, p, templateId, 'ids below 256 are reserved');
    if (p + headerBytes > end) return badTemplate(sink, p, templateId, 'its header runs past the end of its set');
    const scopeCount = kind === 'options' ? u16be(buf, p + 4) : 0;
    if (kind === 'options' && (scopeCount === 0 || scopeCount > count)) {
      return badTemplate(sink, p, templateId, `scope field count ${scopeCount} of ${count} fields`);
    }
    const fields: FieldSpec[] = [];
    const recordEnd = ipfixFields(buf, p + headerBytes, end, count, fields);
    if (recordEnd < 0) return badTemplate(sink, p, templateId, `${count} fields run past the end of its set`);
    sink.template(templateId, kind, fields, buf.subarray(p, recordEnd), p);
    p = recordEnd;
  }
}
