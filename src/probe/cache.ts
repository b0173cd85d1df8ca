/**
 * The prober's own memory of its verdicts (used when the caller keeps none): an endpoint is not
 * asked again while its verdict is younger than probe.cacheSeconds. An unreachable endpoint is
 * retried sooner (after at most an hour): it may only have been down, and no fact was made of it.
 */
import { ipKey } from '../flow/ip';
import type { ProbeVerdict } from './verdict';

const UNREACHABLE_SECONDS = 3600;
/** Entries kept before expired ones are swept out. */
const SWEEP_AT = 10_000;

/** One spelling per endpoint (::ffff:192.0.2.1 and 192.0.2.1 are one). */
export function endpointKey(address: string, port: number): string {
  return `${ipKey(address) ?? address}|${port}`;
}

export class VerdictCache {
  private readonly verdicts = new Map<string, ProbeVerdict>();

  constructor(private readonly cacheSeconds: number) {}

  private lifetimeMs(verdict: ProbeVerdict): number {
    const seconds = verdict.outcome === 'unreachable' ? Math.min(this.cacheSeconds, UNREACHABLE_SECONDS) : this.cacheSeconds;
    return seconds * 1000;
  }

  get(address: string, port: number, now: number): ProbeVerdict | undefined {
    const verdict = this.verdicts.get(endpointKey(address, port));
    return verdict && now - verdict.startedAt < this.lifetimeMs(verdict) ? verdict : undefined;
  }

  set(verdict: ProbeVerdict, now: number): void {
    if (this.verdicts.size >= SWEEP_AT) {
      for (const [key, v] of this.verdicts) if (now - v.startedAt >= this.lifetimeMs(v)) this.verdicts.delete(key);
    }
    this.verdicts.set(endpointKey(verdict.address, verdict.port), verdict);
  }
}
