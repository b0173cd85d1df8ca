import { emptyIntel } from '../../helpers/intel';
import { makeFlow } from '../../helpers/flows';
import type { FlowRecord } from '../../../src/detect/api';
import { NODE_PROTOCOL_CODES, nodeProtocolDetector } from '../../../detectors/node-protocol';
import { bitcoinHeaderAt } from '../../../detectors/node-protocol/bitcoin-header';

const run = () => nodeProtocolDetector.create({ isHome: () => true, indicators: { poolDomains: [], poolEndpoints: [] }, intel: emptyIntel(), settings: {} });
const inspect = (flow: FlowRecord) => run().inspect(flow);

function bitcoinMessage(magicHex: string, command: string | Buffer, payloadLength = 0): Buffer {
  const header = Buffer.alloc(24);
  Buffer.from(magicHex, 'hex').copy(header, 0);
  (typeof command === 'string' ? Buffer.from(command, 'ascii') : command).copy(header, 4, 0, 12);
  header.writeUInt32LE(payloadLength, 16);
  return Buffer.concat([header, Buffer.alloc(payloadLength, 0x01)]);
}

function levinHeader({ flags = 1, version = 1, bodySize = 10n, haveToReturn = 1, command = 1001 } = {}): Buffer {
  const h = Buffer.alloc(33 + 10);
  Buffer.from('0121010101010101', 'hex').copy(h, 0);
  h.writeBigUInt64LE(bodySize, 8);
  h[16] = haveToReturn;
  h.writeUInt32LE(command, 17);
  h.writeInt32LE(0, 21);
  h.writeUInt32LE(flags, 25);
  h.writeUInt32LE(version, 29);
  return h;
}

/** An EIP-8 handshake packet: 2-byte size, then ECIES output starting with an uncompressed key. */
function eip8Packet(size: number, keyPrefix = 0x04): Buffer {
  const p = Buffer.alloc(2 + size, 0x5a);
  p.writeUInt16BE(size, 0);
  p[2] = keyPrefix;
  return p;
}

describe('node-protocol: Bitcoin P2P', () => {
  it.each([
    ['f9beb4d9', 'mainnet'],
    ['0b110907', 'testnet3'],
    ['1c163f28', 'testnet4'],
    ['0a03cf40', 'signet'],
    ['fabfb5da', 'regtest'],
  ])('recognises magic %s as %s', (magic, network) => {
    const [e] = inspect(makeFlow({ serverPort: 8333, toServer: bitcoinMessage(magic, 'version', 100) }));
    expect(e.code).toBe(NODE_PROTOCOL_CODES.bitcoin);
    expect(e.facts).toEqual({ network, command: 'version', direction: 'toServer' });
  });

  it('rejects the magic followed by a garbage command, upper case, or text after the padding', () => {
    const garbage = Buffer.from('f9beb4d9c3a1ff0010203040506070809a0b0c0d0e0f1011', 'hex');
    expect(inspect(makeFlow({ toServer: Buffer.concat([garbage, Buffer.alloc(64, 7)]) }))).toEqual([]);
    expect(inspect(makeFlow({ toServer: bitcoinMessage('f9beb4d9', 'VERSION') }))).toEqual([]);
    expect(inspect(makeFlow({ toServer: bitcoinMessage('f9beb4d9', Buffer.from('ping\0\0pong\0\0', 'ascii')) }))).toEqual([]);
    expect(inspect(makeFlow({ toServer: bitcoinMessage('f9beb4d9', Buffer.alloc(12)) }))).toEqual([]);
  });

  it('rejects an absurd payload length and a header cut short', () => {
    const huge = bitcoinMessage('f9beb4d9', 'block');
    huge.writeUInt32LE(0x02000001, 16);
    expect(bitcoinHeaderAt(huge, 0)).toBeUndefined();
    expect(bitcoinHeaderAt(bitcoinMessage('f9beb4d9', 'inv').subarray(0, 20), 0)).toBeUndefined();
  });

  it('only looks at the start of a stream seen from its first byte', () => {
    const late = Buffer.concat([Buffer.from('hello\n'), bitcoinMessage('f9beb4d9', 'inv', 37)]);
    expect(inspect(makeFlow({ toServer: late }))).toEqual([]);
    expect(inspect(makeFlow({ toServer: late, midStream: true })).map((e) => e.code)).toEqual([NODE_PROTOCOL_CODES.bitcoin]);
  });

  it('finds the header in the server direction too', () => {
    const [e] = inspect(makeFlow({ toClient: bitcoinMessage('f9beb4d9', 'verack') }));
    expect(e.facts.direction).toBe('toClient');
    expect(e.subject).toBe('192.168.1.10');
  });
});

describe('node-protocol: Monero Levin', () => {
  it('recognises a handshake request header', () => {
    const [e] = inspect(makeFlow({ serverPort: 18080, toServer: levinHeader() }));
    expect(e.code).toBe(NODE_PROTOCOL_CODES.monero);
    expect(e.facts).toMatchObject({ network: 'monero', command: 1001, kind: 'request' });
  });

  it('recognises a response and a fragment of a noise-padded message', () => {
    expect(inspect(makeFlow({ toClient: levinHeader({ flags: 2, haveToReturn: 0 }) }))[0]?.facts.kind).toBe('response');
    expect(inspect(makeFlow({ toServer: levinHeader({ flags: 4, command: 2002 }) }))[0]?.facts).toMatchObject({ kind: 'fragment', command: 2002 });
  });

  it.each([
    ['a wrong protocol version', { version: 2 }],
    ['no flags', { flags: 0 }],
    ['unknown flag bits', { flags: 0x100 }],
    ['a body over 100 MB', { bodySize: 100_000_001n }],
    ['a non-boolean have-to-return', { haveToReturn: 7 }],
  ])('rejects a header with %s', (_, fields) => {
    expect(inspect(makeFlow({ toServer: levinHeader(fields) }))).toEqual([]);
  });

  it('rejects a near-miss signature', () => {
    const h = levinHeader();
    h[1] = 0x22;
    expect(inspect(makeFlow({ toServer: h }))).toEqual([]);
  });
});

describe('node-protocol: Ethereum RLPx (heuristic)', () => {
  it('recognises an EIP-8 auth and ack on port 30303', () => {
    const [e] = inspect(makeFlow({ serverPort: 30303, toServer: eip8Packet(420), toClient: eip8Packet(350) }));
    expect(e.code).toBe(NODE_PROTOCOL_CODES.ethereum);
    expect(e.facts).toEqual({ network: 'ethereum', handshake: 'auth+ack' });
  });

  it('accepts an auth whose ack was not captured', () => {
    expect(inspect(makeFlow({ serverPort: 30303, toServer: eip8Packet(400) }))[0]?.facts.handshake).toBe('auth');
  });

  it.each([
    ['another port', 30304, eip8Packet(420), eip8Packet(350)],
    ['a compressed-key prefix', 30303, eip8Packet(420, 0x02), eip8Packet(350)],
    ['an auth too small for its body', 30303, eip8Packet(200), eip8Packet(350)],
    ['an oversized auth', 30303, eip8Packet(2000), eip8Packet(350)],
    ['an ack that does not fit', 30303, eip8Packet(420), Buffer.from('HTTP/1.1 400 Bad Request\r\n')],
  ])('rejects %s', (_, port, toServer, toClient) => {
    expect(inspect(makeFlow({ serverPort: port as number, toServer: toServer as Buffer, toClient: toClient as Buffer }))).toEqual([]);
  });
});

describe('node-protocol weights', () => {
  it('keeps every code below the flagging level (mediumAt 40) on its own', () => {
    for (const spec of nodeProtocolDetector.codes) {
      expect(spec.weight * 100).toBeLessThan(40);
      expect(spec.role).toBe('node');
    }
  });
});
