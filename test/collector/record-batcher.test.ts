/**
 * The collector's batcher without Redis: `send` is a stand-in the test holds open or lets go,
 * so order, one-at-a-time sending, the bound on waiting batches and the final flush are seen.
 */
import { RecordBatcher } from '../../src/collector/record-batcher';
import type { FlowRecord } from '../../src/flow/flow-record';
import { makeFlow } from '../helpers/flows';

/** The nth record: its number is its firstSeen, so a batch reads back as the numbers it holds. */
const record = (n: number): FlowRecord => makeFlow({ source: 'flow-export', firstSeen: n, lastSeen: n + 1 });
const numbers = (batch: FlowRecord[]) => batch.map((r) => r.firstSeen);

/** A send the test controls: every call waits until released (or fails when rejected). */
function heldSend() {
  const calls: Array<{ batch: number[]; release: () => void; reject: (e: Error) => void }> = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const send = (batch: FlowRecord[]) =>
    new Promise<void>((resolve, reject) => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      const done = (settle: () => void) => () => {
        inFlight--;
        settle();
      };
      calls.push({ batch: numbers(batch), release: done(resolve), reject: (e) => done(() => reject(e))() });
    });
  return { send, calls, mostInFlight: () => mostInFlight };
}

/** Lets pending promise callbacks (a finished send, the next send starting) run. */
const settle = () => new Promise((r) => setImmediate(r));

const options = { maxRecords: 3, maxSeconds: 3600, maxWaitingBatches: 10 };
const noErrors = (error: unknown) => {
  throw error;
};

describe('RecordBatcher', () => {
  it('cuts a batch each time maxRecords records are gathered', async () => {
    const sent: number[][] = [];
    const batcher = new RecordBatcher(options, async (batch) => void sent.push(numbers(batch)), noErrors);
    for (let n = 1; n <= 7; n++) batcher.add(record(n));
    await settle();
    expect(sent).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    await batcher.close();
    expect(sent).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(batcher.stats).toEqual({ batches: 3, records: 7, droppedBatches: 0, droppedRecords: 0 });
  });

  describe('with fake timers', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('sends a partial batch after maxSeconds, and nothing while nothing arrived', async () => {
      const sent: number[][] = [];
      const batcher = new RecordBatcher({ ...options, maxSeconds: 2 }, async (batch) => void sent.push(numbers(batch)), noErrors);
      batcher.add(record(1));
      await jest.advanceTimersByTimeAsync(1999);
      expect(sent).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(sent).toEqual([[1]]);
      await jest.advanceTimersByTimeAsync(10_000); // quiet: no empty batches
      expect(sent).toEqual([[1]]);
      batcher.add(record(2));
      batcher.add(record(3));
      await jest.advanceTimersByTimeAsync(2000);
      expect(sent).toEqual([[1], [2, 3]]);
      await batcher.close();
      expect(batcher.stats).toMatchObject({ batches: 2, records: 3 });
      expect(jest.getTimerCount()).toBe(0); // close() stops the timer
    });
  });

  it('sends one batch at a time, in arrival order, however slow send is', async () => {
    const held = heldSend();
    const batcher = new RecordBatcher({ ...options, maxRecords: 2 }, held.send, noErrors);
    for (let n = 1; n <= 6; n++) batcher.add(record(n));
    await settle();
    expect(held.calls.map((c) => c.batch)).toEqual([[1, 2]]); // the others wait behind it
    held.calls[0].release();
    await settle();
    expect(held.calls.map((c) => c.batch)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    batcher.add(record(7));
    held.calls[1].release();
    await settle();
    held.calls[2].release();
    const closed = batcher.close();
    await settle();
    expect(held.calls).toHaveLength(4);
    held.calls[3].release();
    await closed;
    expect(held.calls.map((c) => c.batch)).toEqual([[1, 2], [3, 4], [5, 6], [7]]);
    expect(held.mostInFlight()).toBe(1);
    expect(batcher.stats).toEqual({ batches: 4, records: 7, droppedBatches: 0, droppedRecords: 0 });
  });

  it('close() sends what is gathered and resolves only once every batch is sent', async () => {
    const held = heldSend();
    const batcher = new RecordBatcher(options, held.send, noErrors);
    for (let n = 1; n <= 8; n++) batcher.add(record(n));
    let closed = false;
    const closing = batcher.close().then(() => (closed = true));
    for (let i = 0; i < 3; i++) {
      await settle();
      expect(closed).toBe(false);
      expect(held.calls).toHaveLength(i + 1);
      held.calls[i].release();
    }
    await closing;
    expect(held.calls.map((c) => c.batch)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8],
    ]);
    expect(batcher.stats).toEqual({ batches: 3, records: 8, droppedBatches: 0, droppedRecords: 0 });
  });

  it('close() with nothing gathered and nothing sent resolves at once', async () => {
    const send = jest.fn(async () => {});
    const batcher = new RecordBatcher(options, send, noErrors);
    await batcher.close();
    expect(send).not.toHaveBeenCalled();
    expect(batcher.stats).toEqual({ batches: 0, records: 0, droppedBatches: 0, droppedRecords: 0 });
  });

  it('past maxWaitingBatches while send is blocked, drops the oldest waiting batch and counts it', async () => {
    const held = heldSend();
    const batcher = new RecordBatcher({ maxRecords: 2, maxSeconds: 3600, maxWaitingBatches: 2 }, held.send, noErrors);
    // [1,2] goes to send (blocked); [3,4] and [5,6] wait; [7,8] pushes [3,4] out; [9] (on close) pushes [5,6] out.
    for (let n = 1; n <= 8; n++) batcher.add(record(n));
    expect(batcher.stats).toEqual({ batches: 0, records: 0, droppedBatches: 1, droppedRecords: 2 });
    batcher.add(record(9));
    const closing = batcher.close();
    expect(batcher.stats).toEqual({ batches: 0, records: 0, droppedBatches: 2, droppedRecords: 4 });
    for (let i = 0; i < 3; i++) {
      await settle();
      held.calls[i].release();
    }
    await closing;
    expect(held.calls.map((c) => c.batch)).toEqual([[1, 2], [7, 8], [9]]);
    expect(batcher.stats).toEqual({ batches: 3, records: 5, droppedBatches: 2, droppedRecords: 4 });
  });

  it('counts a batch whose send rejects as dropped, reports it, and still sends later batches', async () => {
    const held = heldSend();
    const errors: Array<[string, number]> = [];
    const batcher = new RecordBatcher({ ...options, maxRecords: 2 }, held.send, (error, records) => errors.push([(error as Error).message, records]));
    for (let n = 1; n <= 5; n++) batcher.add(record(n));
    const closing = batcher.close();
    await settle();
    held.calls[0].reject(new Error('ERR refused'));
    await settle();
    expect(errors).toEqual([['ERR refused', 2]]);
    held.calls[1].release();
    await settle();
    held.calls[2].release();
    await closing;
    expect(held.calls.map((c) => c.batch)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batcher.stats).toEqual({ batches: 2, records: 3, droppedBatches: 1, droppedRecords: 2 });
  });

  it('a send that throws before returning a promise is dropped and reported too', async () => {
    const errors: number[] = [];
    let calls = 0;
    const send = (): Promise<void> => {
      if (++calls === 1) throw new Error('bug');
      return Promise.resolve();
    };
    const batcher = new RecordBatcher({ ...options, maxRecords: 1 }, send, (_e, records) => errors.push(records));
    batcher.add(record(1));
    batcher.add(record(2));
    await batcher.close();
    expect(errors).toEqual([1]);
    expect(batcher.stats).toEqual({ batches: 1, records: 1, droppedBatches: 1, droppedRecords: 1 });
  });

  // A batch cut in the moment between the sender finding nothing left to send and it marking
  // itself idle (reachable from any promise callback) must still be sent, and close() wait for it.
  it.each([0, 1, 2, 3, 4, 5])('a batch cut %i microtask(s) after a send finished is still sent before close() resolves', async (ticks) => {
    const sent: number[][] = [];
    const batcher = new RecordBatcher({ ...options, maxRecords: 1 }, async (batch) => void sent.push(numbers(batch)), noErrors);
    batcher.add(record(1));
    for (let i = 0; i < ticks; i++) await Promise.resolve();
    batcher.add(record(2));
    await batcher.close();
    expect(sent).toEqual([[1], [2]]);
    expect(batcher.stats).toEqual({ batches: 2, records: 2, droppedBatches: 0, droppedRecords: 0 });
  });
});
