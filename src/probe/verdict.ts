/**
 * What a probe concludes about one endpoint. Kept apart from the prober so the classifier, the
 * requests and the fact conversion can name these types without importing the machinery.
 */
export type ProbeOutcome = 'pool' | 'not-pool' | 'unreachable';

/** The mining dialects a probe can confirm (the ones it sends a request for). */
export type Dialect = 'stratum-v1' | 'ethereum-stratum' | 'eth-proxy' | 'xmrig' | 'getwork' | 'getblocktemplate';

/** `tls`: TLS without SNI; `tls-sni`: TLS naming one of the target's pool names. */
export type Transport = 'tcp' | 'tls' | 'tls-sni';

export interface ProbeTarget {
  address: string;
  port: number;
  /** SNI names to try (pool names seen for it), may be empty. */
  names?: string[];
}

export interface ProbeVerdict {
  address: string;
  port: number;
  outcome: ProbeOutcome;
  dialect?: Dialect;
  transport?: Transport;
  /** Software banner from the reply (XMRig extensions, version, Server:, SSH-2.0-…, a redis error), printable ASCII, ≤ 200 chars. */
  banner?: string;
  /** One line in words: what answered what, or why nothing did. */
  reason: string;
  /** ms epoch. */
  startedAt: number;
  elapsedMs: number;
}
