/**
 * pool-endpoint: flows to pool endpoints the run's intel knows — listed (curated, refreshed,
 * imported), learned from traffic (a Stratum server, a pool SNI/Host, a DNS answer for a pool
 * name) or confirmed by an active probe — and TCP conversations on ports pools commonly use.
 * Works on every source kind, flow exports included: it needs nothing but addresses, ports and
 * counters. Endpoint facts are matched at the sweep over the contacts held, so a fact that
 * arrives after the flows (a later file, another worker, a probe) applies to them all the same.
 */
import { evidenceFor, type Detector, type Evidence, type FlowRecord, type IntelFact } from '../../src/detect/api';
import { ContactWindow, type Contact } from './contacts';
import { isMiningPortConversation, miningPortsFrom } from './mining-port';
import { contactLimitsFrom } from './settings';

export const POOL_ENDPOINT_CODES = {
  indicator: 'pool-endpoint.indicator',
  learned: 'pool-endpoint.learned',
  confirmed: 'pool-endpoint.confirmed',
  notPool: 'pool-endpoint.not-pool',
  miningPort: 'port.mining',
} as const;

// Mirrors IPPROTO of the FlowRecord contract (detectors import only the API).
const TCP = 6;
const UDP = 17;
// DNS, DNS over TLS and mDNS: lookups, never pool sessions (a resolver is no pool for answering pool names).
const DNS_PORTS: ReadonlySet<number> = new Set([53, 853, 5353]);

/** DNS traffic itself, on any port: its server is a resolver, whatever names it carries. */
function isDnsFlow(flow: FlowRecord): boolean {
  return flow.dnsQueries !== undefined || flow.dnsAnswers !== undefined || DNS_PORTS.has(flow.server.port);
}

export const poolEndpointDetector: Detector = {
  id: 'pool-endpoint',
  description: 'Flows to pool endpoints that are listed, learned from traffic or confirmed by a probe, and TCP conversations on common mining ports',
  needs: [],
  codes: [
    {
      code: POOL_ENDPOINT_CODES.indicator,
      basis: 'pool-address',
      weight: 0.5,
      accountable: 'client',
      role: 'miner',
      description: 'The client talked to an address listed as a mining pool endpoint (curated, refreshed from DNS or imported: a decaying fact, see its dates)',
    },
    {
      code: POOL_ENDPOINT_CODES.learned,
      basis: 'pool-address',
      weight: 0.5,
      accountable: 'client',
      role: 'miner',
      description: 'The client talked to an endpoint learned as a pool from traffic (a Stratum server, a pool SNI/Host, a DNS answer for a pool name) within its lifetime',
    },
    {
      code: POOL_ENDPOINT_CODES.confirmed,
      basis: 'pool-address',
      weight: 0.6,
      accountable: 'client',
      role: 'miner',
      description: 'The client talked to an endpoint an active probe confirmed as a mining pool (it answered a mining request)',
    },
    {
      code: POOL_ENDPOINT_CODES.notPool,
      basis: 'verdict',
      weight: 0,
      accountable: 'client',
      role: 'miner',
      peerIsPool: false,
      refutes: ['behaviour', 'site', 'port'],
      description: 'An active probe found the peer is not a mining pool: flow-shape guesses about this connection no longer count',
    },
    {
      code: POOL_ENDPOINT_CODES.miningPort,
      basis: 'port',
      weight: 0.1,
      accountable: 'client',
      role: 'miner',
      description: 'A TCP conversation with data both ways on a port pools commonly listen on: weak on its own',
    },
  ],
  create({ isHome, intel, settings }) {
    const miningPorts = miningPortsFrom(settings);
    const limits = contactLimitsFrom(settings);
    const contacts = new ContactWindow(limits.maxContacts);
    const evicted: Evidence[] = [];

    function judge(contact: Contact): Evidence[] {
      const fact = intel.lookup(contact.server, contact.port, contact.firstSeen, contact.lastSeen);
      if (!fact) return [];
      const code = codeFor(fact);
      const count = code === contact.reportedCode ? contact.count - contact.reportedCount : contact.count;
      if (count <= 0) return [];
      contact.reportedCode = code;
      contact.reportedCount = contact.count;
      return [evidenceOf(contact, code, fact, count)];
    }

    return {
      inspect(flow: FlowRecord): Evidence[] {
        const found: Evidence[] = [];
        if (isContact(flow, isHome)) {
          const pushed = contacts.add(flow.client.ip, flow.server.ip, flow.server.port, flow.firstSeen, flow.lastSeen);
          if (pushed) found.push(...judge(pushed));
        }
        if (isMiningPortConversation(flow, miningPorts)) {
          found.push(evidenceFor(poolEndpointDetector, POOL_ENDPOINT_CODES.miningPort, flow, { port: flow.server.port }));
        }
        return found;
      },
      sweep(now: number): Evidence[] {
        const found = evicted.splice(0);
        for (const contact of contacts.values()) found.push(...judge(contact));
        contacts.forgetIdle(now, limits.contactIdleSeconds);
        return found;
      },
      exportWindow: () => {
        const rows = contacts.rows();
        return { lastSeen: rows.reduce((m, r) => Math.max(m, r[4]), 0), rows };
      },
      absorbWindow: (part) => (Array.isArray(part.rows) ? contacts.absorb(part.rows, (c) => evicted.push(...judge(c))) : 1),
    };
  },
};

/** Outbound TCP/UDP from anywhere to an address outside the home networks; DNS lookups are not pool sessions. */
function isContact(flow: FlowRecord, isHome: (ip: string) => boolean): boolean {
  if (flow.protocol !== TCP && flow.protocol !== UDP) return false;
  if (isDnsFlow(flow) || !Number.isFinite(flow.firstSeen) || !Number.isFinite(flow.lastSeen)) return false;
  return !isHome(flow.server.ip);
}

function codeFor(fact: IntelFact): string {
  if (fact.source === 'probe') return fact.verdict === 'pool' ? POOL_ENDPOINT_CODES.confirmed : POOL_ENDPOINT_CODES.notPool;
  if (fact.verdict !== 'pool') return POOL_ENDPOINT_CODES.notPool;
  return fact.source.startsWith('learned-') ? POOL_ENDPOINT_CODES.learned : POOL_ENDPOINT_CODES.indicator;
}

function evidenceOf(contact: Contact, code: string, fact: IntelFact, count: number): Evidence {
  const flow = {
    client: { ip: contact.client, port: 0 },
    server: { ip: contact.server, port: contact.port },
    firstSeen: contact.firstSeen,
    lastSeen: contact.lastSeen,
  } as FlowRecord;
  const facts: Record<string, string | boolean> = {
    source: fact.source,
    indicator: fact.port === undefined ? fact.address : `${fact.address}:${fact.port}`,
    seen: new Date(fact.lastSeen * 1000).toISOString().slice(0, 10),
  };
  for (const key of ['pool', 'coin', 'name', 'dialect', 'banner'] as const) if (fact[key]) facts[key] = fact[key]!;
  if (fact.source === 'probe') facts.confirmed = fact.verdict === 'pool';
  return evidenceFor(poolEndpointDetector, code, flow, facts, { count });
}

