/**
 * Templates of every exporter, cached per (exporter, observation domain, template id) and bounded
 * all together by `maxTemplates`: a flood of template ids (or of spoofed exporters) evicts the
 * oldest definition instead of growing without end. Domains (with their sampling state) are
 * bounded by the same number: a domain holds at least one template in normal operation.
 */
import { ExportDomain, domainKey, domainLabel } from './export-domain';
import type { TemplateKind, TemplatePlan } from './template-plan';

export type DefineOutcome = 'new' | 'same' | 'replaced';

export class TemplateCache {
  private readonly domains = new Map<string, ExportDomain>();
  /** Every cached plan in definition order (oldest first), with the domain holding it. */
  private readonly age = new Map<TemplatePlan, ExportDomain>();

  constructor(
    private readonly maxTemplates: number,
    private readonly onEvict: (domain: ExportDomain, plan: TemplatePlan) => void,
  ) {}

  get size(): number {
    return this.age.size;
  }

  get domainCount(): number {
    return this.domains.size;
  }

  /** The domain for a message, created on first sight. */
  domain(exporter: string, version: number, domainId: number): ExportDomain {
    const key = domainKey(exporter, version, domainId);
    let domain = this.domains.get(key);
    if (domain === undefined) {
      if (this.domains.size >= this.maxTemplates) this.dropDomain(this.domains.values().next().value as ExportDomain);
      domain = new ExportDomain(key, domainLabel(exporter, domainId));
      this.domains.set(key, domain);
    }
    return domain;
  }

  define(domain: ExportDomain, plan: TemplatePlan): DefineOutcome {
    const old = domain.templates.get(plan.templateId);
    if (old !== undefined && old.kind === plan.kind && old.definition.equals(plan.definition)) return 'same';
    if (old !== undefined) this.age.delete(old);
    domain.templates.set(plan.templateId, plan);
    this.age.set(plan, domain);
    while (this.age.size > this.maxTemplates) {
      const [oldest, holder] = this.age.entries().next().value as [TemplatePlan, ExportDomain];
      this.forget(holder, oldest);
      this.onEvict(holder, oldest);
    }
    return old === undefined ? 'new' : 'replaced';
  }

  /** Withdraws one template; true when it was known. */
  withdraw(domain: ExportDomain, templateId: number): boolean {
    const plan = domain.templates.get(templateId);
    if (plan === undefined) return false;
    this.forget(domain, plan);
    return true;
  }

  /** Withdraws every template of a kind (IPFIX "all data / all options templates"). */
  withdrawAll(domain: ExportDomain, kind: TemplateKind): number {
    let count = 0;
    for (const plan of [...domain.templates.values()]) {
      if (plan.kind !== kind) continue;
      this.forget(domain, plan);
      count++;
    }
    return count;
  }

  private forget(domain: ExportDomain, plan: TemplatePlan): void {
    this.age.delete(plan);
    if (domain.templates.get(plan.templateId) === plan) domain.templates.delete(plan.templateId);
  }

  private dropDomain(domain: ExportDomain): void {
    for (const plan of domain.templates.values()) {
      this.age.delete(plan);
      this.onEvict(domain, plan);
    }
    this.domains.delete(domain.key);
  }
}
