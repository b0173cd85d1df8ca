/**
 * Writes DNS messages (RFC 1035 §4.1) the way servers do, with name compression: every name
 * suffix already written is replaced by a pointer to its first occurrence.
 */
import { ipv4Bytes, ipv6Bytes } from '../../../../fixtures/lib/frames';

export interface AnswerSpec {
  name: string;
  type: 'A' | 'AAAA' | 'CNAME' | 'TXT';
  value: string;
  ttl?: number;
}

const TYPE_CODES = { A: 1, CNAME: 5, TXT: 16, AAAA: 28 } as const;

class DnsWriter {
  private readonly bytes: number[] = [];
  private readonly suffixes = new Map<string, number>();

  get length(): number {
    return this.bytes.length;
  }

  u8(v: number): void {
    this.bytes.push(v & 0xff);
  }

  u16(v: number): void {
    this.bytes.push((v >> 8) & 0xff, v & 0xff);
  }

  u32(v: number): void {
    this.u16(Math.floor(v / 65536));
    this.u16(v % 65536);
  }

  raw(data: Uint8Array): void {
    this.bytes.push(...data);
  }

  name(name: string, compress = true): void {
    const labels = name === '' ? [] : name.split('.');
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.').toLowerCase();
      const earlier = this.suffixes.get(suffix);
      if (compress && earlier !== undefined) {
        this.u16(0xc000 | earlier);
        return;
      }
      if (this.length < 0x4000) this.suffixes.set(suffix, this.length);
      this.u8(labels[i].length);
      this.raw(Buffer.from(labels[i], 'latin1'));
    }
    this.u8(0);
  }

  patchU16(at: number, v: number): void {
    this.bytes[at] = (v >> 8) & 0xff;
    this.bytes[at + 1] = v & 0xff;
  }

  done(): Buffer {
    return Buffer.from(this.bytes);
  }
}

export function dnsMessage(spec: {
  id?: number;
  response: boolean;
  truncatedFlag?: boolean;
  questions: string[];
  answers?: AnswerSpec[];
  compress?: boolean;
}): Buffer {
  const w = new DnsWriter();
  const answers = spec.answers ?? [];
  w.u16(spec.id ?? 0x1234);
  w.u16((spec.response ? 0x8180 : 0x0100) | (spec.truncatedFlag ? 0x0200 : 0));
  w.u16(spec.questions.length);
  w.u16(answers.length);
  w.u16(0);
  w.u16(0);
  for (const q of spec.questions) {
    w.name(q, spec.compress ?? true);
    w.u16(TYPE_CODES.A);
    w.u16(1);
  }
  for (const a of answers) {
    w.name(a.name, spec.compress ?? true);
    w.u16(TYPE_CODES[a.type]);
    w.u16(1);
    w.u32(a.ttl ?? 300);
    const lengthAt = w.length;
    w.u16(0);
    const start = w.length;
    if (a.type === 'A') w.raw(ipv4Bytes(a.value));
    else if (a.type === 'AAAA') w.raw(ipv6Bytes(a.value));
    else if (a.type === 'CNAME') w.name(a.value, spec.compress ?? true);
    else {
      w.u8(a.value.length);
      w.raw(Buffer.from(a.value));
    }
    w.patchU16(lengthAt, w.length - start);
  }
  return w.done();
}

export function dnsQuery(name: string, id = 0x1234): Buffer {
  return dnsMessage({ id, response: false, questions: [name] });
}
