/** How long a pool address taught by a DNS answer stays a fact (the indicators section's learnedAddressTtlSeconds). */

// Used only when the detector runs without the config (tests, embedding); the schema holds the real default.
const FALLBACK_TTL_SECONDS = 86_400;

export function learnedLifetimeFrom(settings: Readonly<Record<string, unknown>>): number {
  const ttl = settings.learnedAddressTtlSeconds;
  return typeof ttl === 'number' && Number.isFinite(ttl) && ttl > 0 ? ttl : FALLBACK_TTL_SECONDS;
}
