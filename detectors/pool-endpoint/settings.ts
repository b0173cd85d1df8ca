/** The pool-endpoint config section as the detector receives it, narrowed to the contact bounds. */
export interface ContactLimits {
  maxContacts: number;
  contactIdleSeconds: number;
}

// Used only when the detector runs without the config (tests, embedding); the schema holds the real defaults.
const FALLBACK: ContactLimits = { maxContacts: 200_000, contactIdleSeconds: 86_400 };

export function contactLimitsFrom(settings: Readonly<Record<string, unknown>>): ContactLimits {
  const max = settings.maxContacts;
  const idle = settings.contactIdleSeconds;
  return {
    maxContacts: typeof max === 'number' && Number.isInteger(max) && max >= 1 ? max : FALLBACK.maxContacts,
    contactIdleSeconds: typeof idle === 'number' && Number.isFinite(idle) && idle > 0 ? idle : FALLBACK.contactIdleSeconds,
  };
}
