import { ReportedSizes } from '../../../detectors/site-pattern/reported-sizes';
import { endpointText, sampleText } from '../../../detectors/site-pattern/mining-sessions';

describe('ReportedSizes', () => {
  it('answers the growth since the last report, never a shrink', () => {
    const sizes = new ReportedSizes(10);
    expect(sizes.growth('farm|a', 4)).toBe(4);
    expect(sizes.growth('farm|a', 4)).toBe(0);
    expect(sizes.growth('farm|a', 3)).toBe(0);
    expect(sizes.growth('farm|a', 7)).toBe(3);
  });

  it('forgets the oldest key past its capacity', () => {
    const sizes = new ReportedSizes(2);
    sizes.growth('a', 1);
    sizes.growth('b', 1);
    sizes.growth('c', 1);
    expect(sizes.growth('b', 1)).toBe(0);
    expect(sizes.growth('a', 1)).toBe(1);
  });
});

describe('endpoint text', () => {
  it('brackets IPv6 addresses and shortens long lists', () => {
    expect(endpointText('2001:db8::1', 3333)).toBe('[2001:db8::1]:3333');
    expect(sampleText(['a', 'b', 'c'], 2)).toBe('a, b (+1 more)');
  });
});
