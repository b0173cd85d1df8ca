/**
 * `rigsweep collect --queue` as an operator runs it: softflowd (NetFlow v9) into the collector
 * over loopback UDP, the collector batching records into ingest jobs on a real redis-server, a
 * worker process judging them. The report must flag what the in-process collector flags for the
 * same replay, and the collector must queue its last batch before it exits on SIGTERM.
 */
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v5Message } from '../../../fixtures/lib/netflow-writer';
import { pcapFrames, sampleFrames } from '../../../fixtures/lib/sflow-writer';
import { repoRoot } from '../../helpers/corpus';
import type { Report } from '../../../src/report/model';
import { softflowdReplay } from '../../helpers/flow-tools';
import { cliPath, killAll, start, startCollector, waitFor, type Running } from '../../helpers/processes';
import { queueConfig, queueEnv, reportJson, startWorker, stopWorker, verdicts } from '../../helpers/queue';
import { drained, ingestQueue } from '../../helpers/queue-jobs';
import { useRedisServer } from '../../helpers/redis-server';
import { fixturePath, flaggedIps } from '../../helpers/scan';

const redis = useRedisServer();
afterAll(killAll);

const LISTENING = '"msg":"listening: batching records into ingest jobs"';

/** Starts `rigsweep collect --queue` on a free loopback port; resolves with the origin it logged. */
async function startQueueCollector(env: NodeJS.ProcessEnv): Promise<Running & { port: number; origin: string }> {
  const proc = start(process.execPath, [cliPath, 'collect', '--listen', 'udp://127.0.0.1:0', '--queue'], env);
  let origin = '';
  await waitFor(
    proc,
    () => {
      const line = proc.stderr().split('\n').find((l) => l.includes(LISTENING));
      if (line) origin = JSON.parse(line).listen as string;
      return origin !== '';
    },
    'the queue collector to listen',
  );
  return { ...proc, origin, port: Number(/:(\d+)$/.exec(origin)?.[1]) };
}

/** SIGTERM; expects exit 0 and returns the collector's final "stopped" log record. */
async function stopCollector(collector: Running): Promise<Record<string, unknown>> {
  collector.child.kill('SIGTERM');
  expect(await collector.exited).toBe(0);
  const line = collector.stderr().split('\n').find((l) => l.includes('"msg":"stopped"'));
  if (!line) throw new Error(`no "stopped" log; stderr:\n${collector.stderr()}`);
  return JSON.parse(line) as Record<string, unknown>;
}

/** Flagged addresses with their levels. */
const flaggedLevels = (report: Report) => Object.fromEntries(report.hosts.filter((h) => h.level !== 'low').map((h) => [h.ip, h.level]));

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A config file with collector and queue settings. */
function configFile(config: object): string {
  const path = join(mkdtempSync(join(tmpdir(), 'rigsweep-collect-queue-')), 'config.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

/** One NetFlow v5 datagram with one stratum-like record, sent from 127.0.0.1. */
async function sendOneRecord(port: number): Promise<void> {
  const record = { src: '192.168.1.10', dst: '203.0.113.5', srcPort: 50000, dstPort: 3333, protocol: 6, packets: 40, bytes: 6000, first: 1000, last: 601_000, tcpFlags: 0x18 };
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) =>
    socket.send(v5Message({ unixSeconds: 1_632_700_000, sysUptime: 700_000 }, [record]), port, '127.0.0.1', (e) => (e ? reject(e) : resolve())),
  );
  socket.close();
}

let inProcess: Report;

beforeAll(async () => {
  // The in-process collector's verdict on the same replay (as test/integration/flow-exporters.test.ts).
  const out = join(mkdtempSync(join(tmpdir(), 'rigsweep-collect-')), 'report.json');
  const collector = await startCollector(['--format', 'json', '--out', out]);
  await softflowdReplay(fixturePath('demo.pcap'), collector.port, 9);
  await pause(500); // let the last datagram reach the socket
  collector.child.kill('SIGTERM');
  expect(await collector.exited).toBe(0);
  inProcess = JSON.parse(readFileSync(out, 'utf8')) as Report;
}, 60_000);

it('the in-process collector flags the demo miners (the reference this file compares against)', () => {
  expect(flaggedIps(inProcess)).toEqual(['192.168.1.21', '192.168.1.22', '192.168.1.23', '192.168.1.24']);
  expect(inProcess.inputs[0].flows).toBeGreaterThan(20);
});

it('softflowd → collect --queue → a worker: several ingest jobs, the in-process verdict, the udp:// origin in the report', async () => {
  const prefix = redis.newPrefix();
  // Small batches, cut at least every second: the replay (34 flows) becomes several ingest jobs.
  const env = queueEnv(redis.url(), prefix, queueConfig({ batchRecords: 10, batchSeconds: 1 }));
  const queue = ingestQueue(redis.url(), prefix);
  const worker = await startWorker(env);
  try {
    const collector = await startQueueCollector(env);
    expect(collector.origin).toMatch(/^udp:\/\/127\.0\.0\.1:\d+$/);
    await softflowdReplay(fixturePath('demo.pcap'), collector.port, 9);
    await pause(500); // let the last datagram reach the socket
    const stopped = await stopCollector(collector);
    // Everything decoded was queued: nothing rejected, nothing dropped, the last partial batch included.
    expect(stopped).toMatchObject({ reason: 'SIGTERM', rejected: 0, droppedBatches: 0, droppedRecords: 0, issues: {} });
    expect(stopped.records).toBe(stopped.flows);
    expect(stopped.flows).toBe(inProcess.inputs[0].flows);

    const jobs = await drained(queue);
    const records = jobs.filter((j) => j.name === 'records');
    expect(records).toHaveLength(jobs.length);
    expect(records.length).toBe(stopped.batches);
    expect(records.length).toBeGreaterThan(1);
    for (const job of records) {
      expect(job.failedReason).toBeUndefined();
      expect(job.data).toMatchObject({ kind: 'records', origin: collector.origin });
      expect(job.data.records.length).toBeGreaterThan(0);
      expect(job.data.records.length).toBeLessThanOrEqual(10);
    }
    expect(records.reduce((n, j) => n + j.data.records.length, 0)).toBe(stopped.records);
    // Every batch has its own place in the order of inputs.
    expect(new Set(records.map((j) => j.data.order)).size).toBe(records.length);

    const queued = await reportJson(env);
    expect(flaggedLevels(queued)).toEqual(flaggedLevels(inProcess));
    // Beyond levels: scores, roles and evidence counts too, as N workers equal one scan.
    expect(verdicts(queued)).toEqual(verdicts(inProcess));
    expect(queued.summary.flagged).toEqual(inProcess.summary.flagged);
    expect(queued.inputs.length).toBe(records.length);
    for (const input of queued.inputs) expect(input).toMatchObject({ path: collector.origin, format: 'netflow-live' });
    expect(queued.inputs.reduce((n, i) => n + i.flows, 0)).toBe(inProcess.inputs[0].flows);
  } finally {
    await stopWorker(worker);
    await queue.close();
  }
}, 120_000);

it('on SIGTERM queues the partial batch a timer has not cut yet, then exits 0', async () => {
  const prefix = redis.newPrefix();
  const env = queueEnv(redis.url(), prefix, configFile({ queue: { batchRecords: 1000, batchSeconds: 3600 } }));
  const queue = ingestQueue(redis.url(), prefix);
  try {
    const collector = await startQueueCollector(env);
    await sendOneRecord(collector.port);
    await pause(300); // let the datagram reach the socket
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 0 }); // held: neither full nor due
    const stopped = await stopCollector(collector);
    expect(stopped).toMatchObject({ reason: 'SIGTERM', flows: 1, batches: 1, records: 1, droppedBatches: 0 });
    const waiting = await queue.getJobs(['waiting']);
    expect(waiting.map((j) => [j.name, j.data.origin, j.data.records.length])).toEqual([['records', collector.origin, 1]]);
    expect(waiting[0].data.records[0]).toMatchObject({ source: 'flow-export', client: { ip: '192.168.1.10' }, server: { ip: '203.0.113.5', port: 3333 }, exporter: '127.0.0.1' });
  } finally {
    await queue.close();
  }
}, 60_000);

it('a datagram from an address that is not a configured exporter is counted and not queued', async () => {
  const prefix = redis.newPrefix();
  const env = queueEnv(redis.url(), prefix, configFile({ collector: { exporters: ['10.0.0.0/8'] }, queue: { batchRecords: 1, batchSeconds: 1 } }));
  const queue = ingestQueue(redis.url(), prefix);
  try {
    const collector = await startQueueCollector(env);
    await sendOneRecord(collector.port);
    await pause(1500); // past batchSeconds: a batch, were there one, would have been cut
    const stopped = await stopCollector(collector);
    expect(stopped).toMatchObject({ datagrams: 1, rejected: 1, flows: 0, batches: 0, records: 0, issues: { 'collector.unknown-exporter': 1 } });
    expect(await queue.getJobCounts()).toEqual(expect.objectContaining({ waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 }));
  } finally {
    await queue.close();
  }
}, 60_000);

it('sFlow through collect --queue keeps the sampled payload: the worker finds the Stratum the in-process collector finds', async () => {
  const expected = JSON.parse(readFileSync(join(repoRoot, 'fixtures/expected.json'), 'utf8')) as Record<string, { flagged: Array<{ ip: string }> }>;
  const miner = expected['stratum-v1.pcap'].flagged[0].ip;
  const sampled = sampleFrames(pcapFrames(readFileSync(fixturePath('stratum-v1.pcap'))), { agent: '10.20.30.40', rate: 2, headerBytes: 256 }).map((d) => d.bytes);
  const sendAll = async (port: number) => {
    const socket = createSocket('udp4');
    for (const d of sampled) await new Promise<void>((resolve, reject) => socket.send(d, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
    socket.close();
  };

  const out = join(mkdtempSync(join(tmpdir(), 'rigsweep-collect-sflow-')), 'report.json');
  const local = await startCollector(['--format', 'json', '--out', out]);
  await sendAll(local.port);
  await pause(400);
  local.child.kill('SIGTERM');
  expect(await local.exited).toBe(0);
  const reference = JSON.parse(readFileSync(out, 'utf8')) as Report;
  const host = reference.hosts.find((h) => h.ip === miner);
  expect(host?.evidence.map((e) => e.code)).toContain('stratum.client');

  const prefix = redis.newPrefix();
  const env = queueEnv(redis.url(), prefix, queueConfig({ batchRecords: 1000, batchSeconds: 1 }));
  const queue = ingestQueue(redis.url(), prefix);
  const worker = await startWorker(env);
  try {
    const collector = await startQueueCollector(env);
    await sendAll(collector.port);
    await pause(400);
    await stopCollector(collector);
    const jobs = await drained(queue);
    expect(jobs.every((j) => j.failedReason === undefined)).toBe(true);
    const records = jobs.flatMap((j) => j.data.records as Array<{ source: string; payload?: unknown }>);
    expect(records.some((r) => r.source === 'packet' && r.payload !== undefined)).toBe(true);
    const queued = await reportJson(env);
    expect(flaggedLevels(queued)).toEqual(flaggedLevels(reference));
    expect(verdicts(queued)).toEqual(verdicts(reference));
  } finally {
    await stopWorker(worker);
    await queue.close();
  }
}, 120_000);
