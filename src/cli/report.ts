/**
 * `rigsweep report`: the report of everything the workers stored, in the formats `scan` writes,
 * with the analysts' follow-up states. It sweeps first (as the scheduled sweep does), so windows
 * include the latest inputs; `--no-sweep` only reads.
 */
import { FollowupStore } from '../followup/followup-store';
import { reportFromStore, reportOf } from '../report/build';
import { closeRedis } from '../queue/redis-connection';
import { openQueueContext, type QueueContext } from '../queue/queue-context';
import { Producers } from '../queue/queues';
import { sweepWindows } from '../queue/sweep';
import { InputSummaryStore } from '../store/redis/input-summaries';
import { parseCommandLine } from './arguments';
import { EXIT } from './exit-codes';
import type { Io } from './io';
import { parseFailOn, parseFormat, reachesFailOn, REPORT_OPTIONS, writeReport } from './output';
import { loadSetup } from './setup';

export const REPORT_USAGE = `usage: rigsweep report [--format table|json|csv|html] [--out FILE] [--config FILE] [--owners FILE]
                       [--no-sweep] [--fail-on medium|high]`;

export async function runReport(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandLine(argv, { ...REPORT_OPTIONS, 'no-sweep': { type: 'boolean', default: false }, 'fail-on': { type: 'string' } }, false);
  const failOn = parseFailOn(values['fail-on']);
  const format = parseFormat(values.format);
  const setup = loadSetup(values);
  const context = openQueueContext(setup, { waitForever: false, name: 'report' });
  try {
    const swept = values['no-sweep'] ? undefined : await sweep(context);
    const inputs = await new InputSummaryStore(context.redis, context.store.keys).all();
    const report = swept
      ? reportOf(swept.scored, inputs, new Date(), swept.followups)
      : await reportFromStore(context.store, inputs, setup.config, context.detectors, new Date(), await new FollowupStore(context.redis, context.store.keys).entries());
    await writeReport(report, format, values.out, io);
    return reachesFailOn(report, failOn) ? EXIT.findings : EXIT.ok;
  } finally {
    await closeRedis(context.redis);
  }
}

async function sweep(context: QueueContext) {
  const producers = new Producers(context);
  try {
    return await sweepWindows({ ...context, publish: (jobs) => producers.addFollowups(jobs) });
  } finally {
    await producers.close();
  }
}
