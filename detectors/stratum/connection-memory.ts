/**
 * What a connection's earlier records taught: the share target in force. A long connection is
 * cut into several flow records (active and idle timeouts), and a pool announces the difficulty
 * once near the start, so without this the shares of every later record could not be valued.
 * Bounded: the least recently used connections are forgotten first.
 */
import type { FlowRecord } from '../../src/detect/api';

export interface CarriedTarget {
  hashesPerShare: number;
  difficulty?: number;
}

export class ConnectionMemory {
  private readonly targets = new Map<string, CarriedTarget>();

  constructor(private readonly limit = 10_000) {}

  private key(flow: FlowRecord): string {
    return `${flow.client.ip}|${flow.client.port}|${flow.server.ip}|${flow.server.port}`;
  }

  recall(flow: FlowRecord): CarriedTarget | undefined {
    return this.targets.get(this.key(flow));
  }

  remember(flow: FlowRecord, target: CarriedTarget | undefined): void {
    if (!target) return;
    const key = this.key(flow);
    this.targets.delete(key);
    this.targets.set(key, target);
    if (this.targets.size > this.limit) this.targets.delete(this.targets.keys().next().value as string);
  }

  get size(): number {
    return this.targets.size;
  }
}
