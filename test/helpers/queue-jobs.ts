/** Reads BullMQ's view of a test deployment's ingest queue, as an operator's dashboard would. */
import { Queue, type Job } from 'bullmq';
import { bullPrefix, QUEUE } from '../../src/queue/names';

export function ingestQueue(url: string, prefix: string): Queue {
  return queueOf(QUEUE.ingest, url, prefix);
}

export function queueOf(name: string, url: string, prefix: string): Queue {
  const queue = new Queue(name, { connection: { url }, prefix: bullPrefix(prefix) });
  // Tests stop Redis on purpose: the reconnect errors are expected, not worth printing.
  queue.on('error', () => {});
  return queue;
}

/** Waits until every job of the queue is completed or failed (none waiting, active or delayed). */
export async function settled(queue: Queue, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    if (Object.values(counts).every((n) => n === 0)) return;
    if (Date.now() > until) throw new Error(`queue not drained within ${ms} ms: ${JSON.stringify(counts)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Once settled, the queue's completed and failed jobs (BullMQ parses each: every job's data must be JSON). */
export async function drained(queue: Queue, ms = 60_000): Promise<Job[]> {
  await settled(queue, ms);
  return queue.getJobs(['completed', 'failed']);
}
