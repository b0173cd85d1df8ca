/**
 * The prober: the safety rules, the cache, the rate limits and the concurrency around examine(),
 * and one log line (and one count) for every target, probed or not — this is the one place
 * rigsweep contacts others, so every contact, and every refusal, is on record.
 */
import type { Socket } from 'node:net';
import type { Config } from '../config/schema';
import { endpointText } from '../flow/ip';
import { endpointBoundMs } from './bound';
import { endpointKey, VerdictCache } from './cache';
import { examine, type Examined } from './examine';
import { RateLimiter, Slots, Waits } from './rate-limit';
import { Safety, type PlanDecision } from './safety';
import type { Dialled } from './transport';
import type { ProbeOutcome, ProbeTarget, ProbeVerdict } from './verdict';

export interface PlannedProbe {
  target: ProbeTarget;
  decision: PlanDecision;
  reason: string;
}

export interface ProberOptions {
  /** Home networks: never probed unless a probe.allow range within them lists the address. */
  isHome(ip: string): boolean;
  /** Earlier verdict for an endpoint if still cached (the caller's intel store); default: an in-memory cache of this prober's own verdicts. */
  cached?(address: string, port: number, now: number): ProbeVerdict | undefined;
  /** Where to actually connect (benchmarks map a suspected address to a loopback server). Default identity. Allowlist, home and rate checks use the ORIGINAL address. */
  dial?(address: string, port: number): { host: string; port: number };
  /** One structured line per probe and per skipped target. */
  log?(line: Record<string, unknown>): void;
  /** Metrics hook: rigsweep_probes_total{outcome}. */
  count?(outcome: ProbeOutcome | 'skipped'): void;
  /** Wall clock, ms: verdict times and cache ages. Rate limits and timeouts run on the real monotonic clock. */
  now?(): number;
}

export interface Prober {
  /** Pure (contacts nothing): what would be probed, and why not. */
  plan(targets: readonly ProbeTarget[]): PlannedProbe[];
  /** undefined when not probed (not allowed, home, cached, disabled, dry run, closed): the reason is logged. */
  probe(target: ProbeTarget): Promise<ProbeVerdict | undefined>;
  /** Within concurrency and the rate limits; dry run (or disabled): [] and the plan logged. */
  probeAll(targets: readonly ProbeTarget[]): Promise<ProbeVerdict[]>;
  /** Cancels pending waits, destroys open sockets. */
  close(): void;
}

const monotonic = () => performance.now();

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/[^\x20-\x7e]+/g, ' ').slice(0, 200);
}

export function createProber(settings: Config['probe'], options: ProberOptions): Prober {
  const safety = new Safety(settings.allow, (ip) => options.isHome(ip));
  const now = options.now ?? Date.now;
  const limiter = new RateLimiter(settings.perSecond, settings.perPrefixPerMinute, monotonic);
  const waits = new Waits();
  const slots = new Slots(settings.concurrency);
  const sockets = new Set<Socket>();
  const own = new VerdictCache(settings.cacheSeconds);
  const inFlight = new Set<string>();
  let closed = false;

  // Hooks are the caller's code: a failing one must not stop a probe or lose its verdict.
  const log = (line: Record<string, unknown>) => {
    try {
      options.log?.(line);
    } catch {
      // the line is lost, the probe is not
    }
  };
  const count = (outcome: ProbeOutcome | 'skipped') => {
    try {
      options.count?.(outcome);
    } catch {
      // as above
    }
  };
  const earlier = (target: ProbeTarget, at: number): ProbeVerdict | undefined => {
    try {
      return options.cached ? options.cached(target.address, target.port, at) : own.get(target.address, target.port, at);
    } catch {
      return undefined;
    }
  };

  /** `seen`: endpoints earlier in the same batch, probed once. */
  function decide(target: ProbeTarget, seen?: Set<string>): PlannedProbe {
    const safe = safety.decide(target.address, target.port);
    if (safe.decision !== 'probe') return { target, ...safe };
    const key = endpointKey(target.address, target.port);
    if (seen?.has(key)) return { target, decision: 'cached', reason: 'listed earlier in this batch: probed once' };
    seen?.add(key);
    if (inFlight.has(key)) return { target, decision: 'cached', reason: 'a probe of this endpoint is under way' };
    const at = now();
    const verdict = earlier(target, at);
    if (verdict) {
      const age = Math.max(0, Math.round((at - verdict.startedAt) / 1000));
      return { target, decision: 'cached', reason: `probed ${age} s ago (${verdict.outcome}); verdicts are reused for probe.cacheSeconds (${settings.cacheSeconds} s)` };
    }
    return { target, ...safe };
  }

  function skip(planned: PlannedProbe, reason = planned.reason): undefined {
    log({ event: 'probe-skipped', address: planned.target.address, port: planned.target.port, decision: planned.decision, reason });
    count('skipped');
    return undefined;
  }

  /** Why nothing is contacted at all, if so. */
  function refusal(): string | undefined {
    if (!settings.enabled) return 'probe.enabled is false';
    if (closed) return 'the prober is closed';
    return undefined;
  }

  async function run(target: ProbeTarget): Promise<ProbeVerdict> {
    const startedAt = now();
    const t0 = monotonic();
    let dialled: Dialled = { host: target.address, port: target.port };
    let examined: Examined;
    try {
      if (options.dial) dialled = options.dial(target.address, target.port);
      examined = await examine(dialled, target, settings, {
        sockets,
        deadline: t0 + endpointBoundMs(settings, target.names),
        clock: monotonic,
        closed: () => closed,
      });
    } catch (e) {
      // examine() is written not to throw; this keeps a surprise (or a throwing dial) a verdict.
      examined = { outcome: 'unreachable', reason: `probe failed: ${message(e)}` };
    }
    const { interrupted, ...found } = examined;
    const verdict: ProbeVerdict = {
      address: target.address,
      port: target.port,
      ...found,
      startedAt,
      elapsedMs: Math.round(monotonic() - t0),
    };
    if (!interrupted) own.set(verdict, startedAt);
    log({
      event: 'probe',
      address: verdict.address,
      port: verdict.port,
      ...(options.dial ? { dialAddress: endpointText(dialled.host, dialled.port) } : {}),
      outcome: verdict.outcome,
      dialect: verdict.dialect,
      transport: verdict.transport,
      banner: verdict.banner,
      reason: verdict.reason,
      startedAt: verdict.startedAt,
      elapsedMs: verdict.elapsedMs,
    });
    count(verdict.outcome);
    return verdict;
  }

  /** Waits for a start under the rate limits; false when closed meanwhile. */
  async function startAllowed(address: string): Promise<boolean> {
    for (;;) {
      if (closed) return false;
      const wait = limiter.tryTake(address);
      if (wait === 0) return true;
      if (!(await waits.sleep(wait))) return false;
    }
  }

  const prober: Prober = {
    plan: (targets) => {
      const seen = new Set<string>();
      return targets.map((t) => decide(t, seen));
    },

    async probe(target) {
      const planned = decide(target);
      const refused = refusal();
      if (refused) return skip(planned, refused);
      if (settings.dryRun) return skip(planned, `dry run, not contacted: ${planned.reason}`);
      if (planned.decision !== 'probe') return skip(planned);
      const key = endpointKey(target.address, target.port);
      inFlight.add(key);
      try {
        if (!(await slots.acquire())) return skip(planned, 'the prober was closed before the probe started');
        try {
          if (!(await startAllowed(target.address))) return skip(planned, 'the prober was closed while waiting for the rate limits');
          return await run(target);
        } finally {
          slots.release();
        }
      } finally {
        inFlight.delete(key);
      }
    },

    async probeAll(targets) {
      const planned = prober.plan(targets);
      const refused = refusal();
      if (refused || settings.dryRun) {
        for (const p of planned) skip(p, refused ?? `dry run, not contacted: ${p.reason}`);
        return [];
      }
      const queue: PlannedProbe[] = [];
      for (const p of planned) {
        if (p.decision !== 'probe') skip(p);
        // The caller keeps batches within probe.maxPerSweep; this holds it if one does not.
        else if (queue.length >= settings.maxPerSweep) skip(p, `beyond probe.maxPerSweep (${settings.maxPerSweep}) in one batch`);
        else queue.push(p);
      }
      const verdicts: ProbeVerdict[] = [];
      /**
       * The first queued endpoint the rate limits let start now: one waiting for its prefix's
       * window does not hold up endpoints elsewhere.
       */
      const next = async (): Promise<PlannedProbe | undefined> => {
        for (;;) {
          if (closed || queue.length === 0) return undefined;
          let wait = Infinity;
          for (let i = 0; i < queue.length; i++) {
            const w = limiter.tryTake(queue[i].target.address);
            if (w === 0) return queue.splice(i, 1)[0];
            wait = Math.min(wait, w);
          }
          if (!(await waits.sleep(wait))) return undefined;
        }
      };
      const worker = async () => {
        while (queue.length > 0 && !closed) {
          if (!(await slots.acquire())) return;
          let key: string | undefined;
          try {
            const picked = await next();
            if (!picked) return;
            key = endpointKey(picked.target.address, picked.target.port);
            inFlight.add(key);
            verdicts.push(await run(picked.target));
          } finally {
            if (key) inFlight.delete(key);
            slots.release();
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(settings.concurrency, queue.length) }, worker));
      // Closed before their turn: on record as skipped too.
      for (const p of queue.splice(0)) skip(p, 'the prober was closed before probing it');
      return verdicts;
    },

    close() {
      closed = true;
      waits.cancel();
      slots.cancel();
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
  };
  return prober;
}
