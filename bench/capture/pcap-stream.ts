/**
 * Streams pcap records to disk in large chunks with backpressure: records are written straight
 * into a chunk buffer, and a full chunk is handed to the WriteStream, waiting for 'drain' when
 * the stream is behind. Memory stays bounded by the chunk size and the stream's high-water mark.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { PcapWriter } from '../../fixtures/lib/capture-writer';

const CHUNK_BYTES = 4 << 20;

export class PcapStream {
  private readonly stream: WriteStream;
  private chunk: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private readonly spare: Buffer[] = [];
  /** Where the next record goes in the current chunk. */
  at = 0;
  bytes = 0;
  packets = 0;

  constructor(path: string) {
    this.stream = createWriteStream(path, { highWaterMark: 16 << 20 });
    this.stream.write(new PcapWriter().header());
    this.bytes = 24;
  }

  /** The buffer to write a record of at most `recordBytes` into, at `this.at`. Call `commit` after. */
  get buffer(): Buffer {
    return this.chunk;
  }

  /** True when a record of this size no longer fits and `flush` must run first. */
  full(recordBytes: number): boolean {
    return this.at + recordBytes > CHUNK_BYTES;
  }

  commit(end: number): void {
    this.bytes += end - this.at;
    this.at = end;
    this.packets++;
  }

  async flush(): Promise<void> {
    if (this.at === 0) return;
    const written = this.chunk;
    // The stream holds the chunk until it is on disk; it comes back to the pool after that, so
    // a handful of chunks are recycled instead of gigabytes of garbage.
    const ready = this.stream.write(written.subarray(0, this.at), () => this.spare.push(written));
    this.chunk = this.spare.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
    this.at = 0;
    if (!ready) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
