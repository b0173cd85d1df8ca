/**
 * TLS ClientHellos for tests: the bytes Node's own TLS client sends (captured on a local TCP
 * server), and a hand builder for layouts no real client produces.
 */
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';

/** The first TLS record(s) `tls.connect` sends, up to the end of the first record. */
export function captureClientHello(servername?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => {
      let received = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        if (received.length >= 5 && received.length >= 5 + received.readUInt16BE(3)) {
          socket.destroy();
          server.close();
          resolve(received);
        }
      });
      socket.on('error', () => undefined);
    });
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const client = tls.connect({ host: '127.0.0.1', port, servername, rejectUnauthorized: false });
      client.on('error', () => undefined);
      client.on('close', () => client.destroy());
    });
  });
}

export interface Extension {
  type: number;
  data: Buffer;
}

const u16 = (v: number) => Buffer.from([(v >> 8) & 0xff, v & 0xff]);
const u24 = (v: number) => Buffer.from([(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff]);

/** server_name extension data: ServerNameList of (name_type, HostName). */
export function serverNameData(names: Array<{ type?: number; name: string }>): Buffer {
  const entries = names.map(({ type, name }) => Buffer.concat([Buffer.from([type ?? 0]), u16(name.length), Buffer.from(name, 'latin1')]));
  const list = Buffer.concat(entries);
  return Buffer.concat([u16(list.length), list]);
}

/** A ClientHello handshake message (type 1 + 24-bit length + body). */
export function clientHelloMessage(options: { extensions?: Extension[]; sessionIdLength?: number; omitExtensions?: boolean } = {}): Buffer {
  const sessionId = Buffer.alloc(options.sessionIdLength ?? 32, 7);
  const suites = Buffer.concat([u16(4), u16(0x1301), u16(0x1302)]);
  const parts = [u16(0x0303), Buffer.alloc(32, 0xab), Buffer.from([sessionId.length]), sessionId, suites, Buffer.from([1, 0])];
  if (!options.omitExtensions) {
    const extensions = Buffer.concat((options.extensions ?? []).map((e) => Buffer.concat([u16(e.type), u16(e.data.length), e.data])));
    parts.push(u16(extensions.length), extensions);
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([1]), u24(body.length), body]);
}

/** Wraps a handshake message in handshake records of at most `fragment` bytes each. */
export function inRecords(message: Buffer, fragment = 16384): Buffer {
  const records: Buffer[] = [];
  for (let at = 0; at < message.length; at += fragment) {
    const part = message.subarray(at, at + fragment);
    records.push(Buffer.concat([Buffer.from([0x16, 0x03, 0x01]), u16(part.length), part]));
  }
  return Buffer.concat(records);
}
