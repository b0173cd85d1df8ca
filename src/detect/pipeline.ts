/**
 * Runs every enabled detector over each flow. A detector is skipped for a flow that lacks a
 * facet it needs (a flow export has no payload), so sources and detectors can be mixed freely.
 */
import type { FlowRecord } from '../flow/flow-record';
import type { Config } from '../config/schema';
import type { Detector, DetectorRun, Evidence, Facet, Indicators, WindowPart } from './api';
import { cidrMatcher } from '../flow/ip';

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
}

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

export function createPipeline(detectors: readonly Detector[], config: Config, indicators: Indicators): DetectionPipeline {
  const isHome = cidrMatcher(config.homeNetworks);
  const enabled = detectors.filter((d) => !config.detectors.disabled.includes(d.id));
  const runs: Array<{ detector: Detector; run: DetectorRun }> = enabled.map((detector) => ({
    detector,
    run: detector.create({ isHome, indicators, settings: detectorSettings(detector, config) }),
  }));
  let latest = -Infinity;
  return {
    inspect(flow) {
      latest = Math.max(latest, flow.lastSeen);
      const found: Evidence[] = [];
      for (const { detector, run } of runs) {
        if (!detector.needs.every((facet) => hasFacet[facet](flow))) continue;
        for (const e of run.inspect(flow)) found.push(e);
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
      return parts;
    },
    absorbWindow(parts) {
      let skipped = 0;
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
