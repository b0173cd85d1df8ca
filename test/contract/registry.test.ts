/** The registry, the detector folders, their READMEs and the config schema stay in sync. */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { detectors } from '../../detectors';
import { configSchema } from '../../src/config/schema';
import { codeSpecs } from '../../src/score/code-specs';
import { repoRoot } from '../helpers/scan';

const folders = readdirSync(join(repoRoot, 'detectors')).filter(
  (name) => statSync(join(repoRoot, 'detectors', name)).isDirectory() && existsSync(join(repoRoot, 'detectors', name, 'index.ts')),
);

describe('detector registry', () => {
  it('registers every detector folder exactly once, under the folder name', () => {
    expect(detectors.map((d) => d.id).sort()).toEqual(folders.sort());
  });

  it('declares unique evidence codes with weights in 0..1', () => {
    const specs = codeSpecs(detectors);
    expect(specs.size).toBeGreaterThan(0);
    for (const spec of specs.values()) {
      expect(spec.weight).toBeGreaterThanOrEqual(0);
      expect(spec.weight).toBeLessThanOrEqual(1);
      expect(spec.description.length).toBeGreaterThan(10);
    }
  });

  it.each(folders)('detectors/%s has a README naming every evidence code and citing sources', (folder) => {
    const readme = readFileSync(join(repoRoot, 'detectors', folder, 'README.md'), 'utf8');
    const detector = detectors.find((d) => d.id === folder)!;
    for (const spec of detector.codes) expect(readme).toContain(spec.code);
    expect(readme).toMatch(/https?:\/\//);
  });

  it('keeps node-protocol evidence alone below the flagging level', () => {
    const { mediumAt } = configSchema.parse({}).score;
    for (const spec of codeSpecs(detectors).values()) {
      if (spec.role === 'node' || spec.basis === 'port') expect(spec.weight * 100).toBeLessThan(mediumAt);
    }
  });

  it('detectors import nothing from rigsweep but the detector API', () => {
    for (const folder of folders) {
      const dir = join(repoRoot, 'detectors', folder);
      const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
      for (const file of files) {
        const text = readFileSync(join(dir, file), 'utf8');
        const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]).filter((p) => p.includes('/src/'));
        for (const p of imports) expect(`${folder}/${file} imports ${p}`).toMatch(/src\/detect\/api'?$/);
      }
    }
  });
});
