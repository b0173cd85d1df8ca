/**
 * What every ScoreStore must do, run against each implementation, so the CLI's memory store and
 * the workers' Redis store cannot drift apart.
 */
import type { Evidence, ShareMeasures } from '../../src/detect/api';
import type { StoredEvidence } from '../../src/store/merge';
import type { ScoreStore, StoreSnapshot } from '../../src/store/score-store';
import { fakeEvidence } from '../score/fake-detector';

/** Subjects and items sorted by name and dedup key: stores promise content, not listing order. */
function canonical(snapshot: StoreSnapshot): Array<[string, StoredEvidence[]]> {
  const byKey = (a: StoredEvidence, b: StoredEvidence) => (a.dedupKey < b.dedupKey ? -1 : a.dedupKey > b.dedupKey ? 1 : 0);
  return [...snapshot.subjects].map(([ip, items]): [string, StoredEvidence[]] => [ip, [...items].sort(byKey)]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const measures: ShareMeasures = { algorithm: 'sha256', algorithmStated: false, shares: 2, hashes: 100, windowSeconds: 10 };
const pool = (extra: Partial<Evidence> = {}) => fakeEvidence('t.protocol', '10.0.0.1', '203.0.113.5', 3333, extra);

export function storeContract(name: string, open: () => ScoreStore): void {
  describe(`${name} (ScoreStore contract)`, () => {
    const opened: ScoreStore[] = [];
    const newStore = (): ScoreStore => {
      const store = open();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it('starts empty, and an empty batch adds nothing', async () => {
      const store = newStore();
      expect((await store.snapshot()).subjects.size).toBe(0);
      await store.add([], { jobId: 'empty' });
      await store.add([]);
      expect((await store.snapshot()).subjects.size).toBe(0);
    });

    it('merges evidence with the same key: counts add, times widen, measures sum, workers stay distinct', async () => {
      const store = newStore();
      await store.add([
        pool({ firstSeen: 100, lastSeen: 200, facts: { worker: 'a' }, measures }),
        pool({ firstSeen: 50, lastSeen: 150, facts: { worker: 'b' }, measures: { ...measures, selfReportedHashrate: 7 } }),
        pool({ firstSeen: 60, lastSeen: 70, facts: { worker: 'a' } }),
      ]);
      const items = (await store.snapshot()).subjects.get('10.0.0.1');
      expect(items).toHaveLength(1);
      const [item] = items ?? [];
      expect(item).toMatchObject({ count: 3, firstSeen: 50, lastSeen: 200, workers: ['a', 'b'] });
      expect(item.measures).toEqual({ algorithm: 'sha256', algorithmStated: false, shares: 4, hashes: 200, windowSeconds: 20, selfReportedHashrate: 7 });
      expect(item.spans).toEqual([[100, 200], [50, 150], [60, 70]]);
    });

    it('keeps different keys and subjects apart', async () => {
      const store = newStore();
      await store.add([pool(), fakeEvidence('t.name', '10.0.0.1', '203.0.113.5', 443), fakeEvidence('t.name', '10.0.0.2', '203.0.113.5', 443)]);
      const snap = await store.snapshot();
      expect(snap.subjects.get('10.0.0.1')?.map((e) => e.code).sort()).toEqual(['t.name', 't.protocol']);
      expect(snap.subjects.get('10.0.0.2')?.map((e) => e.code)).toEqual(['t.name']);
      expect(snap.subjects.size).toBe(2);
    });

    it('changes nothing when the same job is added again', async () => {
      const store = newStore();
      const batch = [pool({ facts: { worker: 'a' }, measures }), pool({ count: 4 }), fakeEvidence('t.name', '10.0.0.2', '203.0.113.5', 443)];
      await store.add(batch, { jobId: 'job-1' });
      const once = canonical(await store.snapshot());
      await store.add(batch, { jobId: 'job-1' });
      expect(canonical(await store.snapshot())).toEqual(once);
      expect(once[0][1][0]).toMatchObject({ count: 5 });
    });

    it('counts two different jobs with the same evidence twice', async () => {
      const store = newStore();
      await store.add([pool({ measures })], { jobId: 'job-1' });
      await store.add([pool({ measures })], { jobId: 'job-2' });
      const [item] = (await store.snapshot()).subjects.get('10.0.0.1') ?? [];
      expect(item).toMatchObject({ count: 2, measures: { ...measures, shares: 4, hashes: 200, windowSeconds: 20 } });
      expect(item.spans).toHaveLength(2);
    });

    it('counts every add without a job id (no idempotence without one)', async () => {
      const store = newStore();
      await store.add([pool()]);
      await store.add([pool()]);
      expect((await store.snapshot()).subjects.get('10.0.0.1')?.[0].count).toBe(2);
    });

    it('returns the same snapshot whatever order the jobs arrived in', async () => {
      // Conflicting facts, stated algorithms and spans: what mergeEvidence resolves by order.
      const jobs: Array<[string, Evidence[]]> = [
        ['job-a', [pool({ firstSeen: 10, lastSeen: 20, facts: { worker: 'x', agent: 'one' }, measures: { ...measures, algorithm: 'ethash', algorithmStated: true } })]],
        ['job-b', [pool({ firstSeen: 5, lastSeen: 8, facts: { worker: 'y', agent: 'two' }, measures: { ...measures, algorithm: 'randomx', algorithmStated: true } }), fakeEvidence('t.name', '10.0.0.3', '198.51.100.7', 443)]],
        ['job-c', [pool({ firstSeen: 30, lastSeen: 40, facts: { agent: 'three' } }), fakeEvidence('t.name', '10.0.0.3', '198.51.100.7', 443, { facts: { domain: 'pool.example' } })]],
      ];
      const orders = [[0, 1, 2], [2, 1, 0], [1, 2, 0]];
      const snapshots = [];
      for (const order of orders) {
        const store = newStore();
        for (const i of order) await store.add(jobs[i][1], { jobId: jobs[i][0] });
        snapshots.push(canonical(await store.snapshot()));
      }
      expect(snapshots[1]).toEqual(snapshots[0]);
      expect(snapshots[2]).toEqual(snapshots[0]);
      expect(snapshots[0][0][1][0]).toMatchObject({ count: 3, firstSeen: 5, lastSeen: 40, workers: ['x', 'y'] });
    });

    it('refuses job ids that could not be told apart from dedup keys', async () => {
      const store = newStore();
      await expect(store.add([pool()], { jobId: 'a|b' })).rejects.toThrow(/job id/);
      await expect(store.add([pool()], { jobId: '' })).rejects.toThrow(/job id/);
    });

    it('round-trips a large batch (10k evidence)', async () => {
      const store = newStore();
      const batch = Array.from({ length: 10_000 }, (_, i) =>
        fakeEvidence('t.protocol', `10.1.${Math.floor(i / 100)}.${i % 100}`, '203.0.113.5', 3000 + (i % 50), {
          firstSeen: i,
          lastSeen: i + 10,
          count: 1 + (i % 3),
          facts: { worker: `w${i % 7}` },
          measures: { ...measures, shares: i },
        }),
      );
      await store.add(batch, { jobId: 'big' });
      await store.add(batch, { jobId: 'big' });
      const snap = await store.snapshot();
      expect(snap.subjects.size).toBe(10_000);
      const items = [...snap.subjects.values()].flat();
      expect(items).toHaveLength(10_000);
      expect(items.reduce((sum, e) => sum + e.count, 0)).toBe(batch.reduce((sum, e) => sum + e.count, 0));
      expect(snap.subjects.get('10.1.42.17')).toEqual([expect.objectContaining({ ...batch[4217], spans: [[4217, 4227]], workers: ['w3'] })]);
    });
  });
}
