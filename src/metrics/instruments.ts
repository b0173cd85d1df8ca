/**
 * Builders for instruments on one registry, declared with the full set of values of each label.
 * Counters and histograms start at zero for every label combination, so the first event after a
 * restart shows in rate() and increase() instead of creating a series that had no earlier
 * sample. Labelled gauges start empty: a zero queue depth before Redis ever answered would lie.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Label name → every value it may take. */
export type LabelSets = Record<string, readonly string[]>;
type LabelName<L extends LabelSets> = Extract<keyof L, string>;
type NoLabels = Record<never, readonly string[]>;

interface Definition<L extends LabelSets> {
  name: string;
  help: string;
  labels?: L;
  /** Runs before each scrape reads the values (prom-client awaits it). */
  collect?: () => Promise<void>;
  /**
   * A counter whose value is a deployment-wide total read from Redis at scrape time: no series
   * until the first read, which shows the total as it is (a zero first would make a restarted
   * worker's first read look like that many new events).
   */
  fromTotals?: true;
}

export function labelCombinations(sets: LabelSets): Record<string, string>[] {
  return Object.entries(sets).reduce<Record<string, string>[]>(
    (combinations, [name, values]) => combinations.flatMap((c) => values.map((v) => ({ ...c, [name]: v }))),
    [{}],
  );
}

export function instrumentsOn(registry: Registry) {
  const common = <L extends LabelSets>({ name, help, labels, collect }: Definition<L>) => ({
    name,
    help,
    labelNames: Object.keys(labels ?? {}) as LabelName<L>[],
    registers: [registry],
    ...(collect && { collect }),
  });
  const labelled = (labels: LabelSets | undefined) => (labels ? labelCombinations(labels) : []);

  return {
    counter<L extends LabelSets = NoLabels>(definition: Definition<L>): Counter<LabelName<L>> {
      const counter = new Counter(common(definition));
      if (!definition.fromTotals) for (const labels of labelled(definition.labels)) counter.inc(labels, 0);
      return counter;
    },
    gauge<L extends LabelSets = NoLabels>(definition: Definition<L>): Gauge<LabelName<L>> {
      return new Gauge(common(definition));
    },
    histogram<L extends LabelSets = NoLabels>(definition: Definition<L> & { buckets: number[] }): Histogram<LabelName<L>> {
      const histogram = new Histogram({ ...common(definition), buckets: definition.buckets });
      for (const labels of labelled(definition.labels)) histogram.zero(labels);
      return histogram;
    },
  };
}
