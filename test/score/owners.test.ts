import { parseOwnerMap } from '../../src/score/owners';

describe('owner map', () => {
  const lookup = parseOwnerMap(
    ['cidr,owner,nature', '# carrier aggregate', '10.0.0.0/8,Carrier,residential broadband', '10.1.2.0/24,EV Charge Co,charging station', '2001:db8::/32,DC Inc,data centre'].join('\n'),
    'owners.csv',
  );

  it('picks the most specific range', () => {
    expect(lookup('10.1.2.3')?.name).toBe('EV Charge Co');
    expect(lookup('10.9.9.9')?.name).toBe('Carrier');
    expect(lookup('2001:db8::1')?.nature).toBe('data centre');
    expect(lookup('8.8.8.8')).toBeUndefined();
  });

  it('names file and line on a bad row', () => {
    expect(() => parseOwnerMap('cidr,owner,nature\nnot-a-range,X,y\n', 'owners.csv')).toThrow('owners.csv:2');
    expect(() => parseOwnerMap('10.0.0.0/8,,y\n', 'o.csv')).toThrow('o.csv:1: no owner name');
  });
});
