import { FIRST_OBJECT_LIMITS, firstObjectOffset } from '../../../detectors/stratum/wire/first-object';
import { headOf, T0 } from './helpers';

const LOGIN = '{"id":1,"jsonrpc":"2.0","method":"login","params":{"login":"x","agent":"XMRig/6.21.0"}}';
const at = (text: string | Buffer, options = {}) => firstObjectOffset(headOf([[T0, text]], options));

describe('firstObjectOffset: where the JSON lines start after a prefix', () => {
  it('is 0 for a stream that starts with a message, whatever its line end', () => {
    expect(at(`${LOGIN}\n`)).toBe(0);
    expect(at(`${LOGIN}\r`)).toBe(0);
    expect(at(LOGIN)).toBe(0); // a whole head's last line needs no line end
  });

  it('skips a NUL, junk on the same line, and junk lines with stray braces', () => {
    expect(at(`\0${LOGIN}\n`)).toBe(1);
    expect(at(`xx{"a{"q${LOGIN}\n`)).toBe(8);
    const junk = Buffer.from('\x01{"\n}\r{ "half": \n{}x\n\xff\xfe{"k":1 trailing}\n');
    const head = Buffer.concat([junk, Buffer.from(`${LOGIN}\n`)]);
    expect(at(head)).toBe(junk.length);
  });

  it('needs a member name after the brace: a bare {} or a JSON array is no JSON-RPC start', () => {
    expect(at('{}\n[1,2]\n')).toBeUndefined();
  });

  it('does not take the unterminated last line of a cut head', () => {
    expect(at(`junk\n${LOGIN}`, { truncated: true })).toBeUndefined();
  });

  it('gives up within its budget on a hostile head of lines that look like objects', () => {
    // Lines that do not end in a brace cost no parse at all.
    const cheap = '{"a":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}x\n';
    expect(at(`${cheap.repeat(10_000)}${LOGIN}\n`)).toBe(cheap.length * 10_000);
    // Lines that end in one but do not parse are tries; past the limit the prefix wins.
    const decoy = '{"a":1}}\n';
    expect(at(`${decoy.repeat(FIRST_OBJECT_LIMITS.tries - 1)}${LOGIN}\n`)).toBe(decoy.length * (FIRST_OBJECT_LIMITS.tries - 1));
    expect(at(`${decoy.repeat(FIRST_OBJECT_LIMITS.tries)}${LOGIN}\n`)).toBeUndefined();
    // One long line of nested starts: each try parses to the same line end, the byte budget caps them.
    const nested = `${'{"a":'.repeat(40_000)}1${'}'.repeat(40_001)}\n`;
    const started = process.hrtime.bigint();
    expect(at(nested)).toBeUndefined();
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000);
  });
});
