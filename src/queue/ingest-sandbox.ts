/**
 * The ingest processor as BullMQ runs it: in a child process of the worker (a sandboxed
 * processor), so parsing a 10 GB capture never starves the worker's lock renewal.
 */
import { UnrecoverableError, type SandboxedJob } from 'bullmq';
import { ingest } from './ingest';
import { storeJobId } from './job-ids';
import { ingestJobSchema, payloadIssues, type IngestResult } from './payloads';
import { jobFailure } from './redis-failure';
import { sandboxContext } from './sandbox-context';
import { failIfNotJson } from './unparsable-job';

export default async function processIngest(job: SandboxedJob): Promise<IngestResult> {
  // A job written by hand or by another version fails here, with zod's reason kept on the job;
  // no retry would make it valid. An input that cannot be read fails in ingest (input-failure.ts).
  failIfNotJson(job.data);
  const parsed = ingestJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ingest job: ${payloadIssues(parsed.error)}`);
  if (job.id === undefined) throw new Error('ingest job without an id');
  try {
    return await ingest(parsed.data, storeJobId(parsed.data.order, job.id), sandboxContext('ingest'));
  } catch (e) {
    // A full Redis fails the job at once with its real cause, not "EXECABORT Transaction discarded".
    throw jobFailure(e);
  }
}
