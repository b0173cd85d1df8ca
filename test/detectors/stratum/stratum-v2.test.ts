import { createHash } from 'node:crypto';
import { codes, conversationFlow, inspect, only, T0, type Piece } from './helpers';

function str0255(s: string): Buffer {
  return Buffer.concat([Buffer.from([s.length]), Buffer.from(s, 'latin1')]);
}
function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}
function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
function f32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeFloatLE(n);
  return b;
}
function frame(extensionType: number, msgType: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(extensionType, 0);
  header[2] = msgType;
  header.writeUIntLE(payload.length, 3, 3);
  return Buffer.concat([header, payload]);
}
/** Deterministic bytes that look random, like keys and ciphertext. */
function noise(length: number, seed: string): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; out.length * 32 < length; i++) out.push(createHash('sha256').update(`${seed}${i}`).digest());
  return Buffer.concat(out).subarray(0, length);
}

const setupConnection = (versions = [2, 2]) =>
  frame(
    0,
    0x00,
    Buffer.concat([
      Buffer.from([0]), // mining protocol
      u16(versions[0]),
      u16(versions[1]),
      u32(0),
      str0255('pool.example.com'),
      u16(34254),
      str0255('Bitmain'),
      str0255('S9i 13.5'),
      str0255('braiins-os-2018-09-22-1-hash'),
      str0255(''),
    ]),
  );
// Difficulty-1 target 0x00000000ffff0000…, little-endian as U256 is.
const diffOneTarget = Buffer.from(`00000000ffff${'00'.repeat(26)}`, 'hex').reverse();
const rate = 14e12;

describe('plaintext Stratum V2', () => {
  const toServer: Piece[] = [
    [T0, setupConnection()],
    [T0 + 1, frame(0, 0x10, Buffer.concat([u32(1), str0255('farm.s9-17'), f32(rate), Buffer.alloc(32, 0xff)]))],
    [T0 + 30, frame(0x8000, 0x1a, Buffer.concat([u32(7), u32(1), u32(42), u32(0xdead), u32(0x65b2c1f0), u32(0x20000000)]))],
    [T0 + 90, frame(0x8000, 0x1a, Buffer.concat([u32(7), u32(2), u32(42), u32(0xbeef), u32(0x65b2c1f0), u32(0x20000000)]))],
  ];
  const toClient: Piece[] = [
    [T0 + 0.5, frame(0, 0x01, Buffer.concat([u16(2), u32(0)]))],
    [T0 + 1.5, frame(0, 0x11, Buffer.concat([u32(1), u32(7), diffOneTarget, Buffer.from([4, 1, 2, 3, 4]), u32(0)]))],
    [T0 + 2, frame(0x8000, 0x15, Buffer.concat([u32(7), u32(42), Buffer.alloc(45)]))],
  ];

  it('reads the SetupConnection, the channel and the shares', () => {
    const evidence = inspect(conversationFlow({ toServer, toClient, sketch: { serverPort: 34254 } }));
    expect(codes(evidence)).toEqual(['stratum.client', 'stratum.server']);
    const client = only(evidence, 'stratum.client');
    expect(client.facts).toMatchObject({
      dialect: 'stratum-v2',
      agent: 'Bitmain S9i 13.5 braiins-os-2018-09-22-1-hash',
      worker: 'farm.s9-17',
      methods: 'SetupConnection,OpenStandardMiningChannel,SubmitSharesStandard',
      shares: 2,
    });
    expect(client.measures?.shares).toBe(2);
    expect(client.measures?.hashes).toBeCloseTo(2 * 2 ** 256 / (0xffff * 2 ** 208), -3);
    expect(client.measures?.windowSeconds).toBe(60);
    expect(client.measures?.selfReportedHashrate).toBe(Math.fround(rate));
    expect(only(evidence, 'stratum.server').facts.methods).toBe(
      'SetupConnection.Success,OpenStandardMiningChannel.Success,NewMiningJob',
    );
  });

  it('requires the first client frame to decode exactly as a version-2 SetupConnection', () => {
    expect(inspect(conversationFlow({ toServer: [[T0, setupConnection([1, 3])]] }))).toEqual([]);
    const padded = Buffer.concat([setupConnection(), Buffer.from([0])]);
    padded.writeUIntLE(padded.length - 6, 3, 3); // frame claims one extra byte the fields do not use
    expect(inspect(conversationFlow({ toServer: [[T0, padded]] }))).toEqual([]);
  });

  it('does not count a server that does not answer with SetupConnection.Success or .Error', () => {
    const evidence = inspect(conversationFlow({ toServer: [[T0, setupConnection()]], toClient: [[T0 + 1, Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n')]] }));
    expect(codes(evidence)).toEqual(['stratum.client']);
  });
});

describe('Stratum V2 Noise handshake fingerprint', () => {
  const handshake = (clientBytes: number, serverBytes: number, port: number, extra: Partial<Parameters<typeof conversationFlow>[0]> = {}) =>
    conversationFlow({
      sketch: { serverPort: port },
      toServer: [
        [T0, noise(clientBytes, 'e')],
        [T0 + 0.2, noise(101, 'setup')],
        [T0 + 30, noise(62, 's1')],
        [T0 + 60, noise(62, 's2')],
      ],
      toClient: [
        [T0 + 0.1, noise(serverBytes, 'r')],
        [T0 + 0.3, noise(40, 'ok')],
      ],
      ...extra,
    });

  it('recognises 64 then 234 bytes on a Stratum V2 port', () => {
    const evidence = only(inspect(handshake(64, 234, 34254)), 'stratum.v2-fingerprint');
    expect(evidence.facts).toEqual({ dialect: 'stratum-v2-noise', handshake: '64/234', shareSizedRecords: 2 });
    expect(evidence.subject).toBe('192.168.1.10');
  });

  it('accepts the older 32/170 handshake', () => {
    expect(only(inspect(handshake(32, 170, 34255)), 'stratum.v2-fingerprint').facts.handshake).toBe('32/170');
  });

  it('uses the weaker code on other ports, and when no Stratum V2 port is configured', () => {
    expect(codes(inspect(handshake(64, 234, 443)))).toEqual(['stratum.v2-fingerprint-offport']);
    expect(codes(inspect(handshake(64, 234, 34254), {}))).toEqual(['stratum.v2-fingerprint-offport']);
  });

  it('ignores other sizes, text, and heads picked up mid-stream', () => {
    expect(inspect(handshake(64, 200, 34254))).toEqual([]);
    expect(inspect(handshake(64, 234, 34254, { serverOptions: { midStream: true } }))).toEqual([]);
    const text = conversationFlow({
      sketch: { serverPort: 34254 },
      toServer: [[T0, 'A'.repeat(63) + '\n']],
      toClient: [[T0 + 1, 'B'.repeat(233) + '\n']],
    });
    expect(inspect(text)).toEqual([]);
  });
});
