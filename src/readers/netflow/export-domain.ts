/**
 * One exporter's observation domain (IPFIX) or source id (NetFlow v9): the scope in which
 * template ids, sampler ids and the system init time are defined (RFC 7011 section 3.1,
 * RFC 3954 section 5.1).
 */
import { SamplingState } from './sampling';
import type { TemplatePlan } from './template-plan';

export class ExportDomain {
  /** Templates by id; the cache (template-cache.ts) keeps the global bound. */
  readonly templates = new Map<number, TemplatePlan>();
  readonly sampling = new SamplingState();
  /** systemInitTimeMilliseconds from options data: the base of flowStart/EndSysUpTime in IPFIX. */
  systemInitMillis = NaN;
  /** Latest export time seen from this domain (seconds): held data times out against it. */
  exportSeconds = 0;

  constructor(
    /** Map key: address, version and domain id. */
    readonly key: string,
    /** FlowRecord.exporter for its records: the address, with "#<domain id>" when it is not 0. */
    readonly label: string,
  ) {}
}

export function domainKey(exporter: string, version: number, domainId: number): string {
  return `${exporter}|${version}|${domainId}`;
}

export function domainLabel(exporter: string, domainId: number): string {
  return domainId === 0 ? exporter : `${exporter}#${domainId}`;
}
