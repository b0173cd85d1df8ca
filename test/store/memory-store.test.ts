import { MemoryStore } from '../../src/store/memory-store';
import { fakeEvidence } from '../score/fake-detector';

describe('MemoryStore', () => {
  it('merges evidence with the same key: counts add, times widen, measures sum, workers stay distinct', async () => {
    const store = new MemoryStore();
    const m = { algorithm: 'sha256', algorithmStated: false, shares: 2, hashes: 100, windowSeconds: 10 };
    await store.add([
      fakeEvidence('t.protocol', '10.0.0.1', '203.0.113.5', 3333, { firstSeen: 100, lastSeen: 200, facts: { worker: 'a' }, measures: m }),
      fakeEvidence('t.protocol', '10.0.0.1', '203.0.113.5', 3333, { firstSeen: 50, lastSeen: 150, facts: { worker: 'b' }, measures: { ...m, selfReportedHashrate: 7 } }),
      fakeEvidence('t.protocol', '10.0.0.1', '203.0.113.5', 3333, { firstSeen: 60, lastSeen: 70, facts: { worker: 'a' } }),
    ]);
    const [item] = (await store.snapshot()).subjects.get('10.0.0.1')!;
    expect(item).toMatchObject({ count: 3, firstSeen: 50, lastSeen: 200, workers: ['a', 'b'] });
    expect(item.measures).toEqual({ algorithm: 'sha256', algorithmStated: false, shares: 4, hashes: 200, windowSeconds: 20, selfReportedHashrate: 7 });
    expect(item.spans).toEqual([[100, 200], [50, 150], [60, 70]]);
  });

  it('keeps different keys and subjects apart', async () => {
    const store = new MemoryStore();
    await store.add([fakeEvidence('t.protocol', '10.0.0.1', '203.0.113.5', 3333), fakeEvidence('t.name', '10.0.0.1', '203.0.113.5', 443), fakeEvidence('t.name', '10.0.0.2', '203.0.113.5', 443)]);
    const snap = await store.snapshot();
    expect(snap.subjects.get('10.0.0.1')).toHaveLength(2);
    expect(snap.subjects.get('10.0.0.2')).toHaveLength(1);
  });
});
