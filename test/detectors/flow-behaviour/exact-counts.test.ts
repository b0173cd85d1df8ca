import fc from 'fast-check';
import { ExactCounts } from '../../../detectors/flow-behaviour/exact-counts';

describe('ExactCounts', () => {
  it('sums exactly as doubles do, past 32 bits and through fractions', () => {
    const amount = fc.oneof(fc.nat(1000), fc.constantFrom(0.5, 2 ** 31, 2 ** 32 - 1, 2 ** 40, 1e300), fc.double({ min: 0, max: 1e6, noNaN: true }));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3), fc.nat(1), amount), { maxLength: 60 }), (steps) => {
        const counts = new ExactCounts(4, 2);
        const doubles = [0, 0, 0, 0, 0, 0, 0, 0];
        for (const [slot, field, n] of steps) {
          counts.add(slot, field, n);
          doubles[slot * 2 + field] += n;
        }
        for (let slot = 0; slot < 4; slot++) for (let field = 0; field < 2; field++) expect(counts.get(slot, field)).toBe(doubles[slot * 2 + field]);
      }),
    );
  });

  it('starts a reset slot from nothing, however wide it had grown', () => {
    const counts = new ExactCounts(2, 1);
    counts.add(1, 0, 2 ** 32);
    counts.add(0, 0, 3);
    counts.reset(1);
    counts.add(1, 0, 1);
    expect([counts.get(0, 0), counts.get(1, 0)]).toEqual([3, 1]);
  });
});
