/**
 * `rigsweep report`: the report of everything the workers stored, in the formats `scan` writes,
 * with the analysts' follow-up states. It sweeps first (as the scheduled sweep does), so windows
 * include the latest inputs; `--no-sweep` only reads.
 */
import { FollowupStore } from '../followup/followup-store';
import { reportFromStore } from '../report/build';
import { closeRedis } from '../queue/redis-connection';
import { openQueueContext } from '../queue/queue-context';
import { Producers } from '../queue/queues';
import { sweepWindows } from '../queue/sweep';
import { InputSummaryStore } from '../store/redis/input-summaries';
import { LEVEL_ORDER, type Level } from '../score/score';
import { isStillFlagged } from '../report/model';
import { parseCommandLine } from './arguments';
import { EXIT, UsageError } from './exit-codes';
import type { Io } from './io';
import { parseFormat, REPORT_OPTIONS, writeReport } from './output';
import { loadSetup } from './setup';

export const REPORT_USAGE = `usage: rigsweep report [--format table|json|csv|html] [--out FILE] [--config FILE] [--owners FILE]
                       [--no-sweep] [--fail-on medium|high]`;

export async function runReport(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandLine(argv, { ...REPORT_OPTIONS, 'no-sweep': { type: 'boolean', default: false }, 'fail-on': { type: 'string' } }, false);
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'medium' && failOn !== 'high') throw new UsageError(`--fail-on takes medium or high, not ${failOn}`);
  const format = parseFormat(values.format);
  const setup = loadSetup(values);
  const context = openQueueContext(setup, { waitForever: false, name: 'report' });
  try {
    if (!values['no-sweep']) {
      const producers = new Producers(context);
      await sweepWindows({ ...context, publish: (jobs) => producers.addFollowups(jobs) }).finally(() => producers.close());
    }
    const inputs = await new InputSummaryStore(context.redis, context.store.keys).all();
    const followups = await new FollowupStore(context.redis, context.store.keys).entries();
    const report = await reportFromStore(context.store, inputs, setup.config, context.detectors, new Date(), followups);
    await writeReport(report, format, values.out, io);
    const reached = failOn && report.hosts.some((h) => isStillFlagged(h) && LEVEL_ORDER[h.level] >= LEVEL_ORDER[failOn as Level]);
    return reached ? EXIT.findings : EXIT.ok;
  } finally {
    await closeRedis(context.redis);
  }
}
