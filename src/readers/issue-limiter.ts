import type { IssueCode } from '../errors/codes';
import type { InputIssue } from './issues';

/** Issues of one code reported per input before the rest are only counted. */
export const DEFAULT_ISSUES_PER_CODE = 100;

/**
 * Passes input issues on, but at most `perCode` of each code: a broken file can fault at every
 * record, and a million identical issues drown the useful ones. Everything is counted; `finish()`
 * adds one summary issue per code that went over the cap.
 */
export class IssueLimiter {
  private readonly counts = new Map<IssueCode, number>();
  private readonly firstSuppressed = new Map<IssueCode, number>();

  constructor(
    private readonly report: (issue: InputIssue) => void,
    private readonly perCode = DEFAULT_ISSUES_PER_CODE,
  ) {}

  /** `message` may be a function so that suppressed issues cost no string building. */
  issue(code: IssueCode, offset: number, message: string | (() => string)): void {
    const seen = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, seen);
    if (seen <= this.perCode) {
      this.report({ code, offset, message: typeof message === 'string' ? message : message() });
    } else if (seen === this.perCode + 1) {
      this.firstSuppressed.set(code, offset);
    }
  }

  count(code: IssueCode): number {
    return this.counts.get(code) ?? 0;
  }

  /** Every issue seen, by code, including the ones not reported. */
  totals(): Partial<Record<IssueCode, number>> {
    return Object.fromEntries(this.counts) as Partial<Record<IssueCode, number>>;
  }

  /** Reports one summary per capped code; call once when the input is done. */
  finish(): void {
    for (const [code, offset] of this.firstSuppressed) {
      const hidden = (this.counts.get(code) ?? 0) - this.perCode;
      this.report({
        code,
        offset,
        message: `${hidden} more ${code} issues from offset ${offset} on were counted but not listed`,
      });
    }
    this.firstSuppressed.clear();
  }
}
