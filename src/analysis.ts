/**
 * One analysis: flows in, evidence out to a store. Files (`analyse`) and the live collector
 * both feed flows through this, so detection is the same whatever the source.
 */
import type { Config } from './config/schema';
import type { Detector, Evidence, Indicators, IntelFact } from './detect/api';
import { createPipeline, type DetectionPipeline } from './detect/pipeline';
import type { FlowRecord } from './flow/flow-record';
import type { ScoreStore } from './store/score-store';

export interface AnalysisOptions {
  detectors: readonly Detector[];
  indicators: Indicators;
  /** Endpoint facts the run starts with (fact files, the Redis store); the curated list comes with the indicators. */
  facts?: readonly IntelFact[];
}

export class Analysis {
  readonly pipeline: DetectionPipeline;
  private pending: Evidence[] = [];

  constructor(
    config: Config,
    private readonly store: ScoreStore,
    options: AnalysisOptions,
  ) {
    this.pipeline = createPipeline(options.detectors, config, options.indicators, options.facts);
  }

  /** Synchronous, so a reader calling it per record cannot outrun detection. */
  accept(flow: FlowRecord): void {
    for (const e of this.pipeline.inspect(flow)) this.pending.push(e);
  }

  /** Hands the evidence gathered so far to the store. */
  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    await this.store.add(batch);
  }

  /** Lets windowed detectors judge what they have accumulated, then flushes. */
  async sweep(now?: number): Promise<void> {
    for (const e of this.pipeline.sweep(now)) this.pending.push(e);
    await this.flush();
  }
}
