import { TCP_FLAGS } from '../../flow/flow-record';
import type { DecodedPacket } from './packet';

/**
 * TCP connections that closed a moment ago. The last ACK of a FIN exchange, or data still in
 * flight after a RST, would otherwise open a new flow — one the port guess may turn round,
 * blaming the server. Bounded: entries leave after `lingerSeconds` or when `capacity` is passed.
 */
export class RecentlyClosed {
  /** Closing time by flow key text, in insertion (so closing time) order. */
  private readonly closedAt = new Map<string, number>();

  constructor(
    private readonly lingerSeconds: number,
    private readonly capacity: number,
  ) {}

  get size(): number {
    return this.closedAt.size;
  }

  remember(key: string, time: number): void {
    this.closedAt.delete(key);
    this.closedAt.set(key, time);
    for (const [oldest, at] of this.closedAt) {
      if (this.closedAt.size <= this.capacity && time - at <= this.lingerSeconds) break;
      this.closedAt.delete(oldest);
    }
  }

  /** True when the packet is a straggler of a closed connection (not a new SYN) and is to be dropped. */
  absorbs(key: string, packet: DecodedPacket): boolean {
    const at = this.closedAt.get(key);
    if (at === undefined) return false;
    const flags = packet.tcp?.flags ?? 0;
    const opensNew = (flags & (TCP_FLAGS.SYN | TCP_FLAGS.ACK)) === TCP_FLAGS.SYN;
    if (opensNew || packet.time - at > this.lingerSeconds) {
      this.closedAt.delete(key);
      return false;
    }
    return true;
  }

  clear(): void {
    this.closedAt.clear();
  }
}
