/**
 * Plaintext Stratum V2 (sv2-spec §3.2 framing, §3.6.1 SetupConnection, §5 Mining Protocol,
 * §8 message types). Without Noise the binary frames can be read: the first client frame must
 * decode exactly as a SetupConnection for protocol version 2, which is specific enough to be
 * conclusive. Encrypted sessions are left to the handshake fingerprint.
 */
import { fromLittleEndianTarget256 } from '../targets';
import { CHANNEL_MSG_BIT, type Sv2Frame } from '../wire/sv2-frames';
import type { Identity, Observed, Recognised, Side } from './types';

const SV2_VERSION = 2;
const MAX_SUBPROTOCOL = 3;

const MESSAGE_NAMES: Readonly<Record<number, string>> = {
  0x00: 'SetupConnection',
  0x01: 'SetupConnection.Success',
  0x02: 'SetupConnection.Error',
  0x10: 'OpenStandardMiningChannel',
  0x11: 'OpenStandardMiningChannel.Success',
  0x13: 'OpenExtendedMiningChannel',
  0x14: 'OpenExtendedMiningChannel.Success',
  0x15: 'NewMiningJob',
  0x1a: 'SubmitSharesStandard',
  0x1b: 'SubmitSharesExtended',
  0x1c: 'SubmitShares.Success',
  0x1d: 'SubmitShares.Error',
  0x1f: 'NewExtendedMiningJob',
  0x20: 'SetNewPrevHash',
  0x21: 'SetTarget',
};

/** Reads STR0_255 / fixed fields in order; any overrun marks the whole decode as failed. */
class Reader {
  private offset = 0;
  failed = false;
  constructor(private readonly bytes: Buffer) {}

  private take(length: number): Buffer {
    if (this.failed || this.offset + length > this.bytes.length) {
      this.failed = true;
      return Buffer.alloc(0);
    }
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }
  u8(): number {
    return this.take(1)[0] ?? 0;
  }
  u16(): number {
    const b = this.take(2);
    return b.length === 2 ? b.readUInt16LE(0) : 0;
  }
  u32(): number {
    const b = this.take(4);
    return b.length === 4 ? b.readUInt32LE(0) : 0;
  }
  f32(): number {
    const b = this.take(4);
    return b.length === 4 ? b.readFloatLE(0) : 0;
  }
  hex(length: number): string {
    return this.take(length).toString('hex');
  }
  /** STR0_255 holding printable ASCII, as the spec's vendor/firmware strings are. */
  text(): string {
    const value = this.take(this.u8()).toString('latin1');
    if (!/^[\x20-\x7e]*$/.test(value)) this.failed = true;
    return value;
  }
  get atEnd(): boolean {
    return !this.failed && this.offset === this.bytes.length;
  }
}

function isCoreProtocol(frame: Sv2Frame): boolean {
  return (frame.extensionType & ~CHANNEL_MSG_BIT) === 0;
}

/** SetupConnection: protocol, min/max version, flags, host, port, vendor, hardware, firmware, device. */
function setupConnection(frame: Sv2Frame): Identity | undefined {
  if (!isCoreProtocol(frame) || frame.msgType !== 0x00) return undefined;
  const r = new Reader(frame.payload);
  const protocol = r.u8();
  const versions = [r.u16(), r.u16()];
  r.u32();
  r.text();
  r.u16();
  const device = [r.text(), r.text(), r.text()].filter((s) => s !== '').join(' ');
  r.text();
  const valid = r.atEnd && protocol <= MAX_SUBPROTOCOL && versions.every((v) => v === SV2_VERSION);
  return valid ? { agent: device || undefined } : undefined;
}

function clientMessage(frame: Sv2Frame, name: string): Partial<Recognised> {
  const r = new Reader(frame.payload);
  if (frame.msgType === 0x10 || frame.msgType === 0x13) {
    r.u32();
    const worker = r.text();
    const rate = r.f32();
    if (r.failed) return {};
    return { identity: { worker: worker || undefined }, selfReportedHashrate: rate > 0 ? rate : undefined };
  }
  if (name.startsWith('SubmitShares')) {
    r.u32();
    r.u32();
    const job = r.u32();
    return r.failed ? {} : { share: { jobs: [String(job)] } };
  }
  return {};
}

function serverMessage(frame: Sv2Frame): Partial<Recognised> {
  const r = new Reader(frame.payload);
  switch (frame.msgType) {
    case 0x11:
    case 0x14: {
      r.u32();
      r.u32();
      const target = fromLittleEndianTarget256(r.hex(32));
      return r.failed ? {} : { target };
    }
    case 0x21: {
      r.u32();
      const target = fromLittleEndianTarget256(r.hex(32));
      return r.failed ? {} : { target };
    }
    case 0x15:
    case 0x1f: {
      r.u32();
      const job = r.u32();
      return r.failed ? {} : { job: String(job) };
    }
    default:
      return {};
  }
}

function observe(frame: Sv2Frame, side: Side, order: number, extra: Partial<Recognised>, name: string): Observed {
  return { dialect: 'stratum-v2', method: name, strength: 'supporting', side, time: frame.time, order, ...extra };
}

/** The conversation, or nothing when the client did not open with a SetupConnection. */
export function observeSv2(client: readonly Sv2Frame[], server: readonly Sv2Frame[]): Observed[] {
  const setup = client[0] && setupConnection(client[0]);
  if (!setup) return [];
  const observed: Observed[] = [observe(client[0], 'client', 0, { strength: 'conclusive', identity: setup }, 'SetupConnection')];
  client.slice(1).forEach((frame, i) => {
    const name = MESSAGE_NAMES[frame.msgType];
    if (name && isCoreProtocol(frame)) observed.push(observe(frame, 'client', i + 1, clientMessage(frame, name), name));
  });
  const reply = server[0];
  const success = reply?.msgType === 0x01 && reply.payload.length === 6 && reply.payload.readUInt16LE(0) === SV2_VERSION;
  const accepted = reply && isCoreProtocol(reply) && (success || reply.msgType === 0x02);
  if (!accepted) return observed;
  server.forEach((frame, i) => {
    const name = MESSAGE_NAMES[frame.msgType];
    if (name && isCoreProtocol(frame)) observed.push(observe(frame, 'server', i, serverMessage(frame), name));
  });
  return observed;
}
