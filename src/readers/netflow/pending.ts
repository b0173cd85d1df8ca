/**
 * Data sets that arrived before their template (a collector started after the exporter sent its
 * templates, or UDP reordering). They are held, copied, until the template comes, bounded in
 * number (`maxPendingSets`, all exporters together: the oldest goes first) and in age
 * (`pendingTimeoutSeconds` of the exporter's own export time).
 */
import type { ExportDomain } from './export-domain';
import type { ExportClock } from './record-reader';

export interface HeldSet {
  domain: ExportDomain;
  templateId: number;
  /** The set's records (a copy: the message buffer is reused by readers). */
  records: Buffer;
  clock: ExportClock;
  /** Where the message was in the input, and where the set was in the message. */
  offset: number;
  setAt: number;
  /** Arrival order across all domains. */
  order: number;
}

/** Reports `count` held sets of one template that will never be decoded. */
export type LostSets = (domain: ExportDomain, templateId: number, count: number, first: HeldSet, why: string) => void;

export class PendingSets {
  /** Held sets per domain, oldest first. */
  private readonly byDomain = new Map<ExportDomain, HeldSet[]>();
  private held = 0;
  private arrivals = 0;

  constructor(
    private readonly maxSets: number,
    private readonly timeoutSeconds: number,
    private readonly lost: LostSets,
  ) {}

  get size(): number {
    return this.held;
  }

  hold(set: Omit<HeldSet, 'order'>): void {
    const entry: HeldSet = { ...set, order: this.arrivals++ };
    if (this.maxSets === 0) {
      this.lost(entry.domain, entry.templateId, 1, entry, 'no data sets may be held (flowExport.maxPendingSets is 0)');
      return;
    }
    if (this.held >= this.maxSets) this.dropOldest();
    const list = this.byDomain.get(set.domain);
    if (list === undefined) this.byDomain.set(set.domain, [entry]);
    else list.push(entry);
    this.held++;
  }

  /** Removes and returns the sets held for a template that has just been defined. */
  take(domain: ExportDomain, templateId: number): HeldSet[] {
    const list = this.byDomain.get(domain);
    if (list === undefined) return [];
    const taken = list.filter((s) => s.templateId === templateId);
    if (taken.length === 0) return taken;
    this.replace(domain, list.filter((s) => s.templateId !== templateId));
    this.held -= taken.length;
    return taken;
  }

  /** Gives up on the domain's sets older than the timeout, measured in its export time. */
  expire(domain: ExportDomain, nowSeconds: number): void {
    const list = this.byDomain.get(domain);
    if (list === undefined) return;
    let stale = 0;
    while (stale < list.length && nowSeconds - list[stale].clock.exportSeconds > this.timeoutSeconds) stale++;
    if (stale === 0) return;
    this.report(list.slice(0, stale), `their template did not arrive within ${this.timeoutSeconds} s`);
    this.replace(domain, list.slice(stale));
    this.held -= stale;
  }

  /** End of input: everything still held is lost. */
  flush(): void {
    for (const list of this.byDomain.values()) this.report(list, 'their template never arrived');
    this.byDomain.clear();
    this.held = 0;
  }

  private dropOldest(): void {
    let oldest: HeldSet[] | undefined;
    for (const list of this.byDomain.values()) if (oldest === undefined || list[0].order < oldest[0].order) oldest = list;
    if (oldest === undefined) return;
    const dropped = oldest.shift() as HeldSet;
    if (oldest.length === 0) this.byDomain.delete(dropped.domain);
    this.held--;
    this.lost(dropped.domain, dropped.templateId, 1, dropped, `more than ${this.maxSets} data sets were waiting for templates`);
  }

  private replace(domain: ExportDomain, rest: HeldSet[]): void {
    if (rest.length === 0) this.byDomain.delete(domain);
    else this.byDomain.set(domain, rest);
  }

  /** One report per template, with the count and the first set's position. */
  private report(sets: HeldSet[], why: string): void {
    const byTemplate = new Map<number, HeldSet[]>();
    for (const s of sets) {
      const group = byTemplate.get(s.templateId);
      if (group === undefined) byTemplate.set(s.templateId, [s]);
      else group.push(s);
    }
    for (const [templateId, group] of byTemplate) this.lost(group[0].domain, templateId, group.length, group[0], why);
  }
}
