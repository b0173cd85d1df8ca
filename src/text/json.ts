/**
 * A JSON reader that remembers where each object and array starts, for problems that name the
 * line of the MISP attribute or STIX object at fault. JSON.parse keeps no positions, and its
 * syntax-error messages carry a position only sometimes (and differently across Node
 * versions), so this reads the text itself: the same grammar as JSON.parse (RFC 8259), a
 * nesting bound instead of a stack overflow, objects without prototypes so a `__proto__` key
 * is just a key.
 */

import { excerpt } from './clean';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export const MAX_JSON_DEPTH = 64;

export interface JsonDocument {
  value: JsonValue;
  /** 1-based line where an object or array of this document starts; 0 for anything else. */
  lineOf(node: JsonValue): number;
}

export type JsonReading = { ok: true; doc: JsonDocument } | { ok: false; line: number; column: number; reason: string };

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Offsets of line starts, for turning offsets into lines by binary search. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Reader {
  pos: number;
  readonly offsets = new WeakMap<object, number>();

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {
    this.pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  fail(reason: string, at = this.pos): never {
    throw new JsonSyntaxError(at, reason);
  }

  space(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
      else break;
    }
    this.pos = p;
  }

  document(): JsonValue {
    this.space();
    const value = this.value(0);
    this.space();
    if (this.pos < this.text.length) this.fail('unexpected text after the JSON value');
    return value;
  }

  value(depth: number): JsonValue {
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth + 1);
    if (c === '[') return this.array(depth + 1);
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    if (this.text.startsWith('true', this.pos)) return this.literal(4, true);
    if (this.text.startsWith('false', this.pos)) return this.literal(5, false);
    if (this.text.startsWith('null', this.pos)) return this.literal(4, null);
    return this.fail(c === undefined ? 'unexpected end of JSON' : `unexpected ${excerpt(c)}`);
  }

  literal<T>(length: number, value: T): T {
    this.pos += length;
    return value;
  }

  object(depth: number): JsonObject {
    if (depth > this.maxDepth) this.fail(`nested deeper than ${this.maxDepth} levels`);
    const start = this.pos++;
    const object = Object.create(null) as JsonObject;
    this.offsets.set(object, start);
    this.space();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return object;
    }
    for (;;) {
      if (this.text[this.pos] !== '"') this.fail('expected a "quoted" property name');
      const key = this.string();
      this.space();
      if (this.text[this.pos] !== ':') this.fail('expected : after the property name');
      this.pos++;
      this.space();
      object[key] = this.value(depth);
      this.space();
      const c = this.text[this.pos++];
      if (c === '}') return object;
      if (c !== ',') this.fail("expected , or } in the object", this.pos - 1);
      this.space();
    }
  }

  array(depth: number): JsonValue[] {
    if (depth > this.maxDepth) this.fail(`nested deeper than ${this.maxDepth} levels`);
    const start = this.pos++;
    const array: JsonValue[] = [];
    this.offsets.set(array, start);
    this.space();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return array;
    }
    for (;;) {
      array.push(this.value(depth));
      this.space();
      const c = this.text[this.pos++];
      if (c === ']') return array;
      if (c !== ',') this.fail('expected , or ] in the array', this.pos - 1);
      this.space();
    }
  }

  string(): string {
    const t = this.text;
    let p = this.pos + 1;
    let out = '';
    let chunk = p;
    for (;;) {
      const c = t.charCodeAt(p);
      if (Number.isNaN(c)) this.fail('unterminated string', this.pos);
      if (c === 0x22) break;
      if (c < 0x20) this.fail('control character in a string (must be escaped)', p);
      if (c !== 0x5c) {
        p++;
        continue;
      }
      out += t.slice(chunk, p);
      const e = t[p + 1];
      if (e === 'u') {
        const hex = t.slice(p + 2, p + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape', p);
        out += String.fromCharCode(parseInt(hex, 16));
        p += 6;
      } else if (e !== undefined && Object.hasOwn(ESCAPES, e)) {
        out += ESCAPES[e];
        p += 2;
      } else {
        this.fail('bad escape in a string', p);
      }
      chunk = p;
    }
    out += t.slice(chunk, p);
    this.pos = p + 1;
    return out;
  }

  number(): number {
    const t = this.text;
    const start = this.pos;
    let p = start;
    const digits = () => {
      const from = p;
      while (t.charCodeAt(p) >= 0x30 && t.charCodeAt(p) <= 0x39) p++;
      return p - from;
    };
    if (t[p] === '-') p++;
    if (t[p] === '0') p++;
    else if (digits() === 0) this.fail('bad number', start);
    if (t[p] === '.') {
      p++;
      if (digits() === 0) this.fail('bad number: digits must follow the point', start);
    }
    if (t[p] === 'e' || t[p] === 'E') {
      p++;
      if (t[p] === '+' || t[p] === '-') p++;
      if (digits() === 0) this.fail('bad number: digits must follow the exponent', start);
    }
    this.pos = p;
    return Number(t.slice(start, p));
  }
}

export function readJson(text: string, maxDepth = MAX_JSON_DEPTH): JsonReading {
  const reader = new Reader(text, maxDepth);
  let starts: number[] | undefined;
  const position = (offset: number) => lineAt((starts ??= lineStarts(text)), offset);
  try {
    const value = reader.document();
    return {
      ok: true,
      doc: {
        value,
        lineOf: (node) => {
          const offset = node !== null && typeof node === 'object' ? reader.offsets.get(node) : undefined;
          return offset === undefined ? 0 : position(offset).line;
        },
      },
    };
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const { line, column } = position(Math.min(e.offset, text.length));
    return { ok: false, line, column, reason: e.reason };
  }
}

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
