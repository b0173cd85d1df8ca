/**
 * Packets of one TCP (or UDP) connection as the router near the subscriber sees them: data
 * segments with 52-byte IPv4+TCP headers (20 + 20 + 12 bytes of timestamp option, Linux's and
 * Windows' default), MSS 1448, ACKs from the receiver, TLS records with their per-record overhead,
 * and the handshake and close. The router is close to the subscriber: a client packet is seen at
 * once and the server's answer one round trip later; a server packet is acknowledged by the
 * client within its access delay (and the delayed-ACK timer, up to 40 ms on Linux).
 */
import type { Prng } from '../../fixtures/lib/prng';
import { ACK, FIN, PSH, RST, SYN, type Conn, type Pkt } from './types';

export const HEADER = 52;
export const MSS = 1448;

export interface WireOptions {
  rng: Prng;
  conn: Conn;
  /** Round trip router → server → router, seconds. */
  rtt: number;
  /** Router → client → router, seconds. */
  access: number;
  /** TLS bytes added per application message: 0 plaintext, 22 TLS 1.3 AES-GCM, 29 TLS 1.2 GCM. */
  tlsOverhead: number;
}

export class Wire {
  readonly out: Pkt[] = [];
  constructor(readonly o: WireOptions) {}

  private push(t: number, dir: 0 | 1, bytes: number, count: number, flags: number): void {
    this.out.push({ t, conn: this.o.conn, dir, bytes, count, flags });
  }

  /** Delay from a packet of `dir` to the other side's answer as the router sees it. */
  turn(dir: 0 | 1): number {
    return dir === 0 ? this.o.rtt : this.o.access;
  }

  /** SYN, SYN-ACK, ACK; then the TLS handshake when the connection is TLS. Returns when done. */
  open(t: number, tls?: { hello: number; server: number }): number {
    const { rtt, access } = this.o;
    this.push(t, 0, 60, 1, SYN);
    this.push(t + rtt, 1, 60, 1, SYN | ACK);
    let now = t + rtt + access;
    this.push(now, 0, HEADER, 1, ACK);
    if (tls) {
      this.segments(now, 0, tls.hello);
      now += rtt;
      this.segments(now, 1, tls.server);
      now += access;
      this.segments(now, 0, 64 + this.o.rng.int(0, 16)); // Finished (+ change_cipher_spec)
    }
    return now;
  }

  /** Payload bytes in MSS segments, from `dir`, without the receiver's ACKs. */
  private segments(t: number, dir: 0 | 1, payload: number): number {
    const segs = Math.max(1, Math.ceil(payload / MSS));
    if (segs <= 3) {
      let left = payload;
      for (let i = 0; i < segs; i++) {
        const size = Math.min(MSS, left);
        left -= size;
        this.push(t + i * 0.0002, dir, size + HEADER, 1, ACK | (i === segs - 1 ? PSH : 0));
      }
    } else {
      this.push(t, dir, payload + segs * HEADER, segs, ACK | PSH);
    }
    return segs;
  }

  /**
   * One application message of `payload` bytes from `dir` (TLS overhead added here); the other
   * side answers with `reply` bytes after `delay` seconds, or only ACKs. Returns the time of the
   * last packet.
   */
  send(t: number, dir: 0 | 1, payload: number, reply?: number, delay = 0): number {
    const tls = this.o.tlsOverhead;
    const segs = this.segments(t, dir, payload + tls);
    const other: 0 | 1 = dir === 0 ? 1 : 0;
    const seen = t + this.turn(dir);
    const acks = Math.ceil(segs / 2);
    if (reply === undefined || delay > 0.04 || segs > 2) {
      // Delayed ACK (or one per two segments), before any answer.
      const at = seen + this.o.rng.between(0, 0.04);
      if (acks <= 3) for (let i = 0; i < acks; i++) this.push(at + i * 0.0003, other, HEADER, 1, ACK);
      else this.push(at, other, acks * HEADER, acks, ACK);
    }
    if (reply === undefined) return seen;
    const answered = seen + delay;
    const replySegs = this.segments(answered, other, reply + tls);
    // The requester ACKs the answer (the router sees it after the requester's leg).
    const back = answered + this.turn(other) + this.o.rng.between(0, 0.04);
    const backAcks = Math.ceil(replySegs / 2);
    this.push(back, dir, backAcks * HEADER, backAcks, ACK);
    return back;
  }

  /** FIN from `by`, FIN back, last ACK; or one RST from `by`. */
  close(t: number, by: 0 | 1, reset = false): void {
    if (reset) {
      this.push(t, by, HEADER - 12, 1, RST | ACK);
      return;
    }
    const other: 0 | 1 = by === 0 ? 1 : 0;
    this.push(t, by, HEADER, 1, FIN | ACK);
    const seen = t + this.turn(by);
    this.push(seen, other, HEADER, 1, FIN | ACK);
    this.push(seen + this.turn(other), by, HEADER, 1, ACK);
  }

  /** The packets so far in time order, emptied. */
  take(): Pkt[] {
    const out = this.out.splice(0, this.out.length);
    out.sort((a, b) => a.t - b.t);
    return out;
  }
}
