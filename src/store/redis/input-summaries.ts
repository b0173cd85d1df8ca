/** What each ingest job read (format, sizes, issues), for the report's inputs list. */
import type { Cluster, Redis } from 'ioredis';
import type { InputSummary } from '../../report/model';
import type { StoreKeys } from './keys';

export class InputSummaryStore {
  constructor(
    private readonly client: Redis | Cluster,
    private readonly keys: StoreKeys,
  ) {}

  async put(jobId: string, summary: InputSummary): Promise<void> {
    await this.client.hset(this.keys.inputs, jobId, JSON.stringify(summary));
  }

  /** Every input, in input order. */
  async all(): Promise<InputSummary[]> {
    return (await this.entries()).map(([, summary]) => summary);
  }

  /** Every input with the job id it is stored under, in input order. */
  async entries(): Promise<Array<[string, InputSummary]>> {
    const byJob = await this.client.hgetall(this.keys.inputs);
    return Object.keys(byJob)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((jobId) => [jobId, JSON.parse(byJob[jobId]) as InputSummary]);
  }
}
