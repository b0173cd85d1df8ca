/** What went wrong with one input, in the words the table and the HTML page show next to its path. */
import type { InputSummary } from './model';

/**
 * The input's problem, or undefined when it was read cleanly. A reader's error names its path
 * first (stderr needs it); next to the path it is left out, so the path shows once.
 */
export function inputProblem(input: InputSummary): string | undefined {
  if (input.queue?.state === 'pending') return `not analysed yet: ${input.queue.reason}`;
  if (input.error) return input.error.startsWith(`${input.path}: `) ? input.error.slice(input.path.length + 2) : input.error;
  if (input.queue) return `failed: ${input.queue.reason}`;
  const counts = Object.entries(input.issueCounts).map(([code, n]) => `${code} ×${n}`);
  return counts.length ? counts.join(', ') : undefined;
}
