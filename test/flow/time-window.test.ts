/**
 * `--since/--until`: ISO 8601 (a time without a zone is UTC whatever TZ the process runs under),
 * offsets, Unix seconds; one-line reasons naming the option; a window that is empty or reversed
 * refused; a record kept when it overlaps [since, until).
 */
import { execFileSync } from 'node:child_process';
import { inWindow, parseTime, parseTimeWindow, type TimeWindow } from '../../src/flow/time-window';
import { makeFlow } from '../helpers/flows';

const NOON = 1632744000; // 2021-09-27T12:00:00Z

describe('parseTime', () => {
  it.each([
    ['2021-09-27T12:00Z', NOON],
    ['2021-09-27T12:00:00Z', NOON],
    ['2021-09-27T12:00:00.250Z', NOON + 0.25],
    ['2021-09-27t12:00z', NOON],
    ['2021-09-27T14:00+02:00', NOON],
    ['2021-09-27T14:00+0200', NOON],
    ['2021-09-27T07:00-05:00', NOON],
    ['2021-09-28T01:45+13:45', NOON], // Chatham daylight time: minutes of the offset count too
    // no zone: UTC
    ['2021-09-27T12:00', NOON],
    ['2021-09-27 12:00', NOON],
    ['2021-09-27T12:00:30.5', NOON + 30.5],
    ['2021-09-27', NOON - 12 * 3600],
    // Unix seconds, fractions kept
    ['1632744000', NOON],
    ['1632744000.25', NOON + 0.25],
    ['0', 0],
  ])('%s is %d', (text, seconds) => {
    expect(parseTime(text, '--since')).toBe(seconds);
  });

  // Jest's process.env is a copy, so TZ can only be set for a process of its own.
  it('reads a time without a zone as UTC in processes started under other zones', () => {
    const modulePath = require.resolve('../../src/flow/time-window');
    const script = `require('ts-node').register({ transpileOnly: true }); const { parseTime } = require(${JSON.stringify(modulePath)}); process.stdout.write(JSON.stringify([parseTime('2021-09-27T12:00', 'x'), parseTime('2021-09-27', 'x'), new Date(2021, 8, 27).getTimezoneOffset()]));`;
    for (const tz of ['America/Los_Angeles', 'Australia/Adelaide', 'Pacific/Chatham']) {
      const [noon, midnight, offset] = JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { ...process.env, TZ: tz } }).toString()) as number[];
      expect(offset).not.toBe(0);
      expect([noon, midnight]).toEqual([NOON, NOON - 12 * 3600]);
    }
  });

  it('ignores white space around the time', () => {
    expect(parseTime(' 2021-09-27T12:00 ', '--since')).toBe(NOON);
    expect(parseTime('1632744000\n', '--since')).toBe(NOON);
  });

  it.each([
    ['yesterday', /^--since takes an ISO 8601 time \(.*\) or Unix seconds, not yesterday$/],
    ['', /^--since takes an ISO 8601 time/],
    ['-5', /not -5$/],
    ['1e9', /not 1e9$/],
    ['2021-09-27T12', /not 2021-09-27T12$/],
    ['27/09/2021', /not 27\/09\/2021$/],
    ['2021-09-27T12:00 UTC', /not 2021-09-27T12:00 UTC$/],
    ['2021-09-27T12:00+2', /not 2021-09-27T12:00\+2$/],
    ['2021-13-01T00:00', /^--since: 2021-13-01T00:00 is not a valid time$/],
    ['2021-09-27T25:00Z', /^--since: 2021-09-27T25:00Z is not a valid time$/],
    ['2021-09-27T12:00:60Z', /is not a valid time$/],
    // Calendar days that do not exist are refused, not rolled over into the next month.
    ['2021-02-30T00:00Z', /^--since: 2021-02-30T00:00Z is not a valid time$/],
    ['2021-02-29', /^--since: 2021-02-29 is not a valid time$/],
    ['2021-04-31T23:59', /^--since: 2021-04-31T23:59 is not a valid time$/],
  ])('refuses %j with a reason naming the option', (text, message) => {
    expect(() => parseTime(text, '--since')).toThrow(message);
  });

  it('takes 29 February in a leap year', () => {
    expect(parseTime('2024-02-29', '--until')).toBe(Date.UTC(2024, 1, 29) / 1000);
  });
});

describe('parseTimeWindow', () => {
  it('answers only the ends given', () => {
    expect(parseTimeWindow(undefined, undefined)).toEqual({});
    expect(parseTimeWindow('2021-09-27T12:00Z', undefined)).toEqual({ since: NOON });
    expect(parseTimeWindow(undefined, '1632744000')).toEqual({ until: NOON });
    expect(parseTimeWindow('2021-09-27T12:00', '2021-09-27T14:00+01:00')).toEqual({ since: NOON, until: NOON + 3600 });
  });

  it('refuses since at or after until, whatever the notation, quoting both as given', () => {
    expect(() => parseTimeWindow('2021-09-27T12:00Z', '1632744000')).toThrow('--since (2021-09-27T12:00Z) must be before --until (1632744000)');
    expect(() => parseTimeWindow('2021-09-27T13:00', '2021-09-27T12:00')).toThrow(/must be before --until/);
    expect(() => parseTimeWindow('2021-09-27T14:00+02:00', '2021-09-27T12:00Z')).toThrow(/must be before/);
    expect(parseTimeWindow('1632744000', '1632744000.001')).toEqual({ since: NOON, until: NOON + 0.001 });
  });

  it('names which option is bad', () => {
    expect(() => parseTimeWindow('soon', undefined)).toThrow(/^--since takes/);
    expect(() => parseTimeWindow('2021-09-27T12:00Z', 'later')).toThrow(/^--until takes/);
  });
});

describe('inWindow: a record is kept when it overlaps [since, until)', () => {
  const flow = (firstSeen: number, lastSeen: number) => makeFlow({ firstSeen, lastSeen });
  const window: TimeWindow = { since: 100, until: 200 };

  it.each([
    [10, 50, false], // wholly before
    [10, 99.999, false], // ends just before since
    [10, 100, true], // ends exactly at since: since is inclusive
    [100, 100, true], // an instant at since
    [50, 150, true], // began before, ends inside: the long session still counts
    [120, 180, true], // inside
    [150, 250, true], // began inside, ends after
    [50, 250, true], // spans the whole window
    [199.999, 300, true], // begins just before until
    [200, 300, false], // begins exactly at until: until is exclusive
    [200, 200, false], // an instant at until
    [250, 300, false], // wholly after
  ])('[%d, %d] → %s', (first, last, kept) => {
    expect(inWindow(window, flow(first, last))).toBe(kept);
  });

  it('an open end keeps everything on that side', () => {
    expect(inWindow({ since: 100 }, flow(1e12, 1e12))).toBe(true);
    expect(inWindow({ since: 100 }, flow(0, 99))).toBe(false);
    expect(inWindow({ until: 200 }, flow(0, 0))).toBe(true);
    expect(inWindow({ until: 200 }, flow(200, 201))).toBe(false);
    expect(inWindow({}, flow(0, 1e12))).toBe(true);
  });
});
