import { SettleTracker } from '../../../src/queue/watch/settle-tracker';

const settleMs = 1000;
const wall = Date.parse('2026-11-22T10:05:00Z');
const file = (path: string, size: number, mtimeMs = wall) => ({ path, size, mtimeMs });
const paths = (files: Array<{ path: string }>) => files.map((f) => f.path);

describe('SettleTracker', () => {
  it('finishes a new file only after settleMs of unchanged observations', () => {
    const tracker = new SettleTracker(settleMs);
    expect(tracker.look([], 0, wall)).toEqual([]);
    expect(tracker.look([file('/d/a', 10)], 100, wall)).toEqual([]);
    expect(tracker.look([file('/d/a', 10)], 1099, wall)).toEqual([]);
    expect(paths(tracker.look([file('/d/a', 10)], 1100, wall))).toEqual(['/d/a']);
  });

  it('restarts the settle time whenever size or mtime changes', () => {
    const tracker = new SettleTracker(settleMs);
    tracker.look([], 0, wall);
    tracker.look([file('/d/a', 10)], 100, wall);
    tracker.look([file('/d/a', 20)], 900, wall);
    tracker.look([file('/d/a', 20, wall + 5)], 1500, wall);
    expect(tracker.look([file('/d/a', 20, wall + 5)], 2499, wall)).toEqual([]);
    expect(paths(tracker.look([file('/d/a', 20, wall + 5)], 2500, wall))).toEqual(['/d/a']);
  });

  it('ignores mtime skew for files arriving while watching', () => {
    const tracker = new SettleTracker(settleMs);
    tracker.look([], 0, wall);
    const fromThePast = file('/d/old-mtime', 10, wall - 86_400_000); // e.g. cp -p, or a slow clock
    const fromTheFuture = file('/d/new-mtime', 10, wall + 86_400_000);
    expect(tracker.look([fromThePast, fromTheFuture], 100, wall)).toEqual([]);
    expect(tracker.look([fromThePast, fromTheFuture], 200, wall)).toEqual([]);
    expect(paths(tracker.look([fromThePast, fromTheFuture], 1100, wall))).toEqual(['/d/new-mtime', '/d/old-mtime']);
  });

  it('finishes old files present at the first look after one confirming look, in name order', () => {
    const tracker = new SettleTracker(settleMs);
    const old = wall - 60_000;
    const first = [file('/d/nfcapd.202611221010', 3, old), file('/d/nfcapd.202611221000', 1, old), file('/d/fresh', 1, wall - 10)];
    expect(tracker.look(first, 0, wall)).toEqual([]);
    expect(paths(tracker.look(first, 50, wall))).toEqual(['/d/nfcapd.202611221000', '/d/nfcapd.202611221010']);
  });

  it('loses the first-look shortcut when the old file changes', () => {
    const tracker = new SettleTracker(settleMs);
    tracker.look([file('/d/a', 1, wall - 60_000)], 0, wall);
    tracker.look([file('/d/a', 2, wall)], 50, wall);
    expect(tracker.look([file('/d/a', 2, wall)], 100, wall)).toEqual([]);
    expect(paths(tracker.look([file('/d/a', 2, wall)], 1050, wall))).toEqual(['/d/a']);
  });

  it('reports a version until handed over, then only a rewritten version', () => {
    const tracker = new SettleTracker(0);
    tracker.look([file('/d/a', 1)], 0, wall);
    const [v1] = tracker.look([file('/d/a', 1)], 1, wall);
    expect(tracker.look([file('/d/a', 1)], 2, wall)).toEqual([v1]); // not handed over yet: again
    tracker.markClaimed(v1);
    expect(tracker.isClaimed(v1)).toBe(true);
    tracker.markHandedOver(v1);
    expect(tracker.look([file('/d/a', 1)], 3, wall)).toEqual([]);
    tracker.look([file('/d/a', 2)], 4, wall);
    const [v2] = tracker.look([file('/d/a', 2)], 5, wall);
    expect(v2.size).toBe(2);
    expect(v2.key).not.toBe(v1.key);
    expect(tracker.isClaimed(v2)).toBe(false);
  });

  it('does not let a mark for an old version touch the rewritten one', () => {
    const tracker = new SettleTracker(0);
    tracker.look([file('/d/a', 1)], 0, wall);
    const [v1] = tracker.look([file('/d/a', 1)], 1, wall);
    tracker.look([file('/d/a', 2)], 2, wall);
    tracker.markHandedOver(v1);
    expect(paths(tracker.look([file('/d/a', 2)], 3, wall))).toEqual(['/d/a']);
  });

  it('forgets files that disappeared', () => {
    const tracker = new SettleTracker(settleMs);
    tracker.look([file('/d/a', 1), file('/d/b', 1)], 0, wall);
    expect(tracker.size).toBe(2);
    tracker.look([file('/d/b', 1)], 10, wall);
    expect(tracker.size).toBe(1);
    tracker.look([], 20, wall);
    expect(tracker.size).toBe(0);
  });

  it('gives keys that are 40 hex chars and depend on path, size and mtime', () => {
    const tracker = new SettleTracker(0);
    const looks = [file('/d/a', 1), file('/d/b', 1)];
    tracker.look(looks, 0, wall);
    const [a, b] = tracker.look(looks, 1, wall);
    expect(a.key).toMatch(/^[0-9a-f]{40}$/);
    expect(a.key).not.toBe(b.key);
    const again = new SettleTracker(0);
    again.look(looks, 0, wall);
    expect(again.look(looks, 1, wall)[0].key).toBe(a.key); // stable across restarts
  });
});
