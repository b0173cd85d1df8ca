/**
 * What NetFlow v9 and IPFIX share once a message header is read: template and withdrawal
 * handling, data sets decoded through their template plans, options data (sampling, system
 * init time), and data held until its template arrives.
 */
import type { Config } from '../../config/schema';
import type { IssueCode } from '../../errors/codes';
import { exportToFlowRecord } from '../../flow/export-record';
import type { FlowRecord } from '../../flow/flow-record';
import type { ExportDomain } from './export-domain';
import { ROLE } from './field-types';
import { PendingSets, type HeldSet } from './pending';
import { newExportRecord, readFlow, type ExportClock } from './record-reader';
import { ratePerRecord } from './sampling';
import { TemplateCache } from './template-cache';
import { TemplatePlan, templateProblem, type FieldSpec, type TemplateKind } from './template-plan';
import type { TemplateSink } from './template-sets';
import { allZero, readUint } from './uint';

export type ReportIssue = (code: IssueCode, offset: number, message: string) => void;

export class SetDecoder implements TemplateSink {
  readonly cache: TemplateCache;
  readonly pending: PendingSets;
  private readonly flow = newExportRecord();
  /** The message being decoded: set by `begin`. */
  private domain: ExportDomain | undefined;
  private readonly clock: ExportClock = { exportSeconds: 0, sysUptimeMillis: NaN };
  /** flowExport.samplingRate: the sampling of records whose exporter states none. */
  private readonly unstatedRate: number;
  /** Where the current message is in the input: every issue points there. */
  offset = 0;

  constructor(
    settings: Config['flowExport'],
    private readonly emit: (flow: FlowRecord) => void,
    private readonly report: ReportIssue,
  ) {
    this.unstatedRate = settings.samplingRate;
    this.cache = new TemplateCache(settings.maxTemplates, (domain, plan) =>
      this.report('netflow.template-evicted', this.offset, `template ${plan.templateId} of exporter ${domain.label} dropped: more than ${settings.maxTemplates} templates cached`),
    );
    this.pending = new PendingSets(settings.maxPendingSets, settings.pendingTimeoutSeconds, (domain, templateId, count, first, why) =>
      this.report(
        'netflow.template-missing',
        first.offset,
        `${count} data set(s) for template ${templateId} of exporter ${domain.label} not decoded: ${why}`,
      ),
    );
  }

  /** Starts a message of `domain` (after `offset` is set). */
  begin(domain: ExportDomain, exportSeconds: number, sysUptimeMillis: number): void {
    this.domain = domain;
    this.clock.exportSeconds = exportSeconds;
    this.clock.sysUptimeMillis = sysUptimeMillis;
    if (exportSeconds > domain.exportSeconds) domain.exportSeconds = exportSeconds;
    if (this.pending.size > 0) this.pending.expire(domain, domain.exportSeconds);
  }

  /** An issue in the current message; `message` says where in it (`_at`, for the template parsers). */
  problem(code: IssueCode, _at: number, message: string): void {
    this.report(code, this.offset, message);
  }

  template(templateId: number, kind: TemplateKind, fields: FieldSpec[], definition: Buffer, at: number): void {
    const domain = this.domain as ExportDomain;
    const known = domain.templates.get(templateId);
    if (known !== undefined && known.kind === kind && known.definition.equals(definition)) return;
    const problem = templateProblem(fields);
    if (problem !== undefined) {
      this.cache.withdraw(domain, templateId);
      this.problem('netflow.bad-template', at, `template ${templateId} at byte ${at} of exporter ${domain.label} ignored: ${problem}`);
      return;
    }
    const plan = new TemplatePlan(templateId, kind, fields, Buffer.from(definition));
    this.cache.define(domain, plan);
    if (kind === 'data' && !plan.isFlow) {
      this.problem('netflow.no-addresses', at, `template ${templateId} of exporter ${domain.label} has no source and destination addresses: its records are skipped`);
    }
    if (this.pending.size > 0) for (const held of this.pending.take(domain, templateId)) this.decodeHeld(held, plan);
  }

  withdraw(templateId: number | undefined, kind: TemplateKind): void {
    const domain = this.domain as ExportDomain;
    if (templateId === undefined) this.cache.withdrawAll(domain, kind);
    else this.cache.withdraw(domain, templateId);
  }

  /** A data set (`start`..`end` holds its records) of the current message. */
  dataSet(templateId: number, buf: Buffer, start: number, end: number, setAt: number): void {
    const domain = this.domain as ExportDomain;
    const plan = domain.templates.get(templateId);
    if (plan !== undefined) {
      this.records(plan, domain, buf, start, end, this.clock, setAt);
      return;
    }
    const clock = { exportSeconds: this.clock.exportSeconds, sysUptimeMillis: this.clock.sysUptimeMillis };
    this.pending.hold({ domain, templateId, records: Buffer.from(buf.subarray(start, end)), clock, offset: this.offset, setAt });
  }

  private decodeHeld(held: HeldSet, plan: TemplatePlan): void {
    const offset = this.offset;
    this.offset = held.offset;
    this.records(plan, held.domain, held.records, 0, held.records.length, held.clock, held.setAt);
    this.offset = offset;
  }

  private records(plan: TemplatePlan, domain: ExportDomain, buf: Buffer, start: number, end: number, clock: ExportClock, setAt: number): void {
    if (plan.kind === 'options') return this.optionRecords(plan, domain, buf, start, end);
    if (!plan.isFlow) return;
    const perRecord = ratePerRecord(plan);
    const setRate = domain.sampling.defaultRate;
    const flow = this.flow;
    flow.exporter = domain.label;
    let at = start;
    while (at < end) {
      const length = plan.layout(buf, at, end);
      if (length < 0) break;
      if (readFlow(buf, at, plan, clock, domain, perRecord ? domain.sampling.rateOf(buf, at, plan) : setRate, flow)) {
        this.emit(exportToFlowRecord(flow, this.unstatedRate));
      }
      at += length;
    }
    this.checkTail(plan, domain, buf, at, end, setAt + 4 + (at - start));
  }

  private optionRecords(plan: TemplatePlan, domain: ExportDomain, buf: Buffer, start: number, end: number): void {
    const initAt = plan.at[ROLE.SYSTEM_INIT_MILLIS];
    let at = start;
    while (at < end) {
      const length = plan.layout(buf, at, end);
      if (length < 0) break;
      domain.sampling.learn(buf, at, plan);
      if (initAt >= 0) domain.systemInitMillis = readUint(buf, at + plan.at[ROLE.SYSTEM_INIT_MILLIS], plan.len[ROLE.SYSTEM_INIT_MILLIS]);
      at += length;
    }
  }

  /**
   * Bytes after the last whole record. Fewer than a record are padding, whatever their value
   * (RFC 3954 erratum 2096: padding is shorter than any record; exporters do not always zero it);
   * more means a variable-length record that claims bytes past its set.
   */
  private checkTail(plan: TemplatePlan, domain: ExportDomain, buf: Buffer, at: number, end: number, messageAt: number): void {
    if (end - at < plan.minLength || allZero(buf, at, end)) return;
    this.problem(
      'netflow.truncated',
      messageAt,
      `${end - at} bytes at byte ${messageAt} of a set of template ${plan.templateId} (exporter ${domain.label}) are not a whole record`,
    );
  }
}
