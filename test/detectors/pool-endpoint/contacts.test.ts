/**
 * The contact window under a flood of one-record visits, as a carrier's web traffic is: the long
 * sessions a later probe verdict is about must still be there when the verdict arrives.
 */
import { ContactWindow } from '../../../detectors/pool-endpoint/contacts';
import type { IntelFact } from '../../../src/detect/api';
import { makeFlow } from '../../helpers/flows';
import { endpointRun } from './run';

const T0 = 1_700_000_000;

describe('ContactWindow', () => {
  it('drops one-record contacts first, oldest first, and keeps a contact seen again', () => {
    const window = new ContactWindow(3);
    window.add('10.0.0.1', '198.51.100.1', 443, T0, T0 + 300);
    window.add('10.0.0.1', '198.51.100.1', 443, T0 + 300, T0 + 600); // seen again
    window.add('10.0.0.2', '203.0.113.1', 443, T0 + 1, T0 + 2);
    window.add('10.0.0.2', '203.0.113.2', 443, T0 + 3, T0 + 4);
    const dropped = window.add('10.0.0.2', '203.0.113.3', 443, T0 + 5, T0 + 6);
    expect(dropped).toMatchObject({ server: '203.0.113.1', count: 1 });
    expect(window.size).toBe(3);
    expect([...window.values()].map((c) => c.server).sort()).toEqual(['198.51.100.1', '203.0.113.2', '203.0.113.3']);
  });

  it('when every contact is repeated, drops the least recently seen', () => {
    const window = new ContactWindow(2);
    window.add('10.0.0.1', '198.51.100.1', 3333, T0, T0 + 1, 5);
    window.add('10.0.0.1', '198.51.100.2', 3333, T0, T0 + 1, 5);
    window.add('10.0.0.1', '198.51.100.1', 3333, T0 + 10, T0 + 11); // .1 is now the more recent
    expect(window.add('10.0.0.1', '198.51.100.3', 3333, T0 + 20, T0 + 21, 2)).toMatchObject({ server: '198.51.100.2', count: 5 });
  });

  it('keeps room for new contacts when the window is full of repeated ones, so a new session can be seen again', () => {
    const window = new ContactWindow(10);
    for (let i = 0; i < 10; i++) window.add('10.0.0.1', `198.51.100.${i}`, 443, T0, T0 + 300, 3);
    expect(window.add('10.0.0.9', '203.0.113.50', 443, T0 + 400, T0 + 401)).toBeDefined(); // room made
    window.add('10.0.0.9', '203.0.113.51', 443, T0 + 402, T0 + 403);
    window.add('10.0.0.9', '203.0.113.50', 443, T0 + 700, T0 + 701); // the new session's second record
    expect([...window.values()].find((c) => c.server === '203.0.113.50')).toMatchObject({ count: 2 });
    expect(window.size).toBe(10);
  });

  it('round-trips through exported rows with counts and segments kept', () => {
    const window = new ContactWindow(10);
    window.add('10.0.0.1', '198.51.100.1', 443, T0, T0 + 300, 7);
    window.add('10.0.0.1', '203.0.113.9', 80, T0, T0 + 1);
    const copy = new ContactWindow(2);
    expect(copy.absorb(window.rows(), () => undefined)).toBe(0);
    const dropped: string[] = [];
    copy.absorb([['10.0.0.3', '203.0.113.10', 80, T0, T0 + 1, 1]], (c) => dropped.push(c.server));
    expect(dropped).toEqual(['203.0.113.9']); // the one-record contact goes, the 7-record one stays
    expect(copy.rows()).toContainEqual(['10.0.0.1', '198.51.100.1', 443, T0, T0 + 300, 7]);
  });
});

describe('a probe verdict after a flood of web visits', () => {
  it('still refutes the long session it is about, seen before 1,000 one-off contacts in a window of 100', () => {
    const run = endpointRun([], { maxContacts: 100 });
    const session = (at: number) => makeFlow({ source: 'flow-export', client: '10.0.0.23', server: '198.51.100.40', serverPort: 443, firstSeen: at, lastSeen: at + 300 });
    for (let i = 0; i < 4; i++) run.judge(session(T0 + 300 * i));
    for (let i = 0; i < 1000; i++) {
      run.judge(makeFlow({ source: 'flow-export', client: '10.0.1.1', server: `203.0.${113 + (i >> 8)}.${i & 255}`, serverPort: 443, firstSeen: T0 + 1200 + i, lastSeen: T0 + 1201 + i }));
    }
    const notPool: IntelFact = { address: '198.51.100.40', port: 443, verdict: 'not-pool', source: 'probe', confidence: 0.9, firstSeen: T0 + 3000, lastSeen: T0 + 3000, expiresAt: T0 + 90_000 };
    run.intel.add([notPool]);
    const found = run.run.sweep!(T0 + 3000);
    expect(found).toEqual([expect.objectContaining({ code: 'pool-endpoint.not-pool', subject: '10.0.0.23', count: 4 })]);
  });
});
