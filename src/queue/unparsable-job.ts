/**
 * Jobs whose data is not JSON (written by hand with redis-cli, by another tool, truncated).
 * BullMQ parses a job's data while taking it; a parse error there leaves the job in `active` with
 * no reason, to stall and be retried until it fails as "stalled more than allowable limit". A
 * worker built from `TolerantWorker` takes such a job with a marker in place of its data, and the
 * processor fails it at once (UnrecoverableError) with the parse error as its reason.
 */
import { UnrecoverableError, Worker, type Job, type JobJson } from 'bullmq';

/** The key of the marker object; no real payload has it (payload schemas are strict). */
const NOT_JSON = '__rigsweepNotJson';

export class TolerantWorker extends Worker {
  protected override createJob(json: JobJson, jobId: string): Job {
    try {
      return super.createJob(json, jobId);
    } catch (e) {
      const raw = typeof json.data === 'string' ? json.data : '';
      const marker = { [NOT_JSON]: `${(e as Error).message} (${raw.length} bytes, starting ${JSON.stringify(raw.slice(0, 40))})` };
      return super.createJob({ ...json, data: JSON.stringify(marker) }, jobId);
    }
  }
}

/** Throws the job's final failure when its data was not JSON; otherwise does nothing. */
export function failIfNotJson(data: unknown): void {
  const reason = (data as Record<string, unknown> | null)?.[NOT_JSON];
  if (typeof reason === 'string') throw new UnrecoverableError(`job data is not JSON: ${reason}`);
}
