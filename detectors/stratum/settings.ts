/**
 * The detectors.stratum config section, narrowed locally: the schema has already validated it,
 * but a detector trusts nothing it is handed. Defaults live in the schema only, so a missing list
 * means "no Stratum V2 ports known", not a built-in guess.
 */
export interface StratumSettings {
  v2Ports: ReadonlySet<number>;
}

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535;
}

export function readSettings(settings: Readonly<Record<string, unknown>> | undefined): StratumSettings {
  const ports = settings?.v2Ports;
  return { v2Ports: new Set(Array.isArray(ports) ? ports.filter(isPort) : []) };
}
