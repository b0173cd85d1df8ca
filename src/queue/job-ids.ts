/**
 * Job ids. The store folds partials in job-id order, so the id a job writes under starts with
 * its input's place in the order of all inputs, zero-padded: code-unit order = input order.
 */
import { createHash } from 'node:crypto';

const ORDER_DIGITS = 15;

/** The id an ingest job's evidence, window parts and input summary are stored under. */
export function storeJobId(order: number, queueJobId: string): string {
  return `${order.toString().padStart(ORDER_DIGITS, '0')}-${queueJobId}`;
}

/** One version of one file: a file rewritten with new content is a new input. */
export function fileVersionKey(path: string, size: number, mtimeMs: number): string {
  return createHash('sha1').update(`${path}|${size}|${mtimeMs}`).digest('hex');
}

export const fileJobId = (versionKey: string) => `file-${versionKey}`;
export const recordsJobId = (order: number) => `records-${order}`;
