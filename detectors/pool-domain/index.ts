/**
 * pool-domain: clients that name a mining pool (TLS SNI, HTTP Host, DNS), and later flows of any
 * source kind (NetFlow included) to addresses that DNS answers gave for pool names.
 */
import { evidenceFor, type Detector, type Evidence, type FlowRecord } from '../../src/detect/api';
import { ipKey } from '../../src/detect/api';
import { poolAnswers } from './dns-answers';
import { LearnedAddresses, learnedLimitsFrom, type LearnedAddress } from './learned-addresses';
import { isDnsFlow, observedNames, type Via } from './observed-names';
import { isWebsiteName, SuffixIndex, WEB_PORTS, type DomainMatch } from './suffix-index';

export const POOL_DOMAIN_CODES = {
  sni: 'pool-domain.sni',
  httpHost: 'pool-domain.http-host',
  dns: 'pool-domain.dns',
  website: 'pool-domain.website',
  learned: 'pool-domain.learned-address',
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
    {
      code: POOL_DOMAIN_CODES.learned,
      basis: 'pool-address',
      weight: 0.5,
      accountable: 'client',
      role: 'miner',
      description: 'The client talked to an address a DNS answer gave for a pool name, within its lifetime',
    },
  ],
  create({ indicators, settings }) {
    const index = new SuffixIndex(indicators.poolDomains);
    const learned = new LearnedAddresses(learnedLimitsFrom(settings));

    function learnFrom(flow: FlowRecord): void {
      for (const answer of poolAnswers(flow.dnsAnswers, index)) {
        const key = ipKey(answer.address);
        if (key) learned.learn(key, answer, flow.firstSeen, flow.lastSeen);
      }
    }

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

    function learnedEvidence(flow: FlowRecord): Evidence[] {
      if (learned.size === 0 || isDnsFlow(flow)) return [];
      const key = ipKey(flow.server.ip);
      const entry = key === undefined ? undefined : learned.find(key, flow.firstSeen, flow.lastSeen);
      if (!entry || (isWebsiteName(entry.match) && WEB_PORTS.has(flow.server.port))) return [];
      return [evidenceFor(poolDomainDetector, POOL_DOMAIN_CODES.learned, flow, learnedFacts(entry))];
    }

    return {
      inspect(flow: FlowRecord): Evidence[] {
        if (index.size === 0) return [];
        learnFrom(flow);
        return [...nameEvidence(flow), ...learnedEvidence(flow)];
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

function learnedFacts(entry: LearnedAddress) {
  const facts: Record<string, string> = factsFor(entry.match, entry.poolName, 'learned');
  if (entry.resolvedName !== entry.poolName) facts.resolvedName = entry.resolvedName;
  return facts;
}
