import fc from 'fast-check';
import { exportFacts, parseFactLines } from '../../../src/intel/feeds';
import { intelFact, nameFact } from './arbitraries';
import { endpoint, name } from './kit';

describe('intel/feeds jsonl', () => {
  it('writes one object per line, kind first', () => {
    const text = exportFacts([endpoint('198.51.100.1', { port: 3333 }) as never], [name('pool.example.com') as never], 'jsonl');
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0])).toEqual({ kind: 'endpoint', ...endpoint('198.51.100.1', { port: 3333 }) });
    expect(lines[1].startsWith('{"kind":"name",')).toBe(true);
  });

  it('round-trips exactly: any valid facts read back equal (-0, lone surrogates and control characters included)', () => {
    fc.assert(
      fc.property(fc.array(intelFact, { maxLength: 8 }), fc.array(nameFact, { maxLength: 8 }), (endpoints, names) => {
        const text = exportFacts(endpoints, names, 'jsonl');
        const count = endpoints.length + names.length;
        expect(text === '' ? 0 : text.split('\n').length - 1).toBe(count);
        expect(parseFactLines(text)).toEqual({ endpoints, names, problems: [] });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps -0 as -0', () => {
    const fact = { ...(endpoint('198.51.100.1') as object), firstSeen: -0 } as never;
    const back = parseFactLines(exportFacts([fact], [], 'jsonl'));
    expect(Object.is(back.endpoints[0].firstSeen, -0)).toBe(true);
  });

  it('reports bad lines by number and keeps the good ones around them', () => {
    const good = exportFacts([endpoint('198.51.100.1') as never], [name('pool.example.com') as never], 'jsonl').trimEnd().split('\n');
    const text = [
      good[0],
      '',
      'not json',
      '[1,2]',
      '{"kind":"endpoint","address":"nope","verdict":"pool","source":"curated","confidence":1,"firstSeen":0,"lastSeen":0,"expiresAt":0}',
      '{"kind":"other"}',
      '{"address":"198.51.100.1"}',
      '{"kind":"name","name":"x","source":"curated","confidence":1,"firstSeen":0,"lastSeen":0,"expiresAt":0,"extra":1}',
      good[1],
    ].join('\r\n');
    const result = parseFactLines(`\uFEFF${text}`);
    expect(result.endpoints).toHaveLength(1);
    expect(result.names).toHaveLength(1);
    expect(result.problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(result.problems[2].reason).toContain('address');
  });
});
