/**
 * The inputs a report must not leave out: stored summaries with every pending or failed ingest
 * job put in, in input order, so a report of a deployment whose Redis refused writes lists them.
 */
import { emptyInputSummary } from '../../src/report/model';
import { storeJobId } from '../../src/queue/job-ids';
import { isIncomplete, withUnfinished, type UnfinishedJob } from '../../src/queue/unfinished-inputs';

const stored = (order: number, path: string) => [storeJobId(order, `file-${order}`), { ...emptyInputSummary(path, 'pcap'), flows: 3 }] as const;

it('adds failed and pending jobs as inputs in input order, marks a retried input on its summary, and says which are incomplete', () => {
  const jobs: UnfinishedJob[] = [
    { storeId: storeJobId(2, 'file-2'), input: '/data/b.pcap', queue: { state: 'failed', job: 'file-2', tries: 1, reason: 'Redis is out of memory (OOM command not allowed)' } },
    { storeId: storeJobId(4, 'file-4'), input: '/data/d.pcap', queue: { state: 'pending', job: 'file-4', tries: 0, reason: 'waiting for a worker' } },
    { storeId: storeJobId(3, 'file-3'), input: '/data/c.pcap', queue: { state: 'pending', job: 'file-3', tries: 1, reason: 'waiting to retry (try 2 of 8) after: ENOENT' } },
    // Written by hand: no order, so no store id; it goes last.
    { input: 'job not-json', queue: { state: 'failed', job: 'not-json', tries: 1, reason: 'job data is not JSON' } },
  ];
  const inputs = withUnfinished([stored(1, '/data/a.pcap'), stored(3, '/data/c.pcap')], jobs);
  expect(inputs.map((i) => [i.path, i.queue?.state ?? 'done', i.error ?? null, i.flows])).toEqual([
    ['/data/a.pcap', 'done', null, 3],
    ['/data/b.pcap', 'failed', 'Redis is out of memory (OOM command not allowed)', 0],
    ['/data/c.pcap', 'pending', null, 3],
    ['/data/d.pcap', 'pending', null, 0],
    ['job not-json', 'failed', 'job data is not JSON', 0],
  ]);
  expect(inputs.filter(isIncomplete).map((i) => i.path)).toEqual(['/data/b.pcap', '/data/c.pcap', '/data/d.pcap', 'job not-json']);
});

it('leaves a complete deployment as it was', () => {
  const all = [stored(1, '/data/a.pcap'), stored(2, '/data/b.pcap')];
  expect(withUnfinished(all, [])).toEqual(all.map(([, s]) => s));
});
