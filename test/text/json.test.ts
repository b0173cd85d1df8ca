import fc from 'fast-check';
import { readJson } from '../../src/text/json';

function jsonParses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('intel/feeds json reader', () => {
  it('reads what JSON.parse reads, to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const reading = readJson(text);
        expect(reading.ok).toBe(true);
        if (reading.ok) expect(reading.doc.value).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('accepts and refuses the same texts as JSON.parse', () => {
    const jsonish = fc.stringMatching(/^[\s{}[\]":,0-9eE.+\-a-z\\]{0,40}$/);
    fc.assert(
      fc.property(fc.oneof(fc.string(), jsonish), (text) => {
        expect(readJson(text).ok).toBe(jsonParses(text));
      }),
      { numRuns: 500 },
    );
  });

  it.each(['01', '1.', '.5', '1e', '-', '"\t"', '"\\x"', '"\\u12"', '[1,]', '{"a":1,}', 'tru', 'nul', '{a:1}', "'a'", '1 2', '[]]'])('refuses %j', (text) => {
    expect(jsonParses(text)).toBe(false);
    expect(readJson(text).ok).toBe(false);
  });

  it('gives the line and column of a syntax error', () => {
    expect(readJson('{\n  "a": 1,\n  "b" 2\n}')).toEqual({ ok: false, line: 3, column: 7, reason: expect.stringContaining(':') });
    expect(readJson('[1, 2')).toMatchObject({ ok: false, line: 1 });
  });

  it('gives the line each object and array opens on', () => {
    const reading = readJson('{\n "list": [\n  {"a": 1},\n\n  {"b": 2}\n ]\n}');
    if (!reading.ok) throw new Error(reading.reason);
    const root = reading.doc.value as { list: Array<Record<string, number>> };
    expect(reading.doc.lineOf(root)).toBe(1);
    expect(reading.doc.lineOf(root.list)).toBe(2);
    expect(root.list.map((o) => reading.doc.lineOf(o))).toEqual([3, 5]);
    expect(reading.doc.lineOf(3)).toBe(0);
  });

  it('bounds nesting instead of overflowing the stack, and a __proto__ key is only a key', () => {
    expect(readJson('['.repeat(100_000))).toMatchObject({ ok: false, reason: expect.stringContaining('nested deeper') });
    const reading = readJson('{"__proto__": {"polluted": true}}');
    expect(reading.ok).toBe(true);
    if (reading.ok) expect((reading.doc.value as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('takes a leading byte-order mark', () => {
    expect(readJson('\uFEFF{"a": 1}')).toMatchObject({ ok: true });
  });
});
