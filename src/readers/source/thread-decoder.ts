/**
 * Runs a pure-JavaScript decoder (zstd, bzip2) on a worker thread, so decompression overlaps
 * with parsing and detection on the main thread instead of adding to it (fzstd alone decodes
 * ~200 MB/s: on the main thread a 2 GB .pcap.zst scan took twice the plain one). gzip and xz
 * need no thread: zlib and liblzma already run on libuv's pool.
 *
 * The worker's code is a string, not a module file, so the same code runs under ts-jest (which
 * cannot hand a .ts file to a worker) and from dist; it gets its decoder package by absolute path.
 * Raw chunks go in and decoded chunks come out as transferred ArrayBuffers (no copies); at most
 * IN_FLIGHT raw chunks are unanswered, so memory stays bounded whatever the ratio.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const decoder = require(workerData.module);
const send = (chunk) => {
  const copy = new Uint8Array(chunk); // the decoder may reuse its buffer
  parentPort.postMessage({ data: copy }, [copy.buffer]);
};
let push;
if (workerData.kind === 'zstd') {
  const d = new decoder.Decompress((chunk) => send(chunk));
  push = (chunk, final) => d.push(chunk, final);
} else {
  const stream = decoder();
  let ended;
  stream.on('data', (chunk) => send(chunk));
  stream.on('error', (e) => parentPort.postMessage({ error: e.message }));
  stream.on('end', () => ended && ended());
  push = (chunk, final) => {
    if (chunk.length > 0) stream.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    if (final) { ended = () => parentPort.postMessage({ done: true }); stream.end(); }
  };
}
parentPort.on('message', ({ chunk, final }) => {
  try {
    push(chunk, final);
    if (final && workerData.kind === 'zstd') parentPort.postMessage({ done: true });
    if (!final) parentPort.postMessage({ ack: true });
  } catch (e) {
    parentPort.postMessage({ error: e && e.message ? e.message : String(e) });
  }
});
`;

const IN_FLIGHT = 4;

export type ThreadDecoderKind = 'zstd' | 'bzip2';

const MODULES: Record<ThreadDecoderKind, string> = { zstd: 'fzstd', bzip2: 'unbzip2-stream' };

export class ThreadDecoder extends Transform {
  private readonly worker: Worker;
  private unanswered = 0;
  private waiting?: () => void;
  private finished?: TransformCallback;
  private failure?: Error;

  constructor(kind: ThreadDecoderKind) {
    super();
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { kind, module: require.resolve(MODULES[kind]) } });
    this.worker.on('message', (m: { data?: Uint8Array; ack?: true; done?: true; error?: string }) => {
      if (m.data) this.push(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.length));
      else if (m.ack) this.answered();
      else if (m.done) this.finish();
      else if (m.error !== undefined) this.fail(new Error(`${kind}: ${m.error}`));
    });
    this.worker.on('error', (e) => this.fail(new Error(`${kind}: ${e.message}`)));
  }

  private answered(): void {
    this.unanswered--;
    const resume = this.waiting;
    this.waiting = undefined;
    resume?.();
  }

  private finish(): void {
    const done = this.finished;
    this.finished = undefined;
    void this.worker.terminate();
    done?.();
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    void this.worker.terminate();
    this.destroy(error);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.failure) return done(this.failure);
    // A copy we own, so its buffer can be transferred (chunks may be views into shared pools).
    const owned = new Uint8Array(chunk);
    this.worker.postMessage({ chunk: owned, final: false }, [owned.buffer]);
    if (++this.unanswered < IN_FLIGHT) return done();
    this.waiting = () => done();
  }

  override _flush(done: TransformCallback): void {
    if (this.failure) return done(this.failure);
    this.finished = done;
    this.worker.postMessage({ chunk: new Uint8Array(0), final: true });
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    void this.worker.terminate();
    done(error);
  }
}
