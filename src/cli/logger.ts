/** Structured JSON logs on stderr (pino). Commands that run for long log; `scan` stays quiet. */
import pino, { type Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new Error(`unknown --log-level ${level}: use ${LOG_LEVELS.join(', ')}`);
  return pino({ level, base: { name: 'rigsweep' } }, destination as pino.DestinationStream);
}
