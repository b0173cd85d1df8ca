/**
 * The ingest processor as BullMQ runs it: in a child process of the worker (a sandboxed
 * processor), so parsing a 10 GB capture never starves the worker's lock renewal.
 */
import { UnrecoverableError, type SandboxedJob } from 'bullmq';
import { ingest } from './ingest';
import { storeJobId } from './job-ids';
import { ingestJobSchema, type IngestResult } from './payloads';
import { sandboxContext } from './sandbox-context';

export default async function processIngest(job: SandboxedJob): Promise<IngestResult> {
  // A job written by hand or by another version fails here, with zod's reason kept on the job;
  // no retry would make it valid. An input that cannot be read fails in ingest (input-failure.ts).
  const parsed = ingestJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ingest job: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(job)'}: ${i.message}`).join('; ')}`);
  if (job.id === undefined) throw new Error('ingest job without an id');
  return ingest(parsed.data, storeJobId(parsed.data.order, job.id), sandboxContext('ingest'));
}
