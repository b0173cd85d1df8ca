/**
 * The sweep as BullMQ runs it: in a child process of the worker, like ingest jobs. Absorbing
 * every window part is seconds of CPU on a busy network; in the worker's own process it would
 * hold up the timers that renew the locks of running ingest jobs, and they would stall.
 */
import { Producers } from './queues';
import { sandboxContext } from './sandbox-context';
import { sweepWindows } from './sweep';
import { summarizeSweep, type SweepSummary } from './sweep-summary';

let producers: Producers | undefined;

export default async function processSweep(): Promise<SweepSummary> {
  const context = sandboxContext('sweep');
  const publishTo = (producers ??= new Producers(context));
  const started = process.hrtime.bigint();
  const outcome = await sweepWindows({ ...context, publish: (jobs) => publishTo.addFollowups(jobs), publishProbes: (jobs) => publishTo.addProbes(jobs) });
  return summarizeSweep(outcome, Number(process.hrtime.bigint() - started) / 1e9);
}
