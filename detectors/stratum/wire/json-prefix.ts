/**
 * Reads the visible start of a JSON text that may be cut anywhere: a sampled packet holds only
 * the first bytes of a Stratum message. What was read whole comes back as plain JSON values;
 * a value the text ended inside of comes back as a `Cut` holding what was visible of it (part of
 * a string, the elements or members read so far). A member whose name was cut is left out; one
 * whose value had not begun is there as `Cut(undefined)`, so its name still counts as seen.
 * Text that stops being JSON before it ends is not a prefix of JSON at all: undefined.
 */

export class Cut {
  constructor(readonly visible: unknown) {}
}

const MAX_DEPTH = 32;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERALS: ReadonlyArray<[string, unknown]> = [
  ['true', true],
  ['false', false],
  ['null', null],
];

/** `done`: the value ended inside the text. `null`: not JSON. */
type Step = { value: unknown; done: boolean } | null;

class PrefixReader {
  pos = 0;

  constructor(private readonly text: string) {}

  get atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /[ \t\r\n]/.test(this.text[this.pos])) this.pos++;
  }

  value(depth: number): Step {
    this.skipSpace();
    if (this.atEnd) return { value: undefined, done: false };
    const c = this.text[this.pos];
    if (c === '{') return depth >= MAX_DEPTH ? null : this.object(depth + 1);
    if (c === '[') return depth >= MAX_DEPTH ? null : this.array(depth + 1);
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    return this.literal();
  }

  private object(depth: number): Step {
    const out: Record<string, unknown> = {};
    this.pos++; // {
    for (let first = true; ; first = false) {
      this.skipSpace();
      if (this.atEnd) return { value: out, done: false };
      if (this.text[this.pos] === '}') {
        this.pos++;
        return { value: out, done: true };
      }
      if (!first) {
        if (this.text[this.pos] !== ',') return null;
        this.pos++;
        this.skipSpace();
        if (this.atEnd) return { value: out, done: false };
      }
      if (this.text[this.pos] !== '"') return null;
      const key = this.string();
      if (key === null) return null;
      if (!key.done) return { value: out, done: false };
      this.skipSpace();
      const name = key.value as string;
      if (this.atEnd) return { value: out, done: false };
      if (this.text[this.pos] !== ':') return null;
      this.pos++;
      const member = this.value(depth);
      if (member === null) return null;
      // A repeated name: JSON.parse keeps the last, and so does this.
      out[name] = member.done ? member.value : new Cut(member.value);
      if (!member.done) return { value: out, done: false };
    }
  }

  private array(depth: number): Step {
    const out: unknown[] = [];
    this.pos++; // [
    for (let first = true; ; first = false) {
      this.skipSpace();
      if (this.atEnd) return { value: out, done: false };
      if (this.text[this.pos] === ']') {
        this.pos++;
        return { value: out, done: true };
      }
      if (!first) {
        if (this.text[this.pos] !== ',') return null;
        this.pos++;
      }
      const element = this.value(depth);
      if (element === null) return null;
      if (!element.done) {
        if (element.value !== undefined) out.push(new Cut(element.value));
        return { value: out, done: false };
      }
      out.push(element.value);
    }
  }

  private string(): Step {
    let out = '';
    this.pos++; // "
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '"') {
        this.pos++;
        return { value: out, done: true };
      }
      if (c < ' ') return null;
      if (c !== '\\') {
        out += c;
        this.pos++;
        continue;
      }
      const escape = this.text[this.pos + 1];
      if (escape === undefined) break;
      if (escape === 'u') {
        const hex = this.text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]*$/.test(hex)) return null;
        if (hex.length < 4) break;
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
        continue;
      }
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (!(escape in simple)) return null;
      out += simple[escape];
      this.pos += 2;
    }
    this.pos = this.text.length;
    return { value: out, done: false };
  }

  private number(): Step {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match || match[0] === '-') {
      if (this.text.slice(this.pos) === '-') return { value: undefined, done: false };
      return null;
    }
    this.pos += match[0].length;
    // A number running to the end of the text may have lost digits.
    if (this.atEnd || /[.eE+-]/.test(this.text[this.pos])) {
      const rest = this.text.slice(this.pos);
      if (this.atEnd || /^(?:\.|[eE][+-]?)$/.test(rest)) {
        this.pos = this.text.length;
        return { value: Number(match[0]), done: false };
      }
      return null;
    }
    return { value: Number(match[0]), done: true };
  }

  private literal(): Step {
    const rest = this.text.slice(this.pos, this.pos + 5);
    for (const [word, value] of LITERALS) {
      if (rest.startsWith(word)) {
        this.pos += word.length;
        return { value, done: true };
      }
      if (this.pos + rest.length >= this.text.length && word.startsWith(rest)) {
        this.pos = this.text.length;
        return { value: undefined, done: false };
      }
    }
    return null;
  }
}

/** The top-level JSON object at the start of `text`, whole or cut; undefined when it is not one. */
export function parseObjectPrefix(text: string): { value: Record<string, unknown>; complete: boolean } | undefined {
  const reader = new PrefixReader(text);
  reader.skipSpace();
  if (text[reader.pos] !== '{') return undefined;
  const step = reader.value(0);
  if (step === null) return undefined;
  if (step.done) {
    reader.skipSpace();
    if (!reader.atEnd) return undefined;
  }
  return { value: step.value as Record<string, unknown>, complete: step.done };
}

/** The value itself when it was read whole; undefined when it was cut. */
export function whole(value: unknown): unknown {
  return value instanceof Cut ? undefined : value;
}

/** What is visible of a value, whole or cut. */
export function visible(value: unknown): unknown {
  return value instanceof Cut ? value.visible : value;
}
