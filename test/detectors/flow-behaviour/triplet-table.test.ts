/** The compact triplet table: what its slots answer, and what it asks of its owner. */
import type { FlowRecord } from '../../../src/detect/api';
import { NO_SLOT, TripletTable } from '../../../detectors/flow-behaviour/triplet-table';
import { sessionSeconds } from '../../../detectors/flow-behaviour/triplet-stats';
import { makeFlow } from '../../helpers/flows';
import { T0 } from './records';

const record = (clientPort: number, from: number, to: number, extra: Partial<FlowRecord> = {}) =>
  makeFlow({ source: 'flow-export', clientPort, firstSeen: T0 + from, lastSeen: T0 + to, extra });

describe('TripletTable', () => {
  it('keeps one connection as numbers and turns a second client port into sessions, spans intact', () => {
    const table = new TripletTable(4, 100);
    table.add(record(40_000, 0, 100));
    table.add(record(40_000, 100, 200));
    table.add(record(40_001, 150, 400));
    const [stats] = [...table.values()];
    expect(stats.sessions).toEqual([
      { clientPort: 40_000, firstSeen: T0, lastSeen: T0 + 200, serverLastSeen: T0 + 200 },
      { clientPort: 40_001, firstSeen: T0 + 150, lastSeen: T0 + 400, serverLastSeen: T0 + 400 },
    ]);
    expect(stats).toMatchObject({ records: 3, firstSeen: T0, lastSeen: T0 + 400, longestSessionSeconds: 250, fineRecords: 2 });
    expect(sessionSeconds(stats)).toBe(450);
    const [slot] = [...table.slots()];
    expect([table.sessionSecondsAt(slot), table.longestSessionSecondsAt(slot)]).toEqual([450, 250]);
  });

  it('asks whether a client may enter once per triplet, and per record where a text key leaves it in doubt', () => {
    const asked: string[] = [];
    const table = new TripletTable(4, 100, (flow) => {
      asked.push(flow.client.ip);
      return true;
    });
    for (let i = 0; i < 3; i++) table.add(record(40_000, i * 60, i * 60 + 60));
    for (let i = 0; i < 3; i++) table.add(record(40_000, i * 60, i * 60 + 60, { client: { ip: 'fd00::10', port: 40_000 } }));
    expect(asked).toEqual(['192.168.1.10', 'fd00::10', 'fd00::10', 'fd00::10']);
  });

  it('tracks nothing a client may not enter with', () => {
    const table = new TripletTable(4, 100, () => false);
    expect(table.addRecord(record(40_000, 0, 60))).toBe(NO_SLOT);
    expect(table.size).toBe(0);
  });

  it('hands back the evicted slot readable until the next record', () => {
    const table = new TripletTable(1, 100);
    table.addRecord(record(40_000, 0, 60));
    const evicted = table.addRecord(record(40_000, 0, 60, { server: { ip: '203.0.113.9', port: 3333 } }));
    expect(table.statsAt(evicted)).toMatchObject({ server: '203.0.113.5', records: 1 });
  });

  it('forgets the judged mark when a record arrives', () => {
    const table = new TripletTable(4, 100);
    table.addRecord(record(40_000, 0, 60));
    const [slot] = [...table.slots()];
    expect(table.isJudged(slot)).toBe(false);
    table.markJudged(slot);
    expect(table.isJudged(slot)).toBe(true);
    table.addRecord(record(40_000, 60, 120));
    expect(table.isJudged(slot)).toBe(false);
  });

  it('reads job-push figures as 0 when its owner does not judge them', () => {
    const table = new TripletTable(4, undefined);
    table.add(record(40_000, 0, 60));
    table.add(record(40_000, 60, 120));
    const [stats] = [...table.values()];
    expect(stats).toMatchObject({ fineRecords: 0, fineRecordsWithServerData: 0, longestRecordGapSeconds: 0, records: 2 });
    expect(stats.sessions[0].serverLastSeen).toBeUndefined();
  });
});

describe('TripletTable eviction (segmented LRU)', () => {
  const web = (i: number) => record(50_000 + (i % 10_000), 400 + i * 0.01, 401 + i * 0.01, { server: { ip: `198.18.${(i >> 8) & 255}.${i & 255}`, port: 443 } });

  it('keeps an established session through a flood of one-record triplets, so its next record finds it', () => {
    const table = new TripletTable(100, 100);
    table.addRecord(record(40_000, 0, 298)); // a miner's first exported record (active timeout 300 s)
    for (let i = 0; i < 5_000; i++) table.addRecord(web(i)); // 50x the capacity of short web triplets
    table.addRecord(record(40_000, 300, 598)); // its next record
    const miner = [...table.values()].find((t) => t.server === '203.0.113.5');
    expect(miner).toMatchObject({ records: 2, firstSeen: T0, lastSeen: T0 + 598 });
    expect(table.size).toBe(100);
  });

  it('evicts the least recently active established triplet only when nothing is on probation', () => {
    const table = new TripletTable(2, 100);
    table.addRecord(record(40_000, 0, 120, { server: { ip: '203.0.113.1', port: 3333 } }));
    table.addRecord(record(40_000, 0, 120, { server: { ip: '203.0.113.2', port: 3333 } }));
    const evicted = table.addRecord(record(40_000, 0, 120, { server: { ip: '203.0.113.3', port: 3333 } }));
    expect(table.statsAt(evicted).server).toBe('203.0.113.1');
  });
});
