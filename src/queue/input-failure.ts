/**
 * An input an ingest job cannot read fails the job, so BullMQ, `enqueue --wait`, the metrics and
 * the alerts all see it. An unknown format is permanent (BullMQ's UnrecoverableError: no retry);
 * an unreadable input (ENOENT, EACCES, EIO: say a file on NFS not there yet) is retried up to
 * `queue.attempts`, then failed.
 *
 * The sandboxed child throws the failure; BullMQ copies the error's own properties (message,
 * name, and the fields below) to the worker process, which counts it by code and format.
 */
import { UnrecoverableError } from 'bullmq';
import type { InputSummary } from '../report/model';

export type InputFailureCode = NonNullable<InputSummary['errorCode']>;

export interface InputFailure {
  /** The whole-input issue code (src/errors/codes.ts). */
  inputCode: InputFailureCode;
  /** The sniffed format, or unknown when the failure came before sniffing. */
  inputFormat: string;
}

const CODES: readonly string[] = ['input.unreadable', 'input.unknown-format'] satisfies InputFailureCode[];

/** The error an ingest job fails with, for an input summary with an error: one line naming the path and the reason. */
export function inputFailure(summary: InputSummary): Error & InputFailure {
  const line = (summary.error ?? 'unreadable').replace(/\s*\n\s*/g, ' ');
  const code = summary.errorCode ?? 'input.unreadable';
  const failure = code === 'input.unknown-format' ? new UnrecoverableError(line) : new Error(line);
  return Object.assign(failure, { inputCode: code, inputFormat: summary.format });
}

/** The input failure a job failed with, as the worker process receives it; undefined for any other failure. */
export function inputFailureOf(error: unknown): InputFailure | undefined {
  const e = error as Partial<Record<keyof InputFailure, unknown>> | undefined;
  if (typeof e?.inputCode !== 'string' || !CODES.includes(e.inputCode)) return undefined;
  return { inputCode: e.inputCode as InputFailureCode, inputFormat: typeof e.inputFormat === 'string' ? e.inputFormat : 'unknown' };
}

/** The outcome label of rigsweep_inputs_total for a failure code. */
export const failureOutcome = (code: InputFailureCode) => (code === 'input.unknown-format' ? 'unknown-format' : 'unreadable');
