/**
 * The detector API: the only module a detector imports from rigsweep (plus the FlowRecord shape).
 * Detectors are pure: no I/O, no clocks (capture time only), bounded state. They return
 * evidence; they never score. The scorer reads each evidence code's declared basis, weight and
 * accountable side, so it never needs to know which detector spoke.
 */
import type { Endpoint, FlowRecord } from '../flow/flow-record';

export type { Endpoint, FlowRecord, PayloadHead, DnsAnswer, HttpFacts } from '../flow/flow-record';
export { IPPROTO, TCP_FLAGS } from '../flow/flow-record';
export { parseIp, ipKey, ipv4Number, addressBits, endpointText, type IpValue } from '../flow/ip';
export type { IntelFact, IntelSource } from '../intel/fact';
import type { IntelFact } from '../intel/fact';

/** Independent kinds of signal. Several bases together are stronger than one basis repeated. */
export type Basis =
  | 'payload-protocol' // a mining protocol seen in payload
  | 'pool-name' // a pool domain in SNI, DNS or HTTP Host
  | 'pool-address' // a known or DNS-learned pool address
  | 'port' // a port pools commonly use: weak on its own
  | 'behaviour' // flow-metadata heuristics of one session
  | 'site' // site-level shapes: farms behind NAT, fan-in, mining proxies
  | 'node-protocol' // blockchain peer-to-peer: not mining by itself
  | 'verdict'; // an active probe's answer about the peer: says which other bases to doubt

export type Role = 'miner' | 'proxy' | 'node';

/** Facets of a FlowRecord a detector may require; flow exports carry none of them. */
export type Facet = 'payload' | 'tlsSni' | 'dns' | 'http';

export interface EvidenceCodeSpec {
  code: string;
  basis: Basis;
  /** 0..1: how strongly this evidence alone says the accountable side mines (or runs a node). */
  weight: number;
  /**
   * Which side of the flow the evidence is about. A server-side code about an address outside
   * the home networks describes a pool endpoint, never a miner.
   */
  accountable: 'client' | 'server';
  role: Role;
  /**
   * Whether the peer of a miner-role code is the pool. False where the peer is something else
   * (a DNS resolver, a pool's website), so it is never listed as a pool endpoint. Default true.
   */
  peerIsPool?: boolean;
  /**
   * Evidence of these bases about the same subject and peer no longer counts in the score: a
   * probe that found the peer is not a pool refutes behaviour guesses about that connection.
   */
  refutes?: readonly Basis[];
  description: string;
}

/** What one accepted share submission is worth, summed per evidence, for the estimates. */
export interface ShareMeasures {
  /** Algorithm family the difficulty is expressed in (sha256, ethash, randomx, ...). */
  algorithm: string;
  /** True when the algorithm was stated by the peer, false when inferred from the dialect. */
  algorithmStated: boolean;
  shares: number;
  /** Expected hashes behind the submitted shares (Σ hashes-per-share). */
  hashes: number;
  /** Seconds between the first and last share seen (0 with fewer than 2 shares). */
  windowSeconds: number;
  /** Hashrate the miner reported about itself (eth_submitHashrate), H/s. */
  selfReportedHashrate?: number;
}

export type FactValue = string | number | boolean;

export interface Evidence {
  detector: string;
  code: string;
  /** IP address of the accountable side. */
  subject: string;
  /** Port of the accountable side (a pool endpoint is an address and a port). */
  subjectPort: number;
  /** The other side of the flow (the pool for a miner, the client for a proxy). */
  peer: Endpoint;
  firstSeen: number;
  lastSeen: number;
  /** How many observations (messages, flows) this evidence stands for. */
  count: number;
  /** Small facts for the analyst: method, agent, worker, domain, difficulty, ... */
  facts: Record<string, FactValue>;
  measures?: ShareMeasures;
  /** Evidence with the same key describes the same thing and is merged, not double counted. */
  dedupKey: string;
}

export interface PoolDomainIndicator {
  suffix: string;
  pool: string;
  coin: string;
  source: string;
}

export interface PoolEndpointIndicator {
  /** An address or CIDR range. */
  address: string;
  /** Omitted: any port. */
  port?: number;
  pool: string;
  coin: string;
  source: string;
  /** ISO date the address was last confirmed: IP indicators decay. */
  seen: string;
}

export interface Indicators {
  poolDomains: readonly PoolDomainIndicator[];
  poolEndpoints: readonly PoolEndpointIndicator[];
}

/**
 * The run's pool-endpoint intelligence (src/intel/): facts it started with and facts its
 * detectors learned. Learning is the one effect a detector may have outside its own state.
 */
export interface IntelView {
  /** Teaches a pool endpoint learned from traffic (a `learned-*` source, capture time). */
  learn(fact: IntelFact): void;
  /** The fact that speaks for this endpoint over a flow's [firstSeen, lastSeen], if any. */
  lookup(address: string, port: number, firstSeen: number, lastSeen: number): IntelFact | undefined;
}

export interface DetectorContext {
  /** True for addresses inside the configured home networks. */
  isHome(ip: string): boolean;
  indicators: Indicators;
  intel: IntelView;
  /**
   * This detector's section of the config (already validated by the one schema), plus the
   * shared indicator tuning and the Stratum flow profile as `profile`.
   */
  settings: Readonly<Record<string, unknown>>;
}

/** One analysis run of a detector. It may keep bounded state between flows. */
export interface DetectorRun {
  inspect(flow: FlowRecord): Evidence[];
  /**
   * Evaluates windowed state accumulated over many flows (behaviour over a window, site-level
   * patterns) and forgets what has aged out. Called at the end of a scan (after every input,
   * so windows span files scanned together) and periodically by the live collector.
   * `now` is capture/export time: the latest flow time seen.
   */
  sweep?(now: number): Evidence[];
  /**
   * Scale-out (queue workers): the windowed state this run has gathered, as plain JSON, so that
   * the state of runs over different inputs can be combined by one run that then sweeps. Bounded
   * like the state itself. Only detectors with a sweep have it.
   */
  exportWindow?(): WindowPart;
  /**
   * Folds a part exported by another run into this run's state, as if that run's records had
   * arrived after the ones already held. Parts absorbed in input order give the same sweep as one
   * run over all the inputs (see the detector's README for where that is exact). Never throws
   * on malformed input (parts come from Redis): answers how many rows it skipped.
   */
  absorbWindow?(part: WindowPart): number;
}

/** A detector's exported window: JSON rows only that detector understands. */
export interface WindowPart {
  /** Latest record time in the part (capture/export time); 0 when it holds nothing. */
  lastSeen: number;
  rows: unknown[];
}

export interface Detector {
  id: string;
  description: string;
  /** Facets it cannot work without; the pipeline skips it on sources that lack them. */
  needs: readonly Facet[];
  codes: readonly EvidenceCodeSpec[];
  create(context: DetectorContext): DetectorRun;
}

/** Builds evidence about the side a code is accountable for, so detectors never get it backwards. */
export function evidenceFor(
  detector: Detector,
  code: string,
  flow: FlowRecord,
  facts: Record<string, FactValue> = {},
  extra: { measures?: ShareMeasures; count?: number; firstSeen?: number; lastSeen?: number } = {},
): Evidence {
  const spec = detector.codes.find((c) => c.code === code);
  if (!spec) throw new Error(`detector ${detector.id} has no evidence code ${code}`);
  const [subject, peer] = spec.accountable === 'client' ? [flow.client, flow.server] : [flow.server, flow.client];
  return {
    detector: detector.id,
    code,
    subject: subject.ip,
    subjectPort: subject.port,
    peer,
    firstSeen: extra.firstSeen ?? flow.firstSeen,
    lastSeen: extra.lastSeen ?? flow.lastSeen,
    count: extra.count ?? 1,
    facts,
    measures: extra.measures,
    dedupKey: `${code}|${subject.ip}|${peer.ip}|${peer.port}`,
  };
}
