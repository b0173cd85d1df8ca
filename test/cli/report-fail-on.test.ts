/** `rigsweep report --fail-on`: a level, `incomplete` (an input pending or failed), or both. */
import { parseReportFailOn } from '../../src/cli/report';
import { UsageError } from '../../src/cli/exit-codes';

it.each([
  [undefined, { incomplete: false }],
  ['high', { level: 'high', incomplete: false }],
  ['incomplete', { incomplete: true }],
  ['high,incomplete', { level: 'high', incomplete: true }],
  // The lower level is the stricter one.
  ['high, medium', { level: 'medium', incomplete: false }],
])('%s is %j', (value, expected) => {
  expect(parseReportFailOn(value)).toEqual(expected);
});

it.each(['', 'low', 'incomplete,,', 'partial'])('refuses %j as a usage error', (value) => {
  expect(() => parseReportFailOn(value)).toThrow(UsageError);
});
