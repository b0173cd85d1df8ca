/**
 * Just enough of the STIX 2.1 patterning language to find the addresses and domain names an
 * indicator's pattern names: a linear tokenizer and a recursive-descent parser bounded in
 * length and nesting (no eval, no backtracking regex). The whole grammar is parsed, so a
 * malformed pattern is refused rather than half-read, but only these comparisons yield targets:
 *
 *   ipv4-addr:value / ipv6-addr:value   =, IN (...), ISSUBSET 'cidr'
 *   domain-name:value                   =, IN (...), LIKE '%.example.com' (the domain and below)
 *   network-traffic:dst_ref.value       =, IN (...), ISSUBSET, with a `network-traffic:dst_port = N`
 *                                       ANDed beside it giving the port
 *
 * Negated comparisons (NOT, !=) and every other object type yield nothing. Observation
 * operators (AND, OR, FOLLOWEDBY) and qualifiers (WITHIN, REPEATS, START/STOP) are read and
 * ignored: every observable a pattern names positively is intel about the same activity.
 */

import { excerpt } from '../../text/clean';

export const MAX_PATTERN_LENGTH = 16_384;
export const MAX_PATTERN_DEPTH = 32;

export interface PatternTarget {
  /** `host`: a dst_ref value, an address or a domain name. */
  kind: 'address' | 'name' | 'host';
  value: string;
  port?: number;
}

export type PatternReading = { ok: true; targets: PatternTarget[] } | { ok: false; reason: string };

type Token =
  | { t: 'punct'; v: string; at: number }
  | { t: 'op'; v: string; at: number }
  | { t: 'word'; v: string; at: number }
  | { t: 'path'; object: string; property: string; at: number }
  | { t: 'string'; v: string; at: number }
  | { t: 'typed'; prefix: string; v: string; at: number }
  | { t: 'number'; v: number; at: number };

class PatternError extends Error {}

const KEYWORDS = new Set([
  'AND', 'OR', 'NOT', 'FOLLOWEDBY', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET', 'IN', 'EXISTS',
  'WITHIN', 'SECONDS', 'REPEATS', 'TIMES', 'START', 'STOP', 'TRUE', 'FALSE',
]);

function isIdent(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_-]/.test(c);
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** A quoted literal from the opening quote at `start`: `\'` and `\\` are its only escapes. */
function quoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === "'") return { value, end: i + 1 };
    if (c === '\\') {
      const next = text[i + 1];
      if (next !== "'" && next !== '\\') throw new PatternError(`bad escape at ${i + 1}`);
      value += next;
      i++;
    } else {
      value += c;
    }
  }
  throw new PatternError(`unterminated string from ${start + 1}`);
}

/** Continues an object path after `type:` — `value`, `dst_ref.value`, `hashes.'SHA-256'`, `values[*]`. */
function propertyPath(text: string, start: number): { property: string; end: number } {
  let i = start;
  let property = '';
  for (;;) {
    if (text[i] === "'") {
      const q = quoted(text, i);
      property += q.value;
      i = q.end;
    } else {
      const from = i;
      while (isIdent(text[i])) i++;
      if (i === from) throw new PatternError(`object path ends without a property at ${i + 1}`);
      property += text.slice(from, i);
    }
    if (text[i] === '[' && (text[i + 1] === '*' || isDigit(text[i + 1]))) {
      const close = text.indexOf(']', i);
      const index = close < 0 ? '' : text.slice(i + 1, close);
      if (index !== '*' && !/^\d{1,9}$/.test(index)) throw new PatternError(`bad list index at ${i + 1}`);
      property += `[${index}]`;
      i = close + 1;
    }
    if (text[i] !== '.') return { property, end: i };
    property += '.';
    i++;
  }
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '[' || c === ']' || c === '(' || c === ')' || c === ',') {
      tokens.push({ t: 'punct', v: c, at: i++ });
    } else if (c === '=' || c === '<' || c === '>' || c === '!') {
      const two = text.slice(i, i + 2);
      if (two === '!=' || two === '<=' || two === '>=') {
        tokens.push({ t: 'op', v: two, at: i });
        i += 2;
      } else if (c === '!') {
        throw new PatternError(`unexpected ! at ${i + 1}`);
      } else {
        tokens.push({ t: 'op', v: c, at: i++ });
      }
    } else if (c === "'") {
      const q = quoted(text, i);
      tokens.push({ t: 'string', v: q.value, at: i });
      i = q.end;
    } else if (isDigit(c) || (c === '-' && isDigit(text[i + 1]))) {
      const from = i;
      i++;
      while (isDigit(text[i])) i++;
      if (text[i] === '.' && isDigit(text[i + 1])) {
        i++;
        while (isDigit(text[i])) i++;
      }
      if (isIdent(text[i])) throw new PatternError(`bad number at ${from + 1}`);
      tokens.push({ t: 'number', v: Number(text.slice(from, i)), at: from });
    } else if (isIdent(c)) {
      const from = i;
      while (isIdent(text[i])) i++;
      const word = text.slice(from, i);
      if (text[i] === "'" && (word === 't' || word === 'h' || word === 'b')) {
        const q = quoted(text, i);
        tokens.push({ t: 'typed', prefix: word, v: q.value, at: from });
        i = q.end;
      } else if (text[i] === ':') {
        const path = propertyPath(text, i + 1);
        tokens.push({ t: 'path', object: word, property: path.property, at: from });
        i = path.end;
      } else if (KEYWORDS.has(word.toUpperCase())) {
        tokens.push({ t: 'word', v: word.toUpperCase(), at: from });
      } else {
        throw new PatternError(`unexpected ${JSON.stringify(word.slice(0, 40))} at ${from + 1}`);
      }
    } else {
      throw new PatternError(`unexpected ${excerpt(c)} at ${i + 1}`);
    }
  }
  return tokens;
}

/** What a comparison expression yields: targets, and a port when it is a dst_port comparison. */
interface Yield {
  targets: PatternTarget[];
  port?: number;
  /** Targets that came from dst_ref (a port beside them applies to them). */
  traffic: Set<PatternTarget>;
}

const NOTHING = (): Yield => ({ targets: [], traffic: new Set() });

type Value = { kind: 'string'; v: string } | { kind: 'number'; v: number } | { kind: 'other' };

class Parser {
  private i = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private where(): string {
    const token = this.peek();
    return token ? `at ${token.at + 1}` : 'at the end';
  }

  private isWord(v: string): boolean {
    const token = this.peek();
    return token?.t === 'word' && token.v === v;
  }

  private isPunct(v: string): boolean {
    const token = this.peek();
    return token?.t === 'punct' && token.v === v;
  }

  private expectPunct(v: string): void {
    if (!this.isPunct(v)) throw new PatternError(`expected ${v} ${this.where()}`);
    this.i++;
  }

  pattern(): PatternTarget[] {
    const targets = this.observations(0);
    if (this.peek()) throw new PatternError(`unexpected text ${this.where()}`);
    return targets;
  }

  private observations(depth: number): PatternTarget[] {
    const targets = this.observation(depth);
    while (this.isWord('AND') || this.isWord('OR') || this.isWord('FOLLOWEDBY')) {
      this.i++;
      targets.push(...this.observation(depth));
    }
    return targets;
  }

  private observation(depth: number): PatternTarget[] {
    if (depth >= MAX_PATTERN_DEPTH) throw new PatternError(`nested deeper than ${MAX_PATTERN_DEPTH} levels`);
    let targets: PatternTarget[];
    if (this.isPunct('[')) {
      this.i++;
      targets = this.comparisonOr(depth + 1).targets;
      this.expectPunct(']');
    } else if (this.isPunct('(')) {
      this.i++;
      targets = this.observations(depth + 1);
      this.expectPunct(')');
    } else {
      throw new PatternError(`expected [ or ( ${this.where()}`);
    }
    this.qualifiers();
    return targets;
  }

  private expectNumber(): void {
    if (this.peek()?.t !== 'number') throw new PatternError(`expected a number ${this.where()}`);
    this.i++;
  }

  private expectWord(v: string): void {
    if (!this.isWord(v)) throw new PatternError(`expected ${v} ${this.where()}`);
    this.i++;
  }

  private expectTimestamp(): void {
    const token = this.peek();
    if (token?.t !== 'typed' || token.prefix !== 't') throw new PatternError(`expected t'timestamp' ${this.where()}`);
    this.i++;
  }

  private qualifiers(): void {
    for (;;) {
      if (this.isWord('WITHIN')) {
        this.i++;
        this.expectNumber();
        this.expectWord('SECONDS');
      } else if (this.isWord('REPEATS')) {
        this.i++;
        this.expectNumber();
        this.expectWord('TIMES');
      } else if (this.isWord('START')) {
        this.i++;
        this.expectTimestamp();
        this.expectWord('STOP');
        this.expectTimestamp();
      } else {
        return;
      }
    }
  }

  private comparisonOr(depth: number): Yield {
    const first = this.comparisonAnd(depth);
    if (!this.isWord('OR')) return first;
    const all = NOTHING();
    const add = (y: Yield) => {
      all.targets.push(...y.targets);
      for (const t of y.traffic) all.traffic.add(t);
    };
    add(first);
    while (this.isWord('OR')) {
      this.i++;
      add(this.comparisonAnd(depth));
    }
    // A port in one alternative constrains nothing in the others.
    return all;
  }

  private comparisonAnd(depth: number): Yield {
    const first = this.comparisonUnit(depth);
    if (!this.isWord('AND')) return first;
    const parts = [first];
    while (this.isWord('AND')) {
      this.i++;
      parts.push(this.comparisonUnit(depth));
    }
    const ports = new Set(parts.flatMap((p) => (p.port !== undefined ? [p.port] : [])));
    const all = NOTHING();
    for (const part of parts) {
      all.targets.push(...part.targets);
      for (const t of part.traffic) all.traffic.add(t);
    }
    if (ports.size === 1) {
      const [port] = ports;
      for (const target of all.traffic) if (target.port === undefined) target.port = port;
    }
    return all;
  }

  private comparisonUnit(depth: number): Yield {
    if (depth >= MAX_PATTERN_DEPTH) throw new PatternError(`nested deeper than ${MAX_PATTERN_DEPTH} levels`);
    if (this.isPunct('(')) {
      this.i++;
      const inner = this.comparisonOr(depth + 1);
      this.expectPunct(')');
      // Parenthesised: its port (if any) was already applied inside, and goes no further.
      return { targets: inner.targets, traffic: inner.traffic };
    }
    return this.comparison();
  }

  private value(): Value {
    const token = this.peek();
    if (!token) throw new PatternError('expected a value at the end');
    this.i++;
    if (token.t === 'string') return { kind: 'string', v: token.v };
    if (token.t === 'number') return { kind: 'number', v: token.v };
    if (token.t === 'typed' || (token.t === 'word' && (token.v === 'TRUE' || token.v === 'FALSE'))) return { kind: 'other' };
    this.i--;
    throw new PatternError(`expected a value ${this.where()}`);
  }

  private comparison(): Yield {
    if (this.isWord('EXISTS')) {
      this.i++;
      if (this.peek()?.t !== 'path') throw new PatternError(`expected an object path ${this.where()}`);
      this.i++;
      return NOTHING();
    }
    const path = this.peek();
    if (path?.t !== 'path') throw new PatternError(`expected an object path ${this.where()}`);
    this.i++;
    const negated = this.isWord('NOT');
    if (negated) this.i++;
    const token = this.peek();
    let operator: string;
    if (token?.t === 'op') operator = token.v;
    else if (token?.t === 'word' && ['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET', 'IN'].includes(token.v)) operator = token.v;
    else throw new PatternError(`expected a comparison operator ${this.where()}`);
    this.i++;
    const values: Value[] = [];
    if (operator === 'IN') {
      this.expectPunct('(');
      values.push(this.value());
      while (this.isPunct(',')) {
        this.i++;
        values.push(this.value());
      }
      this.expectPunct(')');
    } else {
      values.push(this.value());
    }
    if (negated) return NOTHING();
    return evaluate(`${path.object}:${path.property}`, operator, values);
  }
}

function strings(values: readonly Value[]): string[] {
  return values.flatMap((v) => (v.kind === 'string' ? [v.v] : []));
}

/** `%.example.com` (LIKE): the domain and every name below it, which is what a name fact means. */
function likeDomain(value: string): string | undefined {
  if (!value.startsWith('%.')) return undefined;
  const rest = value.slice(2);
  return rest !== '' && !/[%_]/.test(rest) ? rest : undefined;
}

function evaluate(path: string, operator: string, values: readonly Value[]): Yield {
  const out = NOTHING();
  const exact = operator === '=' || operator === 'IN';
  if (path === 'ipv4-addr:value' || path === 'ipv6-addr:value') {
    if (exact || operator === 'ISSUBSET') for (const v of strings(values)) out.targets.push({ kind: 'address', value: v });
  } else if (path === 'domain-name:value') {
    if (exact) for (const v of strings(values)) out.targets.push({ kind: 'name', value: v });
    if (operator === 'LIKE') {
      const name = likeDomain(strings(values)[0] ?? '');
      if (name !== undefined) out.targets.push({ kind: 'name', value: name });
    }
  } else if (path === 'network-traffic:dst_ref.value') {
    if (exact || operator === 'ISSUBSET') {
      for (const v of strings(values)) {
        const target: PatternTarget = { kind: 'host', value: v };
        out.targets.push(target);
        out.traffic.add(target);
      }
    }
  } else if (path === 'network-traffic:dst_port' && operator === '=') {
    const [v] = values;
    if (v.kind === 'number' && Number.isInteger(v.v) && v.v >= 1 && v.v <= 65535) out.port = v.v;
  }
  return out;
}

export function readPattern(pattern: string): PatternReading {
  if (pattern.length > MAX_PATTERN_LENGTH) return { ok: false, reason: `pattern longer than ${MAX_PATTERN_LENGTH} characters` };
  try {
    return { ok: true, targets: new Parser(tokenize(pattern)).pattern() };
  } catch (e) {
    if (e instanceof PatternError) return { ok: false, reason: e.message };
    throw e;
  }
}
