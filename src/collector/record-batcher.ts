/**
 * `collect --queue`: gathers decoded records into batches (by count, or after a time) and hands
 * each to `send` (an ingest job). Sends run one at a time, in order, so batches keep the order
 * of arrival. While Redis is away sends wait (the connection queues commands); past
 * `maxWaitingBatches` the oldest waiting batch is dropped and counted — the collector's memory
 * must stay bounded through a long outage. A batch whose send fails otherwise (a bug, a reply
 * Redis refuses) is counted as dropped and reported, not retried forever.
 */
import type { FlowRecord } from '../flow/flow-record';

export interface BatcherStats {
  batches: number;
  records: number;
  droppedBatches: number;
  droppedRecords: number;
}

export class RecordBatcher {
  readonly stats: BatcherStats = { batches: 0, records: 0, droppedBatches: 0, droppedRecords: 0 };
  private current: FlowRecord[] = [];
  private readonly waiting: FlowRecord[][] = [];
  private sending: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly options: { maxRecords: number; maxSeconds: number; maxWaitingBatches: number },
    private readonly send: (records: FlowRecord[]) => Promise<void>,
    private readonly onSendError: (error: unknown, records: number) => void,
  ) {
    this.timer = setInterval(() => this.cut(), options.maxSeconds * 1000);
    this.timer.unref();
  }

  add(flow: FlowRecord): void {
    this.current.push(flow);
    if (this.current.length >= this.options.maxRecords) this.cut();
  }

  /** Sends what is gathered and waits until every batch is sent. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.cut();
    while (this.sending) await this.sending;
  }

  private cut(): void {
    if (this.current.length === 0) return;
    this.waiting.push(this.current);
    this.current = [];
    if (this.waiting.length > this.options.maxWaitingBatches) {
      const dropped = this.waiting.shift()!;
      this.stats.droppedBatches++;
      this.stats.droppedRecords += dropped.length;
    }
    this.startSending();
  }

  private startSending(): void {
    this.sending ??= this.drain().finally(() => {
      this.sending = undefined;
      // A batch cut after the drain's last look but before this callback would otherwise wait
      // for the next cut (close() would resolve without it): send it now.
      if (this.waiting.length > 0) this.startSending();
    });
  }

  private async drain(): Promise<void> {
    for (let batch = this.waiting.shift(); batch; batch = this.waiting.shift()) {
      try {
        await this.send(batch);
        this.stats.batches++;
        this.stats.records += batch.length;
      } catch (error) {
        this.stats.droppedBatches++;
        this.stats.droppedRecords += batch.length;
        this.onSendError(error, batch.length);
      }
    }
  }
}
