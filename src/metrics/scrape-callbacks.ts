/**
 * Callbacks that refresh values at scrape time, such as queue depths read from Redis.
 * Several instruments await the same refresh, so a scrape runs each callback once and a
 * failure it counts shows in that same scrape. A failing or hanging callback never fails the
 * scrape: the values it would have set keep their previous ones.
 */
export type ScrapeCallback = () => void | Promise<void>;

export class ScrapeCallbacks {
  private readonly callbacks = new Set<ScrapeCallback>();
  private running?: Promise<void>;

  constructor(
    /** Below Prometheus's default 10 s scrape timeout, so a hung Redis costs only its own values. */
    private readonly timeoutMs: number,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  /** Returns a function that removes the callback again (e.g. when a worker closes its queues). */
  add(callback: ScrapeCallback): () => void {
    this.callbacks.add(callback);
    return () => this.callbacks.delete(callback);
  }

  /** Runs every callback once; a caller arriving while a run is under way shares it. Never rejects. */
  refresh(): Promise<void> {
    this.running ??= this.runAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async runAll(): Promise<void> {
    await Promise.all(
      [...this.callbacks].map(async (callback) => {
        try {
          await withinTimeout(Promise.resolve(callback()), this.timeoutMs);
        } catch (e) {
          this.onFailure(e);
        }
      }),
    );
  }
}

async function withinTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`scrape callback timed out after ${ms} ms`)), ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
