/**
 * What travels through the queues, validated with zod where a job is made and again where it is
 * taken: a job can be written by another version, another tool or by hand with redis-cli.
 */
import { z } from 'zod';
import { isIP } from 'node:net';
import { MAX_SAMPLING_RATE } from '../flow/sampling';

/**
 * An IPv4 or IPv6 address as the readers write them (no zone, no port, no brackets): anything
 * else in a job would become a "host" in the report (`not-an-ip`, `__proto__`, `10.9.9.9|x`).
 */
const ipAddress = z.string().max(45).refine((text) => isIP(text) !== 0, { message: 'must be an IPv4 or IPv6 address' });

const direction = z.strictObject({
  packets: z.number().nonnegative(),
  bytes: z.number().nonnegative(),
  payloadBytes: z.number().nonnegative(),
  tcpFlags: z.number().int().min(0).max(0xffff),
});

const endpoint = z.strictObject({ ip: ipAddress, port: z.number().int().min(0).max(65535) });

/**
 * A payload head as a job carries it (base64). Only sampled packet headers (sFlow) reach the
 * collector with payload; they are small, but the bounds hold a full head.
 */
const MAX_HEAD_BYTES = 1 << 20;
const payloadHead = z.strictObject({
  bytes: z.base64().max(Math.ceil(MAX_HEAD_BYTES / 3) * 4),
  marks: z.array(z.strictObject({ offset: z.number().int().nonnegative(), time: z.number().finite() })).max(65536),
  truncated: z.boolean(),
  midStream: z.boolean(),
  gaps: z.number().int().nonnegative(),
  sampled: z.literal(true).optional(),
});

const name = z.string().max(255);

/**
 * A flow record as a collector batches it: an export record, or a flow assembled from sampled
 * packet headers (sFlow) with its payload heads and facets, so the payload detectors judge it in
 * the worker as they would in-process.
 */
export const exportedFlowSchema = z.strictObject({
  source: z.enum(['flow-export', 'packet']),
  protocol: z.number().int().min(0).max(255),
  client: endpoint,
  server: endpoint,
  clientBy: z.enum(['syn', 'guess']),
  firstSeen: z.number().finite(),
  lastSeen: z.number().finite(),
  toServer: direction,
  toClient: direction,
  endReason: z.enum(['closed', 'idle', 'active', 'end', 'evicted', 'export']),
  exporter: z.string().max(128).optional(),
  /** 1-in-N sampling the counters were scaled by (FlowRecord.sampling): above 1, 2^31 at most. */
  sampling: z.number().gt(1).max(MAX_SAMPLING_RATE).optional(),
  payload: z.strictObject({ toServer: payloadHead, toClient: payloadHead }).optional(),
  tlsSni: name.optional(),
  dnsQueries: z.array(name).max(64).optional(),
  dnsAnswers: z.array(z.strictObject({ name, value: name, type: z.enum(['A', 'AAAA', 'CNAME']), ttl: z.number().int().nonnegative() })).max(256).optional(),
  http: z
    .strictObject({
      host: name.optional(),
      requestLine: z.string().max(8192).optional(),
      miningHeaders: z.record(name, z.string().max(8192)).optional(),
      userAgent: z.string().max(8192).optional(),
    })
    .optional(),
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

/** Issues a job's failed reason lists; a batch of thousands of bad records gives one line, not a megabyte. */
const MAX_LISTED_ISSUES = 5;

/** Why a job's data is not a valid payload, as its failed reason says it: the first issues with their paths. */
export function payloadIssues(error: z.ZodError): string {
  const listed = error.issues.slice(0, MAX_LISTED_ISSUES).map((i) => `${i.path.join('.') || '(job)'}: ${i.message}`);
  const more = error.issues.length - listed.length;
  return listed.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

/** A server endpoint to confirm (src/probe/): the address is checked again against probe.allow by the prober. */
export const probeJobSchema = z.strictObject({
  address: ipAddress,
  port: z.number().int().min(1).max(65535),
  names: z.array(z.string().max(253)).max(4).optional(),
});
export type ProbeJob = z.infer<typeof probeJobSchema>;

export const followupJobSchema = z.strictObject({
  ip: ipAddress,
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
  /** The evidence by basis (rigsweep_evidence_total); absent in results of older versions. */
  evidenceByBasis: z.record(z.string(), z.number()).optional(),
  issueCounts: z.record(z.string(), z.number()),
  /** Only in results of older versions, which completed a job whose input could not be read. */
  error: z.string().optional(),
});

export type IngestResult = z.infer<typeof ingestResultSchema>;
