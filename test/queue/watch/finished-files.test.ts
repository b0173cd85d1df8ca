import { appendFile, mkdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FinishedFileWatcher } from '../../../src/queue/watch/finished-files';
import {
  makeTempDir,
  memoryClaims,
  quietMs,
  recordingWatcher,
  removeDir,
  sleep,
  waitFor,
  type Recording,
} from './watch-harness';

let dir: string;
const running: Recording[] = [];

function watch(...args: Parameters<typeof recordingWatcher>): Recording {
  const recording = recordingWatcher(...args);
  running.push(recording);
  recording.watcher.start();
  return recording;
}

const hourAgo = () => new Date(Date.now() - 3_600_000);

beforeEach(async () => {
  dir = await makeTempDir();
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.watcher.stop()));
  await removeDir(dir);
});

describe('FinishedFileWatcher', () => {
  it('hands over a rotated nfcapd file once, never its .current name', async () => {
    const rec = watch(dir, memoryClaims());
    const current = join(dir, 'nfcapd.current.123');
    await writeFile(current, 'header');
    for (let i = 0; i < 6; i++) {
      await sleep(60);
      await appendFile(current, `record ${i}\n`);
    }
    await sleep(quietMs); // nfcapd pauses between flushes: the .current file looks settled now
    expect(rec.handedOver).toEqual([]);

    await rename(current, join(dir, 'nfcapd.202611221005'));
    await waitFor(() => rec.handedOver.length > 0, 'the rotated file');
    await sleep(quietMs);
    expect(rec.names()).toEqual(['nfcapd.202611221005']);
    const { size } = await stat(join(dir, 'nfcapd.202611221005'));
    expect(rec.handedOver[0].size).toBe(size);
    expect(rec.handedOver[0].key).toMatch(/^[0-9a-f]{40}$/);
    expect(rec.errors).toEqual([]);
  });

  it('holds a growing file until it has been unchanged for settleSeconds', async () => {
    const settleSeconds = 1; // wide margin over the 50 ms writes, so a busy machine cannot fake a pause
    const rec = watch(dir, memoryClaims(), { settleSeconds });
    const path = join(dir, 'capture.pcap');
    await writeFile(path, '');
    let lastWrite = 0;
    for (let i = 0; i < 30; i++) {
      await appendFile(path, Buffer.alloc(100, i));
      lastWrite = Date.now();
      expect(rec.handedOver).toEqual([]);
      await sleep(50);
    }
    await waitFor(() => rec.handedOver.length > 0, 'the settled file');
    expect(Date.now() - lastWrite).toBeGreaterThanOrEqual(settleSeconds * 1000 - 60);
    expect(rec.handedOver.map((f) => f.size)).toEqual([3000]);
  });

  it('never hands over temporary names', async () => {
    const rec = watch(dir, memoryClaims());
    const temporary = ['.flows.csv.Xy12Zq', 'nfcapd.current.77', 'a.tmp', 'b.part', 'c.partial', '.d.swp', 'e.swp', 'f.csv~'];
    await Promise.all(temporary.map((name) => writeFile(join(dir, name), 'data')));
    await writeFile(join(dir, 'flows.csv'), 'data');
    await waitFor(() => rec.handedOver.length > 0, 'the real file');
    await sleep(quietMs);
    expect(rec.names()).toEqual(['flows.csv']);
    expect(rec.claimCalls.map((f) => f.path)).toEqual([join(dir, 'flows.csv')]);
  });

  it('hands over files already there at once, in name order, but not fresh ones', async () => {
    const names = ['nfcapd.202611221010', 'nfcapd.202611221000', 'nfcapd.202611221005'];
    for (const name of names) {
      await writeFile(join(dir, name), name);
      await utimes(join(dir, name), hourAgo(), hourAgo());
    }
    await writeFile(join(dir, 'nfcapd.202611221015'), 'just written');
    const started = Date.now();
    const rec = watch(dir, memoryClaims(), { settleSeconds: 30 });
    await waitFor(() => rec.handedOver.length >= 3, 'the backlog');
    expect(Date.now() - started).toBeLessThan(10_000); // far below the 30 s settle time
    await sleep(quietMs);
    expect(rec.names()).toEqual(['nfcapd.202611221000', 'nfcapd.202611221005', 'nfcapd.202611221010']);
  });

  it('hands over nothing again after a restart with the same claims', async () => {
    const claims = memoryClaims();
    for (const name of ['a.csv', 'b.csv']) await writeFile(join(dir, name), name);
    const first = watch(dir, claims);
    await waitFor(() => first.handedOver.length === 2, 'the first run');
    await first.watcher.stop();

    const second = watch(dir, claims);
    await waitFor(() => second.claimCalls.length >= 2, 'the second run to look at both files');
    await writeFile(join(dir, 'c.csv'), 'c');
    await waitFor(() => second.handedOver.length > 0, 'the new file');
    await sleep(quietMs);
    expect(second.names()).toEqual(['c.csv']);
    expect(first.names()).toEqual(['a.csv', 'b.csv']);
    // A version refused by the claim is remembered as handed over: not asked about on every poll.
    expect(second.claimCalls.map((f) => f.path).sort()).toEqual(['a.csv', 'b.csv', 'c.csv'].map((n) => join(dir, n)));
  });

  it('hands over a rewritten file again as a new version', async () => {
    const rec = watch(dir, memoryClaims());
    const path = join(dir, 'flows.jsonl');
    await writeFile(path, '{"a":1}\n');
    await waitFor(() => rec.handedOver.length === 1, 'the first version');
    await writeFile(path, '{"a":1}\n{"b":2}\n');
    await waitFor(() => rec.handedOver.length === 2, 'the second version');
    await sleep(quietMs);
    expect(rec.handedOver.map((f) => f.size)).toEqual([8, 16]);
    expect(rec.handedOver[0].key).not.toBe(rec.handedOver[1].key);
  });

  it('reports a vanished directory and carries on when it is back', async () => {
    const watched = join(dir, 'spool');
    await mkdir(watched);
    const rec = watch(watched, memoryClaims());
    await writeFile(join(watched, 'before.csv'), 'x');
    await waitFor(() => rec.handedOver.length === 1, 'the file before');

    await rm(watched, { recursive: true });
    await waitFor(() => rec.errors.length >= 3, 'errors on several polls');
    expect(rec.errors.every((e) => e.problem.stage === 'list' && e.problem.path === watched)).toBe(true);
    expect((rec.errors[0].error as NodeJS.ErrnoException).code).toBe('ENOENT');

    await mkdir(watched);
    await writeFile(join(watched, 'after.csv'), 'y');
    await waitFor(() => rec.handedOver.length === 2, 'the file after');
    expect(rec.names()).toEqual(['before.csv', 'after.csv']);
  });

  it('keeps polling when onError itself throws', async () => {
    const watched = join(dir, 'not-yet');
    let errors = 0;
    const rec = watch(watched, memoryClaims(), {
      onError: () => {
        errors++;
        throw new Error('logger broken');
      },
    });
    await waitFor(() => errors >= 2, 'repeated errors');
    await mkdir(watched);
    await writeFile(join(watched, 'a.csv'), 'a');
    await waitFor(() => rec.handedOver.length === 1, 'the file');
  });

  it('retries a failed hand-over on a later poll without claiming again', async () => {
    for (const name of ['nfcapd.202611221000', 'nfcapd.202611221005']) {
      await writeFile(join(dir, name), name);
      await utimes(join(dir, name), hourAgo(), hourAgo());
    }
    let failures = 1;
    const rec: Recording = watch(dir, memoryClaims(), {
      onFinished: async (file) => {
        if (failures-- > 0) throw new Error('queue down');
        rec.handedOver.push(file);
      },
    });
    await waitFor(() => rec.handedOver.length === 2, 'both files');
    await sleep(quietMs);
    expect(rec.names()).toEqual(['nfcapd.202611221000', 'nfcapd.202611221005']); // order kept
    expect(rec.claimCalls.map((f) => f.path)).toEqual(['nfcapd.202611221000', 'nfcapd.202611221005'].map((n) => join(dir, n)));
    expect(rec.errors.map((e) => [e.problem.stage, (e.error as Error).message])).toEqual([['hand-over', 'queue down']]);
  });

  it('retries a failed claim on a later poll', async () => {
    const claims = memoryClaims();
    let failures = 2;
    const rec: Recording = watch(dir, claims, {
      claim: async (file) => {
        rec.claimCalls.push(file);
        if (failures-- > 0) throw new Error('redis down');
        const fresh = !claims.has(file.key);
        claims.add(file.key);
        return fresh;
      },
    });
    await writeFile(join(dir, 'a.csv'), 'a');
    await waitFor(() => rec.handedOver.length === 1, 'the file');
    await sleep(quietMs);
    expect(rec.names()).toEqual(['a.csv']);
    expect(rec.claimCalls).toHaveLength(3);
    expect(rec.errors.map((e) => e.problem.stage)).toEqual(['claim', 'claim']);
  });

  it('never overlaps polls, even when a hook is slower than pollSeconds', async () => {
    for (const name of ['a.csv', 'b.csv', 'c.csv']) await writeFile(join(dir, name), name);
    let active = 0;
    let mostActive = 0;
    const rec: Recording = watch(dir, memoryClaims(), {
      onFinished: async (file) => {
        mostActive = Math.max(mostActive, ++active);
        await sleep(150); // three poll intervals
        active--;
        rec.handedOver.push(file);
      },
    });
    await waitFor(() => rec.handedOver.length === 3, 'all files');
    expect(mostActive).toBe(1);
    expect(rec.claimCalls).toHaveLength(3);
  });

  it('stop() waits for the poll in flight, and nothing is handed over afterwards', async () => {
    for (const name of ['a.csv', 'b.csv']) {
      await writeFile(join(dir, name), name);
      await utimes(join(dir, name), hourAgo(), hourAgo());
    }
    let releaseClaim!: () => void;
    const claimGate = new Promise<void>((done) => (releaseClaim = done));
    const claims = memoryClaims();
    const rec: Recording = watch(dir, claims, {
      claim: async (file) => {
        rec.claimCalls.push(file);
        await claimGate;
        claims.add(file.key);
        return true;
      },
    });
    await waitFor(() => rec.claimCalls.length === 1, 'the first claim to start');

    let stopped = false;
    const stopping = rec.watcher.stop().then(() => (stopped = true));
    await sleep(100);
    expect(stopped).toBe(false);
    releaseClaim();
    await stopping;

    // The claim taken before stop() is honoured; the next file is left for the next run.
    expect(rec.names()).toEqual(['a.csv']);
    await writeFile(join(dir, 'c.csv'), 'c');
    await sleep(quietMs);
    expect(rec.names()).toEqual(['a.csv']);
    expect(rec.claimCalls).toHaveLength(1);
  });

  it('rejects nonsense intervals and a second start', () => {
    const hooks = { claim: async () => true, onFinished: () => undefined, onError: () => undefined };
    expect(() => new FinishedFileWatcher({ dir, pollSeconds: 0, settleSeconds: 1, ...hooks })).toThrow(RangeError);
    expect(() => new FinishedFileWatcher({ dir, pollSeconds: 1, settleSeconds: -1, ...hooks })).toThrow(RangeError);
    const rec = watch(dir, memoryClaims());
    expect(() => rec.watcher.start()).toThrow(/once/);
  });
});
