/** An empty run intel, for detector tests that build a DetectorContext by hand. */
import { RunIntel } from '../../src/intel';

export function emptyIntel(): RunIntel {
  return new RunIntel([], { maxLearned: 1000, skipRanges: [] });
}
