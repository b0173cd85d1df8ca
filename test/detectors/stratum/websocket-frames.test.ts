import { readWebSocket, WS_LIMITS } from '../../../detectors/stratum/wire/websocket-frames';
import { WS_OPCODE, wsFrame } from '../../../fixtures/lib/protocols/websocket';
import { headOf, T0 } from './helpers';

const MASK = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);
const texts = (head: ReturnType<typeof headOf>) => readWebSocket(head, 0).messages.map((m) => m.bytes.toString());

describe('readWebSocket (RFC 6455 §5)', () => {
  it('reads unmasked server frames and unmasks client frames, each timed by its last byte', () => {
    const head = headOf([
      [T0, wsFrame('{"id":1}', { mask: MASK })],
      [T0 + 5, wsFrame('{"id":2}')],
    ]);
    expect(readWebSocket(head, 0)).toEqual({
      frames: 2,
      messages: [
        { bytes: Buffer.from('{"id":1}'), time: T0 },
        { bytes: Buffer.from('{"id":2}'), time: T0 + 5 },
      ],
    });
  });

  it('reads 16- and 64-bit payload lengths', () => {
    const medium = 'm'.repeat(300);
    const large = 'l'.repeat(70_000);
    const big = Buffer.concat([wsFrame(medium, { mask: MASK }), wsFrame(large)]);
    expect(big[1] & 0x7f).toBe(126);
    expect(texts(headOf([[T0, big]]))).toEqual([medium, large]);
  });

  it('joins a fragmented message and skips control frames between its fragments (§5.4)', () => {
    const head = headOf([
      [T0, wsFrame('{"method":', { fin: false, mask: MASK })],
      [T0 + 1, wsFrame('', { opcode: WS_OPCODE.ping, mask: MASK })],
      [T0 + 2, wsFrame('"login"}', { opcode: WS_OPCODE.continuation, mask: MASK })],
    ]);
    expect(readWebSocket(head, 0)).toEqual({ frames: 3, messages: [{ bytes: Buffer.from('{"method":"login"}'), time: T0 + 2 }] });
  });

  it('stops at the first frame that does not decode, keeping the messages before it', () => {
    const compressed = Buffer.from(wsFrame('x'));
    compressed[0] |= 0x40; // RSV1: permessage-deflate, which cannot be read
    const stray = wsFrame('y', { opcode: WS_OPCODE.continuation }); // continues nothing
    expect(texts(headOf([[T0, Buffer.concat([wsFrame('a'), compressed, wsFrame('b')])]]))).toEqual(['a']);
    expect(readWebSocket(headOf([[T0, stray]]), 0)).toEqual({ frames: 0, messages: [] });
  });

  it('gives no frames for bytes that are not WebSocket (a Stratum line after an Upgrade)', () => {
    expect(readWebSocket(headOf([[T0, '{"id":1,"method":"login"}\n']]), 0).frames).toBe(0);
  });

  it('stops at a frame the head cut', () => {
    const cut = wsFrame('{"id":2,"method":"submit"}').subarray(0, 10);
    expect(texts(headOf([[T0, Buffer.concat([wsFrame('{"id":1}'), cut])]], { truncated: true }))).toEqual(['{"id":1}']);
  });

  it('is bounded: no message over the byte limit, no more frames than the frame limit', () => {
    const header = Buffer.from([0x81, 127, 0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff]); // a 2 GiB text frame
    expect(readWebSocket(headOf([[T0, header]]), 0)).toEqual({ frames: 0, messages: [] });
    const many = Buffer.concat(Array.from({ length: WS_LIMITS.maxFrames + 10 }, () => wsFrame('.')));
    const reading = readWebSocket(headOf([[T0, many]]), 0);
    expect(reading.frames).toBe(WS_LIMITS.maxFrames);
    expect(reading.messages).toHaveLength(WS_LIMITS.maxFrames);
  });
});
