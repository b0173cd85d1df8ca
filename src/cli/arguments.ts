/** Command-line parsing shared by every command: node's parseArgs, failures as usage errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './exit-codes';

export function parseCommandLine<T extends ParseArgsConfig['options']>(argv: string[], options: T, allowPositionals: boolean) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** A positive number of seconds (or anything positive) from an option, or undefined when absent. */
export function positiveNumber(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0)) throw new UsageError(`${option} takes a positive number, not ${value}`);
  return n;
}

/** Runs a value parser whose errors are the user's to fix: they become usage errors (exit 2). */
export function usageOf<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw e instanceof UsageError ? e : new UsageError((e as Error).message);
  }
}
