/**
 * What every sandboxed processor (ingest, sweep) starts from: its setup from the environment it
 * inherits from the worker (RIGSWEEP_CONFIG, REDIS_URL, ...), opened once per child and kept
 * across jobs. A worker killed outright (SIGKILL) cannot stop its children: each leaves when its
 * parent goes; the job is then taken over by another worker once its lock lapses, and a job's
 * writes are idempotent.
 */
import { loadSetup } from '../cli/setup';
import { openQueueContext, type QueueContext } from './queue-context';

process.once('disconnect', () => process.exit(0));

let context: QueueContext | undefined;

export function sandboxContext(name: string): QueueContext {
  return (context ??= openQueueContext(loadSetup({}), { waitForever: true, name }));
}
