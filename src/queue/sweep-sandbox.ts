/**
 * The sweep as BullMQ runs it: in a child process of the worker, like ingest jobs. Absorbing
 * every window part is seconds of CPU on a busy network; in the worker's own process it would
 * hold up the timers that renew the locks of running ingest jobs, and they would stall.
 */
import { Producers } from './queues';
import { jobFailure } from './redis-failure';
import { sandboxContext } from './sandbox-context';
import { sweepWindows } from './sweep';
import { summarizeSweep, type SweepSummary } from './sweep-summary';
import { DeploymentStats } from '../store/redis/deployment-stats';

let producers: Producers | undefined;

export default async function processSweep(): Promise<SweepSummary> {
  const context = sandboxContext('sweep');
  const publishTo = (producers ??= new Producers(context));
  const started = process.hrtime.bigint();
  try {
    const outcome = await sweepWindows({ ...context, publish: (jobs) => publishTo.addFollowups(jobs), publishProbes: (jobs) => publishTo.addProbes(jobs) });
    // Only the scheduled sweep marks the deployment swept: a `report` run must not hide a stalled schedule.
    const finishedAt = Date.now() / 1000;
    await new DeploymentStats(context.store.client, context.store.keys).sweptAt(finishedAt);
    return { ...summarizeSweep(outcome, Number(process.hrtime.bigint() - started) / 1e9), finishedAt };
  } catch (e) {
    throw jobFailure(e);
  }
}
