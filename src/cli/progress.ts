/** A progress bar on stderr, only on a terminal and only when the inputs are big enough to wait for. */
import { SingleBar, Presets } from 'cli-progress';

export const PROGRESS_MIN_BYTES = 32 * 1024 * 1024;

export interface Progress {
  update(doneBytes: number): void;
  stop(): void;
}

export function createProgress(totalBytes: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || totalBytes < PROGRESS_MIN_BYTES) return { update() {}, stop() {} };
  const bar = new SingleBar(
    {
      stream,
      format: 'scanning [{bar}] {percentage}% | {doneMB}/{totalMB} MB | {speed} MB/s | eta {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  const mb = (n: number) => (n / 1048576).toFixed(0);
  bar.start(totalBytes, 0, { doneMB: '0', totalMB: mb(totalBytes), speed: '0' });
  return {
    update(done) {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      bar.update(done, { doneMB: mb(done), totalMB: mb(totalBytes), speed: (done / 1048576 / seconds).toFixed(0) });
    },
    stop() {
      bar.stop();
    },
  };
}
