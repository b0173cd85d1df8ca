/**
 * `rigsweep report`: the report of everything the workers stored, in the formats `scan` writes,
 * with the analysts' follow-up states and every input enqueued but not analysed (pending or
 * failed, with the reason). It sweeps first (as the scheduled sweep does), so windows include the
 * latest inputs; `--no-sweep` only reads, and so does a report whose sweep a full Redis refused.
 */
import type { Io } from './io';
import { FollowupStore } from '../followup/followup-store';
import { reportFromStore, reportOf } from '../report/build';
import { closeRedis } from '../queue/redis-connection';
import { openQueueContext, type QueueContext } from '../queue/queue-context';
import { Producers } from '../queue/queues';
import { redisErrorReason, OOM_ADVICE } from '../queue/redis-failure';
import { sweepWindows } from '../queue/sweep';
import { isIncomplete, unfinishedJobs, withUnfinished } from '../queue/unfinished-inputs';
import { InputSummaryStore } from '../store/redis/input-summaries';
import { parseCommandLine } from './arguments';
import { EXIT, UsageError } from './exit-codes';
import { parseFormat, reachesFailOn, REPORT_OPTIONS, writeReport } from './output';
import { loadSetup } from './setup';
import type { Level } from '../score/score';

export const REPORT_USAGE = `usage: rigsweep report [--format table|json|csv|html] [--out FILE] [--config FILE] [--owners FILE]
                       [--no-sweep] [--fail-on medium|high|incomplete[,...]]`;

export async function runReport(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandLine(argv, { ...REPORT_OPTIONS, 'no-sweep': { type: 'boolean', default: false }, 'fail-on': { type: 'string' } }, false);
  const failOn = parseReportFailOn(values['fail-on']);
  const format = parseFormat(values.format);
  const setup = loadSetup(values);
  const context = openQueueContext(setup, { waitForever: false, name: 'report' });
  const producers = new Producers(context);
  try {
    const swept = values['no-sweep'] ? undefined : await sweepUnlessFull(context, producers, io);
    const stored = await new InputSummaryStore(context.redis, context.store.keys).entries();
    const inputs = withUnfinished(stored, await unfinishedJobs(producers.ingest, context.redis));
    const report = swept
      ? reportOf(swept.scored, inputs, new Date(), swept.followups)
      : await reportFromStore(context.store, inputs, setup.config, context.detectors, new Date(), await new FollowupStore(context.redis, context.store.keys).entries());
    await writeReport(report, format, values.out, io);
    const incomplete = report.inputs.filter(isIncomplete);
    if (incomplete.length > 0) {
      const pending = incomplete.filter((i) => i.queue?.state === 'pending').length;
      io.stderr.write(`rigsweep: the report is incomplete: ${pending} inputs pending, ${incomplete.length - pending} failed (listed under the inputs with the reason)\n`);
      if (failOn.incomplete) return EXIT.unreadable;
    }
    return reachesFailOn(report, failOn.level) ? EXIT.findings : EXIT.ok;
  } catch (e) {
    throw context.health.explain(e);
  } finally {
    await producers.close();
    await closeRedis(context.redis);
  }
}

/** `--fail-on` for report: a level (medium, high), `incomplete` (an input pending or failed), or both, comma-separated. */
export function parseReportFailOn(value: string | undefined): { level?: Level; incomplete: boolean } {
  const parts = value === undefined ? [] : value.split(',').map((p) => p.trim());
  const bad = parts.filter((p) => p !== 'medium' && p !== 'high' && p !== 'incomplete');
  if (bad.length > 0 || (value !== undefined && parts.length === 0)) throw new UsageError(`--fail-on takes medium, high or incomplete (comma-separated), not ${value}`);
  const levels = parts.filter((p): p is Level => p === 'medium' || p === 'high');
  const level = levels.includes('medium') ? 'medium' : levels[0];
  return { ...(level && { level }), incomplete: parts.includes('incomplete') };
}

/** The sweep, unless a full Redis refuses its writes: then the stored verdicts are reported, with a warning. */
async function sweepUnlessFull(context: QueueContext, producers: Producers, io: Io) {
  try {
    return await sweepWindows({ ...context, publish: (jobs) => producers.addFollowups(jobs) });
  } catch (e) {
    if (redisErrorReason(e) !== 'oom') throw e;
    io.stderr.write(`rigsweep: could not sweep: ${OOM_ADVICE}; reporting the verdicts stored so far\n`);
    return undefined;
  }
}
