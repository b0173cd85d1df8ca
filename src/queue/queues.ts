/** The BullMQ queues as producers see them, with the job options every producer must agree on. */
import { Queue } from 'bullmq';
import type { Config } from '../config/schema';
import type { QueueContext } from './queue-context';
import { QUEUE } from './names';
import { followupJobSchema, ingestJobSchema, probeJobSchema, type FollowupJob, type IngestJob, type ProbeJob } from './payloads';
import { fileJobId, recordsJobId } from './job-ids';

export function jobOptions(config: Config) {
  const { attempts, backoffSeconds, keepFinishedJobs } = config.queue;
  return {
    attempts,
    backoff: { type: 'exponential' as const, delay: backoffSeconds * 1000 },
    removeOnComplete: { count: keepFinishedJobs },
    // Failed jobs keep their reason for operators; the count bounds Redis memory.
    removeOnFail: { count: keepFinishedJobs },
  };
}

export class Producers {
  readonly ingest: Queue;
  readonly followup: Queue;
  readonly probe: Queue;

  constructor(private readonly context: QueueContext) {
    const options = { connection: context.redis, prefix: context.prefix, defaultJobOptions: jobOptions(context.config) };
    this.ingest = new Queue(QUEUE.ingest, options);
    this.followup = new Queue(QUEUE.followup, options);
    // One try: an unreachable endpoint is a verdict, not a failure to retry into a rate limit.
    this.probe = new Queue(QUEUE.probe, { ...options, defaultJobOptions: { ...jobOptions(context.config), attempts: 1 } });
    // Without a listener BullMQ prints each reconnect failure as a raw multi-line dump.
    for (const queue of [this.ingest, this.followup, this.probe]) queue.on('error', (error: Error) => context.health.error(error, 'queue'));
  }

  /** One job per endpoint while it is kept: a suspect seen by every sweep is probed once. */
  async addProbes(jobs: readonly ProbeJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.probe.addBulk(
      jobs.map((job) => ({ name: 'probe', data: probeJobSchema.parse(job), opts: { jobId: `probe-${job.address.replace(/:/g, '_')}-${job.port}` } })),
    );
  }

  /** Adds an ingest job; its id makes a second add of the same input a no-op while the job is kept. */
  async addIngest(job: IngestJob, versionKey?: string): Promise<string> {
    const data = ingestJobSchema.parse(job);
    const jobId = data.kind === 'file' ? fileJobId(versionKey ?? String(data.order)) : recordsJobId(data.order);
    await this.ingest.add(data.kind, data, { jobId });
    return jobId;
  }

  /** One follow-up job per address and level: a repeated raise of the same level adds nothing. */
  async addFollowups(jobs: readonly FollowupJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.followup.addBulk(
      jobs.map((job) => ({ name: job.reason, data: followupJobSchema.parse(job), opts: { jobId: `${job.ip.replace(/:/g, '_')}-${job.level}` } })),
    );
  }

  /** The next place in the order of all inputs. */
  async nextOrder(): Promise<number> {
    return this.context.redis.incr(this.context.store.keys.order);
  }

  async close(): Promise<void> {
    await Promise.all([this.ingest.close(), this.followup.close(), this.probe.close()]);
  }
}
