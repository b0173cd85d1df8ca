/**
 * pool-domain: clients that name a mining pool (TLS SNI, HTTP Host, DNS). The addresses DNS
 * answers give for pool names are taught to the run's intel as `learned-dns` facts, so later
 * flows of any source kind (NetFlow included) to them are pool connections (pool-endpoint
 * reports them).
 */
import { evidenceFor, type Detector, type Evidence, type FlowRecord, type IntelView } from '../../src/detect/api';
import { poolAnswers } from './dns-answers';
import { learnedLifetimeFrom } from './learned-lifetime';
import { observedNames, type Via } from './observed-names';
import { isWebsiteName, SuffixIndex, WEB_PORTS, type DomainMatch } from './suffix-index';

export const POOL_DOMAIN_CODES = {
  sni: 'pool-domain.sni',
  httpHost: 'pool-domain.http-host',
  dns: 'pool-domain.dns',
  website: 'pool-domain.website',
} as const;

const CODE_BY_VIA: Record<Via, string> = {
  sni: POOL_DOMAIN_CODES.sni,
  'http-host': POOL_DOMAIN_CODES.httpHost,
  dns: POOL_DOMAIN_CODES.dns,
};

/** Bounds the evidence one flow can produce (a DNS record may name many pools). */
const MAX_EVIDENCE_PER_FLOW = 8;

export const poolDomainDetector: Detector = {
  id: 'pool-domain',
  description: 'Pool names in TLS SNI, HTTP Host and DNS, and flows to addresses DNS gave for pool names',
  needs: [],
  codes: [
    {
      code: POOL_DOMAIN_CODES.sni,
      basis: 'pool-name',
      weight: 0.6,
      accountable: 'client',
      role: 'miner',
      description: 'The client opened TLS to a mining pool name (SNI)',
    },
    {
      code: POOL_DOMAIN_CODES.httpHost,
      basis: 'pool-name',
      weight: 0.6,
      accountable: 'client',
      role: 'miner',
      description: 'The client sent an HTTP request (getwork, getblocktemplate) to a mining pool name',
    },
    {
      code: POOL_DOMAIN_CODES.dns,
      basis: 'pool-name',
      peerIsPool: false,
      weight: 0.4,
      accountable: 'client',
      role: 'miner',
      description: 'The client resolved a mining pool name (a resolver forwarding for others matches too)',
    },
    {
      code: POOL_DOMAIN_CODES.website,
      basis: 'pool-name',
      peerIsPool: false,
      weight: 0.2,
      accountable: 'client',
      role: 'miner',
      description: "The client visited or resolved a pool's web site (apex or www name): could be a dashboard check",
    },
  ],
  create({ indicators, intel, settings }) {
    const index = new SuffixIndex(indicators.poolDomains);
    const ttlSeconds = learnedLifetimeFrom(settings);

    function nameEvidence(flow: FlowRecord): Evidence[] {
      const found = new Map<string, Evidence>();
      for (const { name, via } of observedNames(flow)) {
        const match = index.match(name);
        if (!match) continue;
        const code = codeFor(via, match, flow);
        const key = `${code}|${flow.client.ip}|${match.domain}`;
        if (found.has(key) || found.size >= MAX_EVIDENCE_PER_FLOW) continue;
        found.set(key, { ...evidenceFor(poolDomainDetector, code, flow, factsFor(match, match.domain, via)), dedupKey: key });
      }
      return [...found.values()];
    }

    return {
      inspect(flow: FlowRecord): Evidence[] {
        if (index.size === 0) return [];
        teachAnswers(flow, index, intel, ttlSeconds);
        return nameEvidence(flow);
      },
    };
  },
};

function codeFor(via: Via, match: DomainMatch, flow: FlowRecord): string {
  const website = isWebsiteName(match) && (via === 'dns' || WEB_PORTS.has(flow.server.port));
  return website ? POOL_DOMAIN_CODES.website : CODE_BY_VIA[via];
}

function factsFor(match: DomainMatch, domain: string, via: Via | 'learned') {
  return { domain, pool: match.indicator.pool, coin: match.indicator.coin, via, suffix: match.indicator.suffix };
}

/**
 * Each pool address in the flow's DNS answers becomes a `learned-dns` fact from the answer's time
 * on (a flow that ended before the answer could not have used it), for `ttlSeconds` after it:
 * pool addresses outlive record TTLs (resolvers and miners cache). A pool's web site name (apex or
 * www) teaches nothing: its address serves dashboards, not Stratum.
 */
function teachAnswers(flow: FlowRecord, index: SuffixIndex, intel: IntelView, ttlSeconds: number): void {
  if (!Number.isFinite(flow.firstSeen) || !Number.isFinite(flow.lastSeen)) return; // a broken record must not teach
  for (const answer of poolAnswers(flow.dnsAnswers, index)) {
    if (isWebsiteName(answer.match)) continue;
    intel.learn({
      address: answer.address,
      verdict: 'pool',
      source: 'learned-dns',
      confidence: 0.8,
      firstSeen: flow.firstSeen,
      lastSeen: flow.lastSeen,
      validFrom: flow.firstSeen,
      expiresAt: flow.lastSeen + ttlSeconds,
      name: answer.poolName,
      pool: answer.match.indicator.pool,
      coin: answer.match.indicator.coin,
    });
  }
}
