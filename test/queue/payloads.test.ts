/**
 * The job payloads as the queues check them: a collector's record goes in exactly as an export
 * record is, and a job written by hand (or another version) with a wrong field is refused.
 */
import { raiseFollowups } from '../../src/followup/raise';
import { fromExportedFlow, toExportedFlow } from '../../src/queue/exported-flow';
import { followupJobSchema, ingestJobSchema, probeJobSchema } from '../../src/queue/payloads';
import type { HostFinding } from '../../src/score/findings';
import { makeFlow } from '../helpers/flows';
import { hostFinding } from '../helpers/hosts';

const exported = () =>
  toExportedFlow(
    makeFlow({
      source: 'flow-export',
      client: '192.168.1.21',
      server: '203.0.113.5',
      serverPort: 3333,
      extra: { exporter: '127.0.0.1', endReason: 'export' },
    }),
  );

const recordsJob = (records: unknown[] = [exported()]) => ({ kind: 'records', origin: 'udp://127.0.0.1:2055', order: 1, records });

describe('toExportedFlow', () => {
  it('gives an export record a records job accepts, with the export fields only', () => {
    const record = exported();
    expect(ingestJobSchema.parse(recordsJob())).toEqual(recordsJob());
    expect(Object.keys(record).sort()).toEqual(['client', 'clientBy', 'endReason', 'exporter', 'firstSeen', 'lastSeen', 'protocol', 'server', 'source', 'toClient', 'toServer']);
    expect(record).toMatchObject({ source: 'flow-export', endReason: 'export', exporter: '127.0.0.1', client: { ip: '192.168.1.21', port: 50000 }, server: { ip: '203.0.113.5', port: 3333 } });
  });

  it('carries a sampled flow (sFlow headers) whole: payload heads and facets come back as they were', () => {
    const flow = makeFlow({
      toServer: '{"id":1,"method":"mining.submit","params":["w","j","e","t","n"]}\n',
      toClient: '{"id":1,"result":true}\n',
      extra: {
        exporter: '10.0.0.2',
        tlsSni: 'pool.example',
        dnsQueries: ['pool.example'],
        dnsAnswers: [{ name: 'pool.example', value: '203.0.113.5', type: 'A', ttl: 60 }],
        http: { host: 'pool.example', miningHeaders: { 'x-stratum': 'stratum+tcp://pool.example' } },
      },
    });
    const record = toExportedFlow(flow);
    const job = ingestJobSchema.parse(JSON.parse(JSON.stringify(recordsJob([record]))));
    if (job.kind !== 'records') throw new Error('not a records job');
    const back = fromExportedFlow(job.records[0]);
    expect(back).toEqual(flow);
    expect(back.payload!.toServer.bytes.toString()).toContain('mining.submit');
  });

  it('carries the sampling rate of a sampled export record, and none for an unsampled one', () => {
    const flow = makeFlow({ source: 'flow-export', extra: { exporter: '127.0.0.1', endReason: 'export', sampling: 512 } });
    const record = toExportedFlow(flow);
    expect(record.sampling).toBe(512);
    const job = ingestJobSchema.parse(JSON.parse(JSON.stringify(recordsJob([record, exported()]))));
    if (job.kind !== 'records') throw new Error('not a records job');
    expect(fromExportedFlow(job.records[0])).toEqual(flow);
    expect(fromExportedFlow(job.records[0]).sampling).toBe(512);
    expect('sampling' in fromExportedFlow(job.records[1])).toBe(false);
  });

  it('copies the counters: changing the record afterwards does not change the job', () => {
    const flow = makeFlow({ source: 'flow-export' });
    const record = toExportedFlow(flow);
    flow.toServer.bytes = 1;
    flow.client.port = 1;
    expect(record.toServer.bytes).not.toBe(1);
    expect(record.client.port).toBe(50000);
  });
});

describe('ingestJobSchema', () => {
  it('accepts a file job', () => {
    expect(ingestJobSchema.safeParse({ kind: 'file', path: '/data/a.pcap', order: 0 }).success).toBe(true);
  });

  const head = (bytes: string) => ({ bytes, marks: [], truncated: false, midStream: false, gaps: 0 });
  const withRecord = (change: (r: Record<string, unknown>) => void) => {
    const record: Record<string, unknown> = structuredClone(exported());
    change(record);
    return recordsJob([record]);
  };

  it.each([
    ['a file job without a path', { kind: 'file', order: 1 }],
    ['a file job with an empty path', { kind: 'file', path: '', order: 1 }],
    ['a negative order', { kind: 'file', path: '/data/a.pcap', order: -1 }],
    ['a fractional order', { kind: 'file', path: '/data/a.pcap', order: 1.5 }],
    ['an unknown kind', { kind: 'url', path: 'http://x', order: 1 }],
    ['a job with an extra key', { kind: 'file', path: '/data/a.pcap', order: 1, priority: 1 }],
    ['a records job without origin', { kind: 'records', order: 1, records: [exported()] }],
    ['an empty records array', recordsJob([])],
    ['a record with an extra key', withRecord((r) => (r.vlan = 7))],
    ['a record with an empty payload', withRecord((r) => (r.payload = {}))],
    ['a payload head that is not base64', withRecord((r) => (r.payload = { toServer: head('not base64!'), toClient: head('') }))],
    ['an SNI past 255 characters', withRecord((r) => (r.tlsSni = 'a'.repeat(256)))],
    ['a record with an extra counter key', withRecord((r) => ((r.toServer as Record<string, unknown>).flows = 1))],
    ['a record missing a field', withRecord((r) => delete r.clientBy)],
    ['a non-finite firstSeen', withRecord((r) => (r.firstSeen = Infinity))],
    ['a NaN lastSeen', withRecord((r) => (r.lastSeen = NaN))],
    ['a server port above 65535', withRecord((r) => (r.server = { ip: '203.0.113.5', port: 65536 }))],
    ['a negative client port', withRecord((r) => (r.client = { ip: '192.168.1.21', port: -1 }))],
    ['a fractional port', withRecord((r) => (r.client = { ip: '192.168.1.21', port: 1.5 }))],
    ['a protocol above 255', withRecord((r) => (r.protocol = 256))],
    ['an unknown source', withRecord((r) => (r.source = 'guess'))],
    ['an unknown end reason', withRecord((r) => (r.endReason = 'timeout'))],
    ['negative bytes', withRecord((r) => ((r.toClient as Record<string, unknown>).bytes = -1))],
    ['an empty address', withRecord((r) => (r.client = { ip: '', port: 1 }))],
    ['a sampling rate of 0', withRecord((r) => (r.sampling = 0))],
    ['a sampling rate of 1 (unsampled records carry none)', withRecord((r) => (r.sampling = 1))],
    ['a negative sampling rate', withRecord((r) => (r.sampling = -100))],
    ['a NaN sampling rate', withRecord((r) => (r.sampling = NaN))],
    ['a sampling rate past 2^31', withRecord((r) => (r.sampling = 2 ** 31 + 1))],
    ['a sampling rate that is a string', withRecord((r) => (r.sampling = '100'))],
  ])('rejects %s', (_name, job) => {
    expect(ingestJobSchema.safeParse(job).success).toBe(false);
  });

  // Anything that is not an address would become a "host" of the report, named as it is.
  it.each(['not-an-ip', '__proto__', '10.9.9.9|x', '10.9.9.9:3333', '[2001:db8::1]', '999.1.1.1', ' 10.9.9.9'])('rejects the client address %j with the reason', (ip) => {
    const parsed = ingestJobSchema.safeParse(withRecord((r) => (r.client = { ip, port: 50000 })));
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['records.0.client.ip', 'must be an IPv4 or IPv6 address']]);
  });

  it('accepts IPv4 and IPv6 addresses as the readers write them', () => {
    for (const ip of ['10.9.9.9', '2001:db8::1', '::ffff:10.9.9.9', '::']) {
      expect(ingestJobSchema.safeParse(withRecord((r) => (r.server = { ip, port: 3333 }))).success).toBe(true);
    }
  });

  it('accepts the port range ends', () => {
    expect(ingestJobSchema.safeParse(withRecord((r) => ((r.client = { ip: '192.168.1.21', port: 0 }), (r.server = { ip: '203.0.113.5', port: 65535 })))).success).toBe(true);
  });
});

describe('followupJobSchema', () => {
  const host = (ip: string, level: HostFinding['level'], score: number) => hostFinding(ip, level, score, ['203.0.113.5:3333', '203.0.113.6:3333']);
  const now = new Date('2026-11-22T12:00:00Z');

  it('accepts every job raiseFollowups makes: new and raised, medium and high, IPv6 included', () => {
    const fresh = raiseFollowups([host('10.0.0.1', 'medium', 50), host('2001:db8::1', 'high', 100)], new Map(), new Map(), now).jobs;
    const known = new Map([['10.0.0.1', { ip: '10.0.0.1', level: 'medium' as const, score: 50, role: 'miner', firstFlaggedAt: 'then', updatedAt: 'then', history: [] }]]);
    const raised = raiseFollowups([host('10.0.0.1', 'high', 90)], known, new Map(), now).jobs;
    const jobs = [...fresh, ...raised];
    expect(jobs.map((j) => [j.reason, j.previousLevel, j.level])).toEqual([
      ['new', 'none', 'medium'],
      ['new', 'none', 'high'],
      ['raised', 'medium', 'high'],
    ]);
    for (const job of jobs) expect(followupJobSchema.parse(job)).toEqual(job);
  });

  it.each([
    ['a low level', { level: 'low' }],
    ['a score above 100', { score: 101 }],
    ['an unknown reason', { reason: 'dropped' }],
    ['an extra key', { owner: 'lab' }],
    ['an address that is not one', { ip: '__proto__' }],
  ])('rejects %s', (_name, change) => {
    const [job] = raiseFollowups([host('10.0.0.1', 'medium', 50)], new Map(), new Map(), now).jobs;
    expect(followupJobSchema.safeParse({ ...job, ...change }).success).toBe(false);
  });
});

describe('probeJobSchema', () => {
  it.each(['203.0.113.5', '2001:db8::5'])('accepts %s', (address) => {
    expect(probeJobSchema.safeParse({ address, port: 3333 }).success).toBe(true);
  });

  // The old check let through anything made of hex digits, dots and colons.
  it.each(['1.2.3', 'abc', '::::', '1.2.3.4.5'])('rejects %j', (address) => {
    expect(probeJobSchema.safeParse({ address, port: 3333 }).success).toBe(false);
  });
});
