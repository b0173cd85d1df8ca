import { RecordBatcher } from '../../src/collector/record-batcher';
import { makeFlow } from '../helpers/flows';

it.each([0,1,2,3,4,5,6])('race with %i microtasks', async (n) => {
  const sent: number[] = [];
  const b = new RecordBatcher({ maxRecords: 1, maxSeconds: 60, maxWaitingBatches: 10 }, async (r) => { sent.push(r[0].firstSeen); }, () => {});
  b.add(makeFlow({ firstSeen: 1 }));
  for (let i = 0; i < n; i++) await Promise.resolve();
  b.add(makeFlow({ firstSeen: 2 }));
  await b.close();
  expect(sent).toEqual([1, 2]);
});
