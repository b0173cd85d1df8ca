/**
 * Queue names and where BullMQ keeps them. BullMQ's prefix carries the same hash tag as the
 * store's keys (`rigsweep:{prefix}:…`), so queues and store share one Redis Cluster slot.
 */
export const QUEUE = {
  /** A job names one input: a file, or a batch of flow records from a collector. */
  ingest: 'ingest',
  /** Repeatable: judges the windows gathered across inputs and re-scores every address. */
  sweep: 'sweep',
  /** One job per newly flagged address or level increase, for analysts and integrations. */
  followup: 'followup',
  /** Off by default: one job per suspected server endpoint to confirm by active probing (src/probe/). */
  probe: 'probe',
  /** Repeatable when intel.refresh.repeat: resolves the pool names into dns-resolved facts. */
  intel: 'intel',
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

export function bullPrefix(prefix: string): string {
  return `rigsweep:{${prefix}}`;
}
