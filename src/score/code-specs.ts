import type { Detector, EvidenceCodeSpec } from '../detect/api';

export type CodeSpecs = ReadonlyMap<string, EvidenceCodeSpec>;

/** Every declared evidence code, with the operator's weight overrides applied. */
export function codeSpecs(detectors: readonly Detector[], overrides: Record<string, number> = {}): CodeSpecs {
  const specs = new Map<string, EvidenceCodeSpec>();
  for (const d of detectors) {
    for (const spec of d.codes) {
      if (specs.has(spec.code)) throw new Error(`evidence code ${spec.code} is declared twice`);
      specs.set(spec.code, { ...spec, weight: overrides[spec.code] ?? spec.weight });
    }
  }
  const unknown = Object.keys(overrides).filter((code) => !specs.has(code));
  if (unknown.length) throw new Error(`score.weights names unknown evidence codes: ${unknown.join(', ')}`);
  return specs;
}
