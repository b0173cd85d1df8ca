/** Exit codes are part of the CLI contract (DESIGN §8): scripts branch on them. */
export const EXIT = {
  ok: 0,
  /** --fail-on was given and a finding reached that level. */
  findings: 1,
  /** Bad command line or config. */
  usage: 2,
  /** An input could not be read (missing, unreadable, unknown format). */
  unreadable: 3,
  /** A service the command needs (Redis) could not be reached. */
  unavailable: 4,
} as const;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
