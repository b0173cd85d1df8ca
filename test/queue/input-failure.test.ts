/**
 * The error an ingest job fails with when its input cannot be read, and what of it reaches the
 * worker process: BullMQ's sandbox sends the child's error as its own properties (errorToJSON)
 * and the parent rebuilds it with Object.assign(new Error(), ...), as done here.
 */
import { UnrecoverableError } from 'bullmq';
import { failureOutcome, inputFailure, inputFailureOf } from '../../src/queue/input-failure';
import { emptyInputSummary, type InputSummary } from '../../src/report/model';

/** The summary readInto leaves for an input it could not read. */
function failed(path: string, reason: string, errorCode: InputSummary['errorCode'] = 'input.unreadable', format = 'unknown'): InputSummary {
  return { ...emptyInputSummary(path, format), error: `${path}: ${reason}`, errorCode };
}

/** What the worker process gets of an error thrown in a sandboxed child. */
function acrossTheSandbox(error: Error): Error {
  const own = Object.fromEntries(Object.getOwnPropertyNames(error).map((name) => [name, (error as unknown as Record<string, unknown>)[name]]));
  return Object.assign(new Error(), JSON.parse(JSON.stringify(own)));
}

it('an unknown format is permanent: UnrecoverableError, so BullMQ does not retry it, even across the sandbox', () => {
  const failure = inputFailure(failed('/data/x.bin', 'unknown format: not pcap', 'input.unknown-format'));
  expect(failure).toBeInstanceOf(UnrecoverableError);
  expect(failure.message).toBe('/data/x.bin: unknown format: not pcap');
  const received = acrossTheSandbox(failure);
  // BullMQ's retry check: instanceof, or this name.
  expect(received.name).toBe('UnrecoverableError');
  expect(received.message).toBe('/data/x.bin: unknown format: not pcap');
  expect(inputFailureOf(received)).toEqual({ inputCode: 'input.unknown-format', inputFormat: 'unknown' });
});

it('an unreadable input is retried: a plain Error, with its code and format', () => {
  const failure = inputFailure(failed('/nfs/nfcapd.1', 'cannot read: ENOENT'));
  expect(failure).not.toBeInstanceOf(UnrecoverableError);
  const received = acrossTheSandbox(failure);
  expect(received.name).toBe('Error');
  expect(inputFailureOf(received)).toEqual({ inputCode: 'input.unreadable', inputFormat: 'unknown' });
  const midway = inputFailureOf(acrossTheSandbox(inputFailure(failed('/a.pcap', 'EIO', 'input.unreadable', 'pcap'))));
  expect(midway).toEqual({ inputCode: 'input.unreadable', inputFormat: 'pcap' });
});

it('keeps the reason on one line', () => {
  expect(inputFailure(failed('/a', 'first\n  second')).message).toBe('/a: first second');
});

it('any other failure is not an input failure', () => {
  expect(inputFailureOf(new Error('invalid ingest job: path: Required'))).toBeUndefined();
  expect(inputFailureOf(Object.assign(new Error('x'), { inputCode: 'pcap.truncated-packet' }))).toBeUndefined();
  expect(inputFailureOf(undefined)).toBeUndefined();
});

it('names the outcome label of each code', () => {
  expect(failureOutcome('input.unknown-format')).toBe('unknown-format');
  expect(failureOutcome('input.unreadable')).toBe('unreadable');
});
