/**
 * Random text, and random damage to valid feeds: no importer throws, every problem points at a
 * line of the input (or 0), every fact is one the store accepts, and each input is read fast.
 */
import fc from 'fast-check';
import { FEED_FORMATS, importFeed, parseFactLines, type FeedFormat } from '../../../src/intel/feeds';
import { readPattern } from '../../../src/intel/feeds/stix-pattern';
import { checkImport, fixture, lineCount, OPTIONS } from './kit';

/** FEED_FUZZ_RUNS raises it for a long local run. */
const RUNS = Number(process.env.FEED_FUZZ_RUNS ?? 400);
/** Per input: generous for a slow CI machine, far below what quadratic work on these sizes would take. */
const INPUT_MS = 250;

const SAMPLES: Record<FeedFormat, string[]> = {
  list: [fixture('coinblocker-hosts.txt'), fixture('firehol-coinminers.netset'), fixture('nocoin-adblock.txt')],
  zeek: [fixture('pools.intel')],
  misp: [fixture('misp-event.json')],
  stix: [fixture('stix-bundle.json')],
};
const ALL_SAMPLES = Object.values(SAMPLES).flat();

/** Characters that matter to some format's syntax, so mutations hit the parsers' edges. */
const SYNTAX = fc.constantFrom('{', '}', '[', ']', '"', "'", ':', ',', '|', '\\', '\n', '\r', '\t', ' ', '#', '!', '/', '.', '^', '$', '*', '0', '9', 'f', '\u0000', '\u2028', '\uD800', 'é');

type Mutation = { at: number; op: 'flip' | 'insert' | 'delete' | 'truncate' | 'duplicate'; char: string; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('flip', 'insert', 'delete', 'truncate', 'duplicate'),
  char: fc.oneof(SYNTAX, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
  length: fc.integer({ min: 1, max: 200 }),
});

function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    if (m.op === 'flip') out = out.slice(0, at) + m.char + out.slice(at + 1);
    else if (m.op === 'insert') out = out.slice(0, at) + m.char + out.slice(at);
    else if (m.op === 'delete') out = out.slice(0, at) + out.slice(at + m.length);
    else if (m.op === 'truncate') out = out.slice(0, at);
    else out = out.slice(0, at) + out.slice(at, at + m.length) + out.slice(at);
  }
  return out;
}

const mutatedSample = (samples: readonly string[]) =>
  fc.tuple(fc.constantFrom(...samples), fc.array(mutation, { minLength: 1, maxLength: 12 })).map(([s, ms]) => mutate(s, ms));

type JsonEdit = { node: number; key: number; op: 'set' | 'delete' | 'wrap'; value: unknown };

/** Valid JSON damaged in meaning rather than syntax: values swapped for random ones, keys dropped, objects wrapped. */
function editJson(sample: string, edits: readonly JsonEdit[]): string {
  const root: unknown = JSON.parse(sample);
  for (const edit of edits) {
    const nodes: Array<Record<string, unknown> | unknown[]> = [];
    const walk = (v: unknown) => {
      if (v === null || typeof v !== 'object') return;
      nodes.push(v as Record<string, unknown>);
      for (const child of Object.values(v)) walk(child);
    };
    walk(root);
    const node = nodes[edit.node % nodes.length] as Record<string, unknown>;
    const keys = Object.keys(node);
    if (keys.length === 0) continue;
    const key = keys[edit.key % keys.length];
    if (edit.op === 'set') node[key] = edit.value;
    else if (edit.op === 'wrap') node[key] = [node[key], edit.value];
    else if (Array.isArray(node)) node.splice(Number(key), 1);
    else delete node[key];
  }
  return JSON.stringify(root, null, edits.length % 2 === 0 ? 2 : undefined);
}

const VALUES = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('ip-dst', 'ip-dst|port', 'domain|ip', 'indicator', 'ipv4-addr', 'domain-name', 'bundle', 'stix', true, '1', '198.51.100.1|0', "[ipv4-addr:value = '10.0.0.1']", '2001:db8::/8', 'x.example'),
);

const editedSample = (samples: readonly string[]) =>
  fc
    .tuple(
      fc.constantFrom(...samples),
      fc.array(fc.record({ node: fc.nat(), key: fc.nat(), op: fc.constantFrom('set' as const, 'delete' as const, 'wrap' as const), value: VALUES }), { minLength: 1, maxLength: 6 }),
    )
    .map(([s, edits]) => editJson(s, edits));

/** Lines built from pieces of real entries: more likely than random text to get past the first check. */
const PIECES = [
  '0.0.0.0 ', '127.0.0.1 ', '198.51.100.', '2001:db8::', '/24', '/0', ':3333', '[', ']', '||', '^', '$third-party', '##', '@@',
  'pool.example.com', '*.', 'stratum+tcp://', 'Intel::ADDR', 'Intel::DOMAIN', 'Intel::SUBNET', '\t', '#fields\tindicator\tindicator_type\tmeta.source',
  '# comment', '! comment', ' # note', 'xn--', '..', '-', '_', '256', '65536', '\r',
];
const pieceLines = fc
  .array(fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 })), { maxLength: 8 }).map((p) => p.join('')), { maxLength: 40 })
  .map((lines) => lines.join('\n'));

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 2000 }),
  fc.string({ maxLength: 2000 }),
  pieceLines,
  mutatedSample(ALL_SAMPLES),
);

function timed<T>(run: () => T): T {
  const started = performance.now();
  const result = run();
  expect(performance.now() - started).toBeLessThan(INPUT_MS);
  return result;
}

describe('intel/feeds fuzz', () => {
  for (const format of [...FEED_FORMATS, 'auto'] as const) {
    it(`${format}: never throws on any text; problems point at its lines; facts are valid`, () => {
      const own = format === 'auto' ? ALL_SAMPLES : SAMPLES[format];
      const damaged = format === 'misp' || format === 'stix' ? editedSample(own) : mutatedSample(own);
      let withFacts = 0;
      let withProblems = 0;
      fc.assert(
        fc.property(fc.oneof(anyText, mutatedSample(own), damaged, damaged), (text) => {
          const result = timed(() => importFeed(text, format, OPTIONS));
          checkImport(result, text);
          if (result.endpoints.length + result.names.length > 0) withFacts++;
          if (result.problems.length > 0) withProblems++;
        }),
        { numRuns: RUNS },
      );
      // The inputs reached past the first check: damaged feeds still gave facts, and problems.
      expect(withFacts).toBeGreaterThan(RUNS / 10);
      expect(withProblems).toBeGreaterThan(RUNS / 10);
    });
  }

  it('readPattern never throws and stays bounded on damaged patterns', () => {
    const patterns = [
      "[ipv4-addr:value = '198.51.100.1'] OR [ipv6-addr:value = '2001:db8::1']",
      "[network-traffic:dst_ref.value = '198.51.100.3' AND network-traffic:dst_port = 10128] WITHIN 60 SECONDS",
      "([domain-name:value IN ('a.example', 'b.example')] FOLLOWEDBY [file:hashes.'SHA-256' = 'ab']) START t'2024-01-01T00:00:00Z' STOP t'2024-02-01T00:00:00Z'",
    ];
    fc.assert(
      fc.property(fc.oneof(mutatedSample(patterns), fc.string({ unit: 'binary', maxLength: 500 })), (pattern) => {
        const reading = timed(() => readPattern(pattern));
        expect(typeof reading.ok).toBe('boolean');
      }),
      { numRuns: RUNS },
    );
  });

  it('parseFactLines never throws and reports only lines of its input', () => {
    const valid = '{"kind":"endpoint","address":"198.51.100.1","verdict":"pool","source":"curated","confidence":1,"firstSeen":0,"lastSeen":0,"expiresAt":0}\n{"kind":"name","name":"pool.example.com","source":"curated","confidence":1,"firstSeen":0,"lastSeen":0,"expiresAt":0}\n';
    fc.assert(
      fc.property(fc.oneof(anyText, mutatedSample([valid])), (text) => {
        const result = timed(() => parseFactLines(text));
        for (const p of result.problems) {
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.line).toBeLessThanOrEqual(lineCount(text));
        }
      }),
      { numRuns: RUNS },
    );
  });

  describe('big and deep inputs stay fast', () => {
    const bounded = (label: string, text: string, format: FeedFormat | 'auto', limitMs: number, check?: (r: ReturnType<typeof importFeed>) => void) => {
      it(label, () => {
        const started = performance.now();
        const result = importFeed(text, format, OPTIONS);
        expect(performance.now() - started).toBeLessThan(limitMs);
        checkImport(result, text);
        check?.(result);
      });
    };

    bounded('a 2 MB line', `${'a.'.repeat(1_000_000)}com\n198.51.100.1`, 'auto', 1000, (r) => {
      expect(r.problems).toEqual([{ line: 1, reason: expect.stringContaining('4096') }]);
      expect(r.endpoints).toHaveLength(1);
    });
    bounded(
      '100,000 list lines',
      Array.from({ length: 100_000 }, (_, i) => `198.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`).join('\n'),
      'list',
      3000,
      (r) => expect(r.endpoints).toHaveLength(100_000),
    );
    bounded('JSON nested 100,000 deep', `{"Event":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, 'auto', 1000, (r) => {
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0].reason).toContain('nested deeper');
    });
    bounded('a STIX bundle nested deep in a pattern', JSON.stringify({ type: 'bundle', objects: [{ type: 'indicator', pattern: `${'('.repeat(5000)}[a:b = 'x']${')'.repeat(5000)}` }] }), 'stix', 1000, (r) =>
      expect(r.problems).toHaveLength(1),
    );
    bounded(
      'a MISP event of 50,000 attributes, one per line',
      `{"Event": {"info": "big", "Attribute": [\n${Array.from({ length: 50_000 }, (_, i) => `{"type": "ip-dst", "value": "203.0.${(i >> 8) & 255}.${i & 255}"}`).join(',\n')}\n]}}`,
      'auto',
      3000,
      (r) => {
        expect(r.rows).toBe(50_000);
        expect(r.endpoints).toHaveLength(50_000);
      },
    );
    bounded('a STIX bundle of one huge pattern', JSON.stringify({ type: 'bundle', objects: [{ type: 'indicator', pattern: `[ipv4-addr:value = '${'1'.repeat(1_000_000)}']` }] }), 'stix', 1000, (r) =>
      expect(r.problems[0].reason).toContain('longer than'),
    );
    bounded('a string of a million quotes and backslashes', `{"Event": "${'\\"'.repeat(500_000)}`, 'misp', 1000, (r) => expect(r.problems).toHaveLength(1));
  });
});
