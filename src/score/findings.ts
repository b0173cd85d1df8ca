/**
 * The scorer: turns merged evidence per address into host findings and pool endpoints.
 * It reads only what each evidence code declares (basis, weight, accountable side, role), never
 * a detector's name. A server-side code about an address outside the home networks describes
 * a pool, which is listed with the pools and never as a miner.
 */
import type { EvidenceCodeSpec, FactValue, Role } from '../detect/api';
import { endpointText } from '../flow/ip';
import type { Config } from '../config/schema';
import type { StoredEvidence } from '../store/merge';
import type { StoreSnapshot } from '../store/score-store';
import type { CodeSpecs } from './code-specs';
import { combineScore, isFlagged, levelFor, type Level } from './score';
import { estimateFromFlows, estimateHost, type Estimate } from './estimate';
import type { Owner, OwnerLookup } from './owners';

export interface EvidenceSummary {
  code: string;
  basis: EvidenceCodeSpec['basis'];
  weight: number;
  detector: string;
  peer: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  facts: Record<string, FactValue>;
}

export interface HostFinding {
  ip: string;
  level: Level;
  score: number;
  /**
   * The independent bases the score stands on, strongest first: `['behaviour']` is flow
   * behaviour alone (flagged only when sustained for hours); more than one is corroboration.
   */
  bases: EvidenceCodeSpec['basis'][];
  role: Role;
  home: boolean;
  /** One line per evidence item, strongest first: why the address was flagged. */
  reasons: string[];
  evidence: EvidenceSummary[];
  evidenceTotal: number;
  pools: string[];
  firstSeen: number;
  lastSeen: number;
  owner?: Owner;
  estimate?: Estimate;
  /** Scale-out: the analysts' follow-up state. A dismissed address is allowlisted: not flagged. */
  followup?: { state: 'new' | 'confirmed' | 'dismissed'; note?: string; decidedAt?: string };
}

export interface PoolFinding {
  endpoint: string;
  ip: string;
  port: number;
  names: string[];
  clients: number;
  clientSample: string[];
  firstSeen: number;
  lastSeen: number;
  codes: string[];
}

export interface ScoringContext {
  specs: CodeSpecs;
  score: Config['score'];
  estimates: Config['estimates'];
  isHome(ip: string): boolean;
  owners: OwnerLookup;
}

const endpoint = endpointText;

function describe(e: StoredEvidence, spec: EvidenceCodeSpec): string {
  const facts = Object.entries(e.facts)
    .slice(0, 6)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return `${spec.description} (${e.code}, peer ${endpoint(e.peer.ip, e.peer.port)}, ×${e.count}${facts ? `; ${facts}` : ''})`;
}

/** A miner's peer is its pool, unless the code says the peer is something else; ports alone prove nothing. */
function peerIsPool(spec: EvidenceCodeSpec): boolean {
  return spec.role === 'miner' && spec.basis !== 'port' && spec.peerIsPool !== false;
}

function chooseRole(specs: readonly EvidenceCodeSpec[]): Role {
  if (specs.some((s) => s.role === 'proxy')) return 'proxy';
  return [...specs].sort((a, b) => b.weight - a.weight)[0].role;
}

class PoolBook {
  private readonly pools = new Map<string, PoolFinding & { clientSet: Set<string> }>();

  note(ip: string, port: number, client: string | undefined, e: StoredEvidence): void {
    const key = endpoint(ip, port);
    let pool = this.pools.get(key);
    if (!pool) {
      pool = { endpoint: key, ip, port, names: [], clients: 0, clientSample: [], firstSeen: e.firstSeen, lastSeen: e.lastSeen, codes: [], clientSet: new Set() };
      this.pools.set(key, pool);
    }
    pool.firstSeen = Math.min(pool.firstSeen, e.firstSeen);
    pool.lastSeen = Math.max(pool.lastSeen, e.lastSeen);
    for (const name of [e.facts.domain, e.facts.pool]) {
      if (typeof name === 'string' && !pool.names.includes(name)) pool.names.push(name);
    }
    if (!pool.codes.includes(e.code)) pool.codes.push(e.code);
    if (client) pool.clientSet.add(client);
  }

  list(): PoolFinding[] {
    return [...this.pools.values()]
      .map(({ clientSet, ...pool }) => ({ ...pool, clients: clientSet.size, clientSample: [...clientSet].sort().slice(0, 20) }))
      .sort((a, b) => b.clients - a.clients || a.endpoint.localeCompare(b.endpoint));
  }
}

export function scoreSnapshot(snapshot: StoreSnapshot, ctx: ScoringContext): { hosts: HostFinding[]; pools: PoolFinding[] } {
  const pools = new PoolBook();
  const hosts: HostFinding[] = [];
  for (const [ip, items] of snapshot.subjects) {
    const home = ctx.isHome(ip);
    const own: Array<[StoredEvidence, EvidenceCodeSpec]> = [];
    for (const e of items) {
      const spec = ctx.specs.get(e.code);
      if (!spec) continue; // a code no longer declared (old Redis data): ignored, not guessed
      if (spec.accountable === 'server' && !home) {
        pools.note(ip, e.subjectPort, e.peer.ip, e);
        continue;
      }
      own.push([e, spec]);
    }
    const refuted = refutation(own);
    // A refutation with nothing to refute (a not-pool verdict about a peer this host gave no
    // guess about) is no reason to list the host.
    const kept = own.filter(([e, s]) => !s.refutes?.length || own.some(([o, os]) => o.peer.ip === e.peer.ip && o.peer.port === e.peer.port && refuted(o, os)));
    for (const [e, spec] of kept) {
      if (peerIsPool(spec) && !ctx.isHome(e.peer.ip) && !refuted(e, spec)) pools.note(e.peer.ip, e.peer.port, ip, e);
    }
    if (kept.length) hosts.push(hostFinding(ip, home, kept, ctx, refuted));
  }
  hosts.sort((a, b) => b.score - a.score || a.ip.localeCompare(b.ip));
  return { hosts, pools: pools.list() };
}

/**
 * Which evidence a code refutes (see EvidenceCodeSpec.refutes): evidence of a refuted basis about
 * the same peer counts neither in the score nor as a pool sighting, whatever detector gave either.
 */
function refutation(own: ReadonlyArray<[StoredEvidence, EvidenceCodeSpec]>): (e: StoredEvidence, spec: EvidenceCodeSpec) => boolean {
  const refuted = new Map<string, Set<string>>();
  for (const [e, s] of own) {
    if (!s.refutes?.length) continue;
    const key = endpoint(e.peer.ip, e.peer.port);
    const bases = refuted.get(key) ?? new Set<string>();
    for (const basis of s.refutes) bases.add(basis);
    refuted.set(key, bases);
  }
  if (refuted.size === 0) return () => false;
  return (e, spec) => refuted.get(endpoint(e.peer.ip, e.peer.port))?.has(spec.basis) ?? false;
}

function hostFinding(
  ip: string,
  home: boolean,
  own: Array<[StoredEvidence, EvidenceCodeSpec]>,
  ctx: ScoringContext,
  refuted: (e: StoredEvidence, spec: EvidenceCodeSpec) => boolean,
): HostFinding {
  own.sort(([a, sa], [b, sb]) => sb.weight - sa.weight || b.count - a.count);
  const specs = own.map(([, s]) => s);
  const { score, bases } = combineScore(own.filter(([e, s]) => !refuted(e, s)).map(([, s]) => s));
  const role = chooseRole(specs);
  const sessions = own.filter(([, s]) => s.basis === 'payload-protocol' && s.accountable === 'client').map(([e]) => e);
  const sample = own.slice(0, ctx.score.evidenceSample);
  // Payload sessions measure shares; without them, flow shape gives a coarse estimate of a flagged host.
  const shaped = own.filter(([, s]) => s.basis === 'behaviour' || s.basis === 'site').map(([e]) => e);
  const estimate = estimateHost(sessions, ctx.estimates) ?? (isFlagged(levelFor(score, ctx.score)) ? estimateFromFlows(shaped, ctx.estimates) : undefined);
  const owner = ctx.owners(ip);
  return {
    ip,
    level: levelFor(score, ctx.score),
    score,
    bases,
    role,
    home,
    reasons: sample.map(([e, s]) => describe(e, s)),
    evidence: sample.map(([e, s]) => ({
      code: e.code,
      basis: s.basis,
      weight: s.weight,
      detector: e.detector,
      peer: endpoint(e.peer.ip, e.peer.port),
      count: e.count,
      firstSeen: e.firstSeen,
      lastSeen: e.lastSeen,
      facts: e.facts,
    })),
    evidenceTotal: own.length,
    pools: [...new Set(own.filter(([, s]) => peerIsPool(s)).map(([e]) => endpoint(e.peer.ip, e.peer.port)))],
    firstSeen: Math.min(...own.map(([e]) => e.firstSeen)),
    lastSeen: Math.max(...own.map(([e]) => e.lastSeen)),
    ...(owner ? { owner } : {}),
    ...(estimate ? { estimate } : {}),
  };
}
