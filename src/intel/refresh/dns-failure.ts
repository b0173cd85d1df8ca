/**
 * A failed lookup in words, led by node's error code (ENOTFOUND is NXDOMAIN, ESERVFAIL is
 * SERVFAIL, …) so operators can grep for the code and read what it means in one line.
 */
const MEANINGS: Record<string, string> = {
  ENOTFOUND: 'no such name (NXDOMAIN)',
  ENODATA: 'the name has no A or AAAA records',
  ESERVFAIL: 'the resolver failed to answer (SERVFAIL)',
  EREFUSED: 'the resolver refused the query (REFUSED)',
  ETIMEOUT: 'no answer before intel.refresh.timeoutMs (resolver unreachable or silent)',
  ECONNREFUSED: 'the resolver could not be reached (connection refused)',
  EFORMERR: 'the resolver rejected the query as malformed (FORMERR)',
  ENOTIMP: 'the resolver does not implement the query (NOTIMP)',
  EBADRESP: 'the resolver sent a malformed reply',
  ECANCELLED: 'the query was cancelled',
};

export function dnsErrorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code !== '' ? code : 'EUNKNOWN';
}

export function failureReason(code: string, error?: unknown): string {
  const meaning = MEANINGS[code] ?? (error instanceof Error ? error.message : 'lookup failed');
  return `${code}: ${meaning}`;
}
