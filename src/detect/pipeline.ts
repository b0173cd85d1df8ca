/**
 * Runs every enabled detector over each flow. A detector is skipped for a flow that lacks a
 * facet it needs (a flow export has no payload), so sources and detectors can be mixed freely.
 */
import type { FlowRecord } from '../flow/flow-record';
import type { Config } from '../config/schema';
import type { Detector, DetectorRun, Evidence, EvidenceCodeSpec, Facet, Indicators, IntelFact, WindowPart } from './api';
import { cidrMatcher } from '../flow/ip';
import { runIntel, type RunIntel } from '../intel';

const hasFacet: Record<Facet, (flow: FlowRecord) => boolean> = {
  payload: (f) => f.payload !== undefined,
  tlsSni: (f) => f.tlsSni !== undefined,
  dns: (f) => f.dnsQueries !== undefined || f.dnsAnswers !== undefined,
  http: (f) => f.http !== undefined,
};

export interface DetectionPipeline {
  inspect(flow: FlowRecord): Evidence[];
  /** Windowed evaluation (see DetectorRun.sweep), at `now` or the latest flow time seen. */
  sweep(now?: number): Evidence[];
  /** Every windowed detector's part that holds something, by detector id (scale-out). */
  exportWindow(): WindowParts;
  /** Folds parts exported by another pipeline in; `sweep()` then judges up to their latest time. Answers rows skipped as malformed. */
  absorbWindow(parts: WindowParts): number;
  /** The run's intel: facts added mid-run (probe verdicts) apply from the next sweep. */
  readonly intel: RunIntel;
}

/** The window part that carries a run's learned endpoints (beside the detectors' own parts). */
export const LEARNED_PART = 'intel.learned';

export type WindowParts = Record<string, WindowPart>;

/**
 * Each detector's settings: its own config section (keyed by its id in camelCase), plus what
 * every detector shares: the indicator tuning and the Stratum flow profile (as `profile`).
 */
export function detectorSettings(detector: Detector, config: Config): Record<string, unknown> {
  const key = detector.id.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const own = (config.detectors as Record<string, unknown>)[key];
  return { ...(own as Record<string, unknown> | undefined), ...config.indicators, profile: config.detectors.stratumProfile };
}

/**
 * Evidence that names the pool side of a conversation teaches it as a learned endpoint: a
 * mining protocol in payload (the client's pool, or the server side itself) and a pool name the
 * client connected to. The rule reads only what codes declare, never which detector spoke.
 */
function teacherOf(spec: EvidenceCodeSpec): IntelFact['source'] | undefined {
  if (spec.role !== 'miner' || spec.peerIsPool === false) return undefined;
  if (spec.basis === 'payload-protocol') return 'learned-payload';
  if (spec.basis === 'pool-name' && spec.accountable === 'client') return 'learned-name';
  return undefined;
}

export function createPipeline(
  detectors: readonly Detector[],
  config: Config,
  indicators: Indicators,
  facts: readonly IntelFact[] = [],
): DetectionPipeline {
  const isHome = cidrMatcher(config.homeNetworks);
  const intel = runIntel(config, indicators, facts);
  const enabled = detectors.filter((d) => !config.detectors.disabled.includes(d.id));
  const runs: Array<{ detector: Detector; run: DetectorRun }> = enabled.map((detector) => ({
    detector,
    run: detector.create({ isHome, indicators, intel, settings: detectorSettings(detector, config) }),
  }));
  const teachers = new Map<string, IntelFact['source']>();
  for (const detector of enabled) {
    for (const spec of detector.codes) {
      const source = teacherOf(spec);
      if (source) teachers.set(spec.code, source);
    }
  }
  const specs = new Map(enabled.flatMap((d) => d.codes.map((c) => [c.code, c] as const)));
  const ttl = config.indicators.learnedAddressTtlSeconds;

  function teach(e: Evidence): void {
    const source = teachers.get(e.code);
    if (!source) return;
    const pool = specs.get(e.code)!.accountable === 'server' ? { ip: e.subject, port: e.subjectPort } : e.peer;
    if (isHome(pool.ip)) return;
    const text = (key: string) => (typeof e.facts[key] === 'string' && e.facts[key] !== '' ? { [key]: String(e.facts[key]).slice(0, 200) } : {});
    intel.learn({
      address: pool.ip,
      port: pool.port,
      verdict: 'pool',
      source,
      confidence: source === 'learned-payload' ? 0.95 : 0.8,
      firstSeen: e.firstSeen,
      lastSeen: e.lastSeen,
      // A pool was a pool a while before it was seen too: the lifetime reaches both ways.
      validFrom: e.firstSeen - ttl,
      expiresAt: e.lastSeen + ttl,
      ...text('pool'),
      ...text('coin'),
      ...(typeof e.facts.domain === 'string' ? { name: e.facts.domain.slice(0, 253) } : {}),
      ...(typeof e.facts.dialect === 'string' ? { dialect: e.facts.dialect.slice(0, 64) } : {}),
    });
  }

  let latest = -Infinity;
  return {
    intel,
    inspect(flow) {
      latest = Math.max(latest, flow.lastSeen);
      const found: Evidence[] = [];
      for (const { detector, run } of runs) {
        if (!detector.needs.every((facet) => hasFacet[facet](flow))) continue;
        for (const e of run.inspect(flow)) {
          found.push(e);
          teach(e);
        }
      }
      return found;
    },
    sweep(now = latest) {
      if (!Number.isFinite(now)) return [];
      return runs.flatMap(({ run }) => run.sweep?.(now) ?? []);
    },
    exportWindow() {
      const parts: WindowParts = {};
      for (const { detector, run } of runs) {
        const part = run.exportWindow?.();
        if (part && part.rows.length > 0) parts[detector.id] = part;
      }
      const learned = intel.learned();
      if (learned.length > 0) parts[LEARNED_PART] = { lastSeen: learned.reduce((m, f) => Math.max(m, f.lastSeen), 0), rows: learned };
      return parts;
    },
    absorbWindow(parts) {
      let skipped = 0;
      // Learned endpoints first: the detectors' sweeps after this absorb judge with them.
      const learned = parts[LEARNED_PART];
      if (learned && Array.isArray(learned.rows)) skipped += intel.absorbLearned(learned.rows);
      for (const { detector, run } of runs) {
        const part = parts[detector.id];
        if (!part || !run.absorbWindow) continue;
        skipped += run.absorbWindow(part);
        if (Number.isFinite(part.lastSeen)) latest = Math.max(latest, part.lastSeen);
      }
      return skipped;
    },
  };
}
