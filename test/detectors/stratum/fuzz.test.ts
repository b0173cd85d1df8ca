import { emptyIntel } from '../../helpers/intel';
import fc from 'fast-check';
import type { Evidence, FlowRecord, PayloadHead } from '../../../src/detect/api';
import { stratumDetector } from '../../../detectors/stratum';
import { inspectFlow } from '../../../detectors/stratum/inspect-flow';
import { readSettings } from '../../../detectors/stratum/settings';
import { makeFlow } from '../../helpers/flows';

const settings = readSettings({ v2Ports: [34254] });
const declared = new Set(stratumDetector.codes.map((c) => c.code));
const METHODS = [
  'mining.subscribe', 'mining.authorize', 'mining.configure', 'mining.extranonce.subscribe', 'mining.submit',
  'mining.notify', 'mining.set_difficulty', 'mining.set_extranonce', 'mining.set_version_mask', 'mining.set_target',
  'mining.hello', 'mining.set', 'mining.hashrate', 'eth_submitLogin', 'eth_getWork', 'eth_submitWork',
  'eth_submitHashrate', 'login', 'job', 'submit', 'getjob', 'keepalived', 'getwork', 'getblocktemplate', 'submitblock',
];

const headArb = (data: fc.Arbitrary<Uint8Array>): fc.Arbitrary<PayloadHead> =>
  fc
    .record({
      bytes: data,
      cuts: fc.array(fc.nat(), { maxLength: 8 }),
      truncated: fc.boolean(),
      midStream: fc.boolean(),
      gaps: fc.nat({ max: 3 }),
    })
    .map(({ bytes, cuts, truncated, midStream, gaps }) => {
      const buffer = Buffer.from(bytes);
      const offsets = [...new Set([0, ...cuts.map((c) => (buffer.length ? c % buffer.length : 0))])].sort((a, b) => a - b);
      const marks = buffer.length ? offsets.map((offset, i) => ({ offset, time: 1_700_000_000 + i })) : [];
      return { bytes: buffer, marks, truncated, midStream, gaps };
    });

function flowWith(toServer: PayloadHead, toClient: PayloadHead, serverPort = 3333): FlowRecord {
  return { ...makeFlow({ serverPort }), payload: { toServer, toClient } };
}

function wellFormed(evidence: readonly Evidence[]): void {
  for (const e of evidence) {
    expect(declared.has(e.code)).toBe(true);
    expect(e.count).toBeGreaterThanOrEqual(1);
    expect(Number.isFinite(e.firstSeen) && Number.isFinite(e.lastSeen)).toBe(true);
    for (const value of Object.values(e.facts)) expect(['string', 'number', 'boolean']).toContain(typeof value);
    if (e.measures) {
      expect(Number.isFinite(e.measures.hashes) && e.measures.hashes >= 0).toBe(true);
      expect(e.measures.windowSeconds).toBeGreaterThanOrEqual(0);
    }
  }
  expect(new Set(evidence.map((e) => e.code)).size).toBe(evidence.length);
}

const jsonLine = fc
  .record({
    id: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
    method: fc.constantFrom(...METHODS),
    params: fc.jsonValue(),
    result: fc.jsonValue(),
  }, { requiredKeys: ['method'] })
  .map((message) => `${JSON.stringify(message)}\n`);
const jsonStream = fc.array(jsonLine, { maxLength: 30 }).map((ls) => new TextEncoder().encode(ls.join('')));

describe('the stratum detector never throws', () => {
  it('on random bytes', () => {
    fc.assert(
      fc.property(
        headArb(fc.uint8Array({ maxLength: 600 })),
        headArb(fc.uint8Array({ maxLength: 600 })),
        fc.constantFrom(3333, 34254, 443),
        (a, b, port) => {
          wellFormed(inspectFlow(stratumDetector, flowWith(a, b, port), settings));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('on random JSON-RPC lines using the mining method names', () => {
    fc.assert(
      fc.property(headArb(jsonStream), headArb(jsonStream), (a, b) => {
        wellFormed(inspectFlow(stratumDetector, flowWith(a, b), settings));
      }),
      { numRuns: 300 },
    );
  });

  it('on random HTTP-framed bodies', () => {
    const http = fc
      .array(fc.tuple(fc.string({ maxLength: 200 }), fc.nat({ max: 400 })), { maxLength: 5 })
      .map((parts) =>
        new TextEncoder().encode(parts.map(([body, length]) => `POST / HTTP/1.1\r\nContent-Length: ${length}\r\n\r\n${body}`).join('')),
      );
    fc.assert(
      fc.property(headArb(http), headArb(http), (a, b) => {
        wellFormed(inspectFlow(stratumDetector, flowWith(a, b), settings));
      }),
      { numRuns: 300 },
    );
  });

  it('on random Stratum V2-framed bytes', () => {
    const frame = fc.tuple(fc.nat({ max: 0xffff }), fc.nat({ max: 0x7f }), fc.uint8Array({ maxLength: 80 }));
    const frames = fc.array(frame, { maxLength: 6 }).map((list) =>
      Uint8Array.from(
        Buffer.concat(
          list.map(([ext, type, payload]) => {
            const header = Buffer.alloc(6);
            header.writeUInt16LE(ext, 0);
            header[2] = type;
            header.writeUIntLE(payload.length, 3, 3);
            return Buffer.concat([header, Buffer.from(payload)]);
          }),
        ),
      ),
    );
    fc.assert(
      fc.property(headArb(frames), headArb(frames), (a, b) => {
        wellFormed(inspectFlow(stratumDetector, flowWith(a, b), settings));
      }),
      { numRuns: 300 },
    );
  });

  it('on random WebSocket frames after an Upgrade, and heads with tail windows and second readings', () => {
    const upgrade = Buffer.from('GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    const frames = fc
      .array(fc.tuple(fc.nat({ max: 0xff }), fc.boolean(), fc.oneof(fc.uint8Array({ maxLength: 120 }), jsonLine.map((l) => new TextEncoder().encode(l)))), { maxLength: 8 })
      .map((list) => {
        const parts = list.map(([b0, masked, payload]) => {
          const header = Buffer.from([b0, (masked ? 0x80 : 0) | Math.min(payload.length, 125)]);
          return Buffer.concat([header, masked ? Buffer.from([1, 2, 3, 4]) : Buffer.alloc(0), Buffer.from(payload.subarray(0, 125))]);
        });
        return Uint8Array.from(Buffer.concat([upgrade, ...parts]));
      });
    const withExtras = (data: fc.Arbitrary<Uint8Array>) =>
      fc.tuple(headArb(data), fc.option(headArb(jsonStream)), fc.option(headArb(data))).map(([head, tail, later]) => ({
        ...head,
        ...(tail ? { tail: { ...tail, midStream: true } } : {}),
        ...(later ? { laterCopies: later } : {}),
      }));
    fc.assert(
      fc.property(withExtras(frames), withExtras(fc.uint8Array({ maxLength: 600 })), (a, b) => {
        wellFormed(inspectFlow(stratumDetector, flowWith(a, b), settings));
      }),
      { numRuns: 300 },
    );
  });

  it('reads hostile heads of the largest size in bounded time', () => {
    const size = 1 << 20;
    const hostile = [
      Buffer.alloc(size, '{"'),
      Buffer.alloc(size, '{"a":1}}\n'),
      Buffer.alloc(size, '\r'),
      Buffer.alloc(size, 'GET / HTTP/1.1\r\n\r\n'),
      Buffer.concat([Buffer.from('GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n'), Buffer.alloc(size, Buffer.from([0x01, 0x00]))]),
      Buffer.alloc(size, '<p>{"id":1,"method":"mining.notify","params":[]}\n'),
    ];
    for (const bytes of hostile) {
      const head: PayloadHead = { bytes, marks: [{ offset: 0, time: 1_700_000_000 }], truncated: true, midStream: false, gaps: 0 };
      const flow = flowWith({ ...head, tail: { ...head, midStream: true }, laterCopies: head }, head);
      const started = process.hrtime.bigint();
      wellFormed(inspectFlow(stratumDetector, flow, settings));
      expect({ head: bytes.subarray(0, 12).toString('latin1'), ms: Number(process.hrtime.bigint() - started) / 1e6 < 3000 }).toEqual({ head: bytes.subarray(0, 12).toString('latin1'), ms: true });
    }
  });

  it('on odd settings and flows without payload', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (raw) => {
        const run = stratumDetector.create({ isHome: () => true, indicators: { poolDomains: [], poolEndpoints: [] }, intel: emptyIntel(), settings: raw });
        expect(run.inspect(makeFlow({ source: 'flow-export' }))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps a surprise in one flow from stopping the run', () => {
    const run = stratumDetector.create({ isHome: () => true, indicators: { poolDomains: [], poolEndpoints: [] }, intel: emptyIntel(), settings: {} });
    const hostile = makeFlow();
    Object.defineProperty(hostile, 'payload', {
      get() {
        throw new Error('unreadable');
      },
    });
    expect(run.inspect(hostile)).toEqual([]);
  });

});

describe('segmentation does not change what is found', () => {
  const session = (lines: unknown[]) => lines.map((l) => `${JSON.stringify(l)}\r\n`).join('');
  const sent = session([
    { id: 1, method: 'mining.subscribe', params: ['bmminer/2.0.0'] },
    { id: 2, method: 'mining.authorize', params: ['farm.rig9', 'x'] },
    { id: 3, method: 'mining.submit', params: ['farm.rig9', 'j1', '00', '5f', 'aa'] },
    { id: 4, method: 'mining.submit', params: ['farm.rig9', 'j1', '01', '5f', 'bb'] },
  ]);
  const received = session([
    { id: null, method: 'mining.set_difficulty', params: [1024] },
    { id: null, method: 'mining.notify', params: ['j1', 'aa', 'bb', 'cc', [], '20000000', '17', '65', true] },
  ]);
  const split = (text: string, cuts: number[], start: number): PayloadHead => {
    const bytes = Buffer.from(text);
    const offsets = [...new Set([0, ...cuts.map((c) => c % bytes.length)])].sort((a, b) => a - b);
    // Each segment arrives a second after the previous one.
    return { bytes, marks: offsets.map((offset, i) => ({ offset, time: start + i })), truncated: false, midStream: false, gaps: 0 };
  };

  it('finds the same miner, pool and share count however the bytes were cut into segments', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 40 }), (a, b) => {
        // Server news arrives before any client segment, so both shares are valued at 1024.
        const flow = flowWith(split(sent, a, 1_700_000_100), split(received, b, 1_700_000_000));
        const evidence = inspectFlow(stratumDetector, flow, settings);
        expect(evidence.map((e) => e.code).sort()).toEqual(['stratum.client', 'stratum.server']);
        const client = evidence.find((e) => e.code === 'stratum.client');
        expect(client?.facts).toMatchObject({ worker: 'farm.rig9', shares: 2 });
        expect(client?.measures?.hashes).toBe(2 * 1024 * 2 ** 32);
      }),
      { numRuns: 200 },
    );
  });
});
