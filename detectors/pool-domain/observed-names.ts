/**
 * The names a flow shows, tagged with where they were seen. A resolver forwarding queries for
 * its clients shows their names too, so DNS names are weaker evidence than the name a client
 * put in its own TLS ClientHello or HTTP request.
 */
import type { FlowRecord } from '../../src/detect/api';
import { hostOfHttpHost } from './suffix-index';

export type Via = 'sni' | 'http-host' | 'dns';

export interface ObservedName {
  name: string;
  via: Via;
}

/** DNS records can carry many names; looking at more than this per flow adds nothing but work. */
const MAX_DNS_NAMES = 32;

function dnsNames(flow: FlowRecord): string[] {
  const names = [...(flow.dnsQueries ?? [])];
  for (const answer of flow.dnsAnswers ?? []) {
    names.push(answer.name);
    if (answer.type === 'CNAME') names.push(answer.value);
  }
  return names.slice(0, MAX_DNS_NAMES);
}

export function observedNames(flow: FlowRecord): ObservedName[] {
  const names: ObservedName[] = [];
  if (flow.tlsSni) names.push({ name: flow.tlsSni, via: 'sni' });
  const httpHost = flow.http?.host && hostOfHttpHost(flow.http.host);
  if (httpHost) names.push({ name: httpHost, via: 'http-host' });
  for (const name of dnsNames(flow)) names.push({ name, via: 'dns' });
  return names;
}
