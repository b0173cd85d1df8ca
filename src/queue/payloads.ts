/**
 * What travels through the queues, validated with zod where a job is made and again where it is
 * taken: a job can be written by another version, another tool or by hand with redis-cli.
 */
import { z } from 'zod';

const direction = z.strictObject({
  packets: z.number().nonnegative(),
  bytes: z.number().nonnegative(),
  payloadBytes: z.number().nonnegative(),
  tcpFlags: z.number().int().min(0).max(0xffff),
});

const endpoint = z.strictObject({ ip: z.string().min(1).max(64), port: z.number().int().min(0).max(65535) });

/** A flow record as a collector batches it: an export record has no payload facets. */
export const exportedFlowSchema = z.strictObject({
  source: z.literal('flow-export'),
  protocol: z.number().int().min(0).max(255),
  client: endpoint,
  server: endpoint,
  clientBy: z.enum(['syn', 'guess']),
  firstSeen: z.number().finite(),
  lastSeen: z.number().finite(),
  toServer: direction,
  toClient: direction,
  endReason: z.literal('export'),
  exporter: z.string().max(128).optional(),
});

/**
 * `order` places the input among all inputs (enqueue order, from a Redis counter): merges fold in
 * that order, so N workers finishing in any order give what one scan of the inputs in order gives.
 */
const order = z.number().int().nonnegative();

export const ingestJobSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('file'), path: z.string().min(1), order }),
  z.strictObject({
    kind: z.literal('records'),
    /** Where the batch came from, e.g. udp://0.0.0.0:2055, for the report's inputs. */
    origin: z.string().min(1),
    order,
    records: z.array(exportedFlowSchema).min(1),
  }),
]);

export type IngestJob = z.infer<typeof ingestJobSchema>;

export const followupJobSchema = z.strictObject({
  ip: z.string().min(1),
  reason: z.enum(['new', 'raised']),
  level: z.enum(['medium', 'high']),
  previousLevel: z.enum(['none', 'low', 'medium', 'high']),
  score: z.number().min(0).max(100),
  role: z.string(),
  /** Evidence codes behind the score, strongest first. */
  codes: z.array(z.string()),
  pools: z.array(z.string()),
  flaggedAt: z.string(),
});

export type FollowupJob = z.infer<typeof followupJobSchema>;

/** What an ingest job reports back (metrics and the job's record in the queue). */
export const ingestResultSchema = z.strictObject({
  format: z.string(),
  bytes: z.number(),
  flows: z.number(),
  evidence: z.number(),
  issueCounts: z.record(z.string(), z.number()),
  /** Only in results of older versions, which completed a job whose input could not be read. */
  error: z.string().optional(),
});

export type IngestResult = z.infer<typeof ingestResultSchema>;
