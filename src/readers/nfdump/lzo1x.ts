/**
 * LZO1X decompression (what nfcapd -z / nfdump -z write: minilzo's lzo1x_1_compress per block,
 * read back with lzo1x_decompress_safe; nffile.c Compress_Block_LZO / Uncompress_Block_LZO).
 *
 * Own code because npm has no usable LZO decoder: `lzo` is a native addon that must be compiled
 * at install time (node-gyp), `lzo-decompress` fails to build, and `lzo-wasm` cannot tell how many
 * bytes it produced (it needs the exact output size, which nfdump does not store). This follows
 * the "safe" decoder of minilzo (lzo1x_d.ch with LZO_SAFE): every input read and output write is
 * bounds-checked, and a match may not reach before the start of the output, so corrupt input
 * ends in an error, never a hang or a read out of bounds.
 */

export class LzoError extends Error {}

const M2_MAX_OFFSET = 0x0800;

/** Decompresses `input` into `out`; returns the number of bytes written. Throws LzoError on corrupt input. */
export function lzo1xDecompress(input: Uint8Array, out: Uint8Array): number {
  const inLen = input.length;
  const outLen = out.length;
  let ip = 0;
  let op = 0;
  let t = 0;
  let mPos = 0;

  const fail = (why: string): never => {
    throw new LzoError(why);
  };
  const need = (n: number) => {
    if (ip + n > inLen) fail('input overrun');
  };
  const room = (n: number) => {
    if (op + n > outLen) fail('output overrun');
  };
  const literals = (n: number) => {
    need(n);
    room(n);
    out.set(input.subarray(ip, ip + n), op);
    ip += n;
    op += n;
  };
  const copyMatch = (from: number, n: number) => {
    if (from < 0) fail('lookbehind overrun');
    room(n);
    // byte by byte: a match may overlap its own output (run-length style)
    for (let i = 0; i < n; i++) out[op++] = out[from++];
  };
  /** A length continued in zero bytes: each 0 adds 255, the first non-zero byte ends it. */
  const longLength = (base: number): number => {
    let n = 0;
    for (;;) {
      need(1);
      if (input[ip] !== 0) break;
      n += 255;
      ip++;
      if (n > outLen) fail('length overrun');
    }
    return n + base + input[ip++];
  };

  // States of lzo1x_d.ch's goto structure.
  const LOOP = 0;
  const FIRST_LITERAL_RUN = 1;
  const MATCH = 2;
  const MATCH_DONE = 3;
  const MATCH_NEXT = 4;
  let state = LOOP;

  need(1);
  if (input[0] > 17) {
    t = input[ip++] - 17;
    if (t < 4) {
      state = MATCH_NEXT;
    } else {
      literals(t);
      state = FIRST_LITERAL_RUN;
    }
  }

  for (;;) {
    switch (state) {
      case LOOP: {
        need(1);
        t = input[ip++];
        if (t >= 16) {
          state = MATCH;
          break;
        }
        if (t === 0) t = longLength(15);
        literals(t + 3);
        state = FIRST_LITERAL_RUN;
        break;
      }
      case FIRST_LITERAL_RUN: {
        need(1);
        t = input[ip++];
        if (t >= 16) {
          state = MATCH;
          break;
        }
        need(1);
        mPos = op - (1 + M2_MAX_OFFSET) - (t >> 2) - (input[ip++] << 2);
        copyMatch(mPos, 3);
        state = MATCH_DONE;
        break;
      }
      case MATCH: {
        if (t >= 64) {
          need(1);
          mPos = op - 1 - ((t >> 2) & 7) - (input[ip++] << 3);
          t = (t >> 5) - 1;
        } else if (t >= 32) {
          t &= 31;
          if (t === 0) t = longLength(31);
          need(2);
          mPos = op - 1 - ((input[ip] | (input[ip + 1] << 8)) >> 2);
          ip += 2;
        } else if (t >= 16) {
          mPos = op - ((t & 8) << 11);
          t &= 7;
          if (t === 0) t = longLength(7);
          need(2);
          mPos -= (input[ip] | (input[ip + 1] << 8)) >> 2;
          ip += 2;
          if (mPos === op) {
            // end of stream marker: t must be 1 and all input consumed
            if (t !== 1) fail('bad end marker');
            if (ip !== inLen) fail(ip < inLen ? 'input not consumed' : 'input overrun');
            return op;
          }
          mPos -= 0x4000;
        } else {
          need(1);
          mPos = op - 1 - (t >> 2) - (input[ip++] << 2);
          copyMatch(mPos, 2);
          state = MATCH_DONE;
          break;
        }
        copyMatch(mPos, t + 2);
        state = MATCH_DONE;
        break;
      }
      case MATCH_DONE: {
        t = input[ip - 2] & 3;
        state = t === 0 ? LOOP : MATCH_NEXT;
        break;
      }
      case MATCH_NEXT: {
        literals(t);
        need(1);
        t = input[ip++];
        state = MATCH;
        break;
      }
    }
  }
}
