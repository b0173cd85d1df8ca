import type { InputIssue } from '../../src/readers/issues';
import { IssueLimiter } from '../../src/readers/issue-limiter';

describe('IssueLimiter', () => {
  it('passes issues through up to the cap per code, then counts them and summarises once', () => {
    const reported: InputIssue[] = [];
    const limiter = new IssueLimiter((i) => reported.push(i), 3);
    for (let n = 0; n < 10; n++) limiter.issue('ip.fragment', 100 + n, `fragment ${n}`);
    limiter.issue('tcp.bad-offset', 7, 'bad');
    expect(reported.map((i) => i.offset)).toEqual([100, 101, 102, 7]);
    expect(limiter.count('ip.fragment')).toBe(10);
    expect(limiter.totals()).toEqual({ 'ip.fragment': 10, 'tcp.bad-offset': 1 });

    limiter.finish();
    const summary = reported[reported.length - 1];
    expect(summary.code).toBe('ip.fragment');
    expect(summary.offset).toBe(103); // the first one not listed
    expect(summary.message).toMatch(/^7 more ip\.fragment issues/);
    expect(reported).toHaveLength(5); // tcp.bad-offset stayed under the cap: no summary
  });

  it('builds lazy messages only for issues it reports', () => {
    const limiter = new IssueLimiter(() => undefined, 2);
    const build = jest.fn(() => 'message');
    for (let n = 0; n < 50; n++) limiter.issue('udp.truncated', n, build);
    expect(build).toHaveBeenCalledTimes(2);
    expect(limiter.count('udp.truncated')).toBe(50);
  });

  it('does not summarise twice', () => {
    const reported: InputIssue[] = [];
    const limiter = new IssueLimiter((i) => reported.push(i), 1);
    limiter.issue('ip.truncated', 1, 'a');
    limiter.issue('ip.truncated', 2, 'b');
    limiter.finish();
    limiter.finish();
    expect(reported).toHaveLength(2);
  });
});
