/**
 * `rigsweep enqueue <files|dirs...>`: adds ingest jobs for workers, each file version once.
 * `--wait` waits until the jobs are done, says why each failed one failed and exits 3 if any did
 * (an input that cannot be read fails its job); `--watch DIR` keeps enqueuing the files an exporter
 * finishes in DIR (nfcapd rotation and the like) until SIGINT/SIGTERM.
 */
import type { Logger } from 'pino';
import { enqueueFile, type Enqueued } from '../queue/enqueue';
import { closeRedis } from '../queue/redis-connection';
import { openQueueContext, type QueueContext } from '../queue/queue-context';
import { Producers } from '../queue/queues';
import { isOomReason, OOM_ADVICE, redisErrorReason } from '../queue/redis-failure';
import { FinishedFileWatcher } from '../queue/watch/finished-files';
import { STDIN } from '../readers/source';
import { inputList, InputListError } from '../readers/source/input-list';
import { parseCommandLine, positiveNumber } from './arguments';
import { EXIT, UsageError } from './exit-codes';
import type { Io } from './io';
import { createLogger } from './logger';
import { loadSetup } from './setup';
import { stopSignal } from './stop-signal';

export const ENQUEUE_USAGE = `usage: rigsweep enqueue <files|dirs...> [-R FIRST:LAST] [--wait] [--config FILE]
       rigsweep enqueue --watch DIR [--duration SECONDS] [--config FILE] [--log-level info]`;

export async function runEnqueue(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(
    argv,
    {
      wait: { type: 'boolean', default: false },
      range: { type: 'string', short: 'R', multiple: true },
      watch: { type: 'string' },
      config: { type: 'string', short: 'c' },
      duration: { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
    },
    true,
  );
  const ranges = values.range ?? [];
  if (!values.watch && positionals.length === 0 && ranges.length === 0) throw new UsageError('enqueue needs files, directories, -R FIRST:LAST or --watch DIR');
  // A job names a path that any worker opens later: a pipe cannot be handed over.
  if ((positionals as string[]).includes(STDIN)) throw new UsageError('enqueue takes paths workers can open, not standard input ("-"): use scan for pipes');
  if (values.watch && positionals.length > 0) throw new UsageError('enqueue takes either files or --watch DIR, not both');
  const duration = positiveNumber(values.duration, '--duration');
  const log = createLogger(values['log-level'] ?? 'info', io.stderr);
  const setup = loadSetup({ config: values.config });
  // Only the watcher runs long enough to log an outage; a one-shot enqueue says it once as it exits.
  const context = openQueueContext(setup, { waitForever: values.watch !== undefined, name: 'enqueue', ...(values.watch !== undefined && { log }) });
  const producers = new Producers(context);
  try {
    if (values.watch) return await watch(context, producers, values.watch, duration, log);
    return await enqueueAll(context, producers, positionals, ranges, values.wait ?? false, io);
  } catch (e) {
    if (redisErrorReason(e) !== 'oom') throw context.health.explain(e);
    io.stderr.write(`rigsweep: cannot enqueue: ${OOM_ADVICE.replace(', then enqueue the input again', '')}\n`);
    return EXIT.unavailable;
  } finally {
    await producers.close();
    await closeRedis(context.redis);
  }
}

async function enqueueAll(context: QueueContext, producers: Producers, paths: string[], ranges: string[], wait: boolean, io: Io): Promise<number> {
  let files: string[];
  try {
    files = await inputList(paths, ranges);
  } catch (e) {
    if (e instanceof InputListError) throw new UsageError(e.message);
    io.stderr.write(`rigsweep: ${(e as Error).message}\n`);
    return EXIT.unreadable;
  }
  const added: Enqueued[] = [];
  let missing = 0;
  for (const file of files) {
    const result = await enqueueFile(context, producers, file).catch((e: NodeJS.ErrnoException) => {
      if (!e.code) throw e;
      io.stderr.write(`rigsweep: ${file}: cannot read: ${e.code}\n`);
      missing++;
      return undefined;
    });
    if (!result) continue;
    const what = result.retried ? 'enqueued again (it failed before)' : 'enqueued';
    io.stdout.write(result.jobId ? `${what} ${result.path} (${result.jobId})\n` : `skipped ${result.path}: enqueued before\n`);
    if (result.jobId) added.push(result);
  }
  if (!wait) return missing > 0 ? EXIT.unreadable : EXIT.ok;
  const waited = await waitForJobs(producers, added, io);
  if (waited === 'redis-full') return EXIT.unavailable;
  const failed = waited + missing;
  if (failed === 0) return EXIT.ok;
  io.stderr.write(`rigsweep: ${failed} of ${added.length + missing} inputs failed: those inputs were not analysed (\`rigsweep report\` lists them with the error)\n`);
  return EXIT.unreadable;
}

/**
 * Polls the jobs' states until each is completed or failed; says why each failed one did, and
 * answers how many. A job refused by a full Redis ends the wait at once: every other job would
 * meet the same refusal, and waiting would not empty Redis.
 */
async function waitForJobs(producers: Producers, jobs: readonly Enqueued[], io: Io): Promise<number | 'redis-full'> {
  const pending = new Map(jobs.map((j) => [j.jobId!, j.path]));
  let failed = 0;
  while (pending.size > 0) {
    for (const [id, path] of [...pending]) {
      const job = await producers.ingest.getJob(id);
      const state = job ? await job.getState() : 'completed'; // removed: kept-jobs limit reached after it finished
      if (job && (state === 'failed' || state === 'delayed') && isOomReason(job.failedReason)) {
        io.stderr.write(`rigsweep: failed: ${path}: ${job.failedReason.split('\n')[0]} (job ${id})\n`);
        io.stderr.write(`rigsweep: stopped waiting: ${OOM_ADVICE}; ${pending.size - 1} other inputs not analysed yet (\`rigsweep report\` lists them)\n`);
        return 'redis-full';
      }
      if (state !== 'completed' && state !== 'failed') continue;
      pending.delete(id);
      if (state === 'failed') {
        failed++;
        // An input's reason starts with its path; say which input any other reason is about.
        const reason = job?.failedReason || 'no reason kept';
        const tries = job ? `, after ${job.attemptsMade} ${job.attemptsMade === 1 ? 'try' : 'tries'}` : '';
        io.stderr.write(`rigsweep: failed: ${reason.startsWith(path) ? reason : `${path}: ${reason}`} (job ${id}${tries})\n`);
      }
    }
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 250));
  }
  return failed;
}

async function watch(context: QueueContext, producers: Producers, dir: string, duration: number | undefined, log: Logger): Promise<number> {
  const { watchPollSeconds, watchSettleSeconds } = context.config.queue;
  const watcher = new FinishedFileWatcher({
    dir,
    pollSeconds: watchPollSeconds,
    settleSeconds: watchSettleSeconds,
    // enqueueFile is itself exactly-once per version; this only spares known files a round trip.
    claim: async (file) => (await context.redis.hexists(context.store.keys.enqueued, file.key)) === 0,
    onFinished: async (file) => {
      const result = await enqueueFile(context, producers, file.path, file);
      if (result.jobId) log.info({ input: result.path, job: result.jobId, order: result.order }, 'enqueued');
    },
    onError: (error, problem) => log.error({ ...problem, err: (error as Error).message }, 'watch problem: will retry'),
  });
  watcher.start();
  log.info({ dir, pollSeconds: watchPollSeconds, settleSeconds: watchSettleSeconds }, 'watching');
  const signal = stopSignal(duration);
  const reason = await signal.stopped;
  signal.dispose();
  await watcher.stop();
  log.info({ reason }, 'stopped watching');
  return EXIT.ok;
}
