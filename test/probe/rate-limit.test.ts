/** The rate limiter on a fake monotonic clock: the overall token bucket, the per-/24 and per-/48 windows, and cancellable waits. */
import { prefixOf, RateLimiter, Slots, Waits } from '../../src/probe/rate-limit';

function clocked(perSecond: number, perPrefixPerMinute: number) {
  let t = 1000;
  const limiter = new RateLimiter(perSecond, perPrefixPerMinute, () => t);
  return { limiter, advance: (ms: number) => (t += ms) };
}

describe('RateLimiter', () => {
  it('perSecond 2: a bucket of two, then one start every 500 ms', () => {
    const { limiter, advance } = clocked(2, 0);
    expect([limiter.tryTake('198.51.100.1'), limiter.tryTake('198.51.100.2')]).toEqual([0, 0]);
    expect(limiter.tryTake('198.51.100.3')).toBe(500);
    advance(499);
    expect(limiter.tryTake('198.51.100.3')).toBe(1);
    advance(1);
    expect(limiter.tryTake('198.51.100.3')).toBe(0);
    expect(limiter.tryTake('198.51.100.4')).toBe(500);
  });

  it('a fractional rate keeps a bucket of one', () => {
    const { limiter, advance } = clocked(0.5, 0);
    expect(limiter.tryTake('198.51.100.1')).toBe(0);
    expect(limiter.tryTake('198.51.100.1')).toBe(2000);
    advance(2000);
    expect(limiter.tryTake('198.51.100.1')).toBe(0);
  });

  it('perPrefixPerMinute 2: at most two starts into one /24 in any 60 s; other /24s are free', () => {
    const { limiter, advance } = clocked(0, 2);
    expect(limiter.tryTake('203.0.113.1')).toBe(0);
    advance(10_000);
    expect(limiter.tryTake('203.0.113.2')).toBe(0);
    expect(limiter.tryTake('203.0.113.200')).toBe(50_000);
    expect(limiter.tryTake('203.0.114.1')).toBe(0);
    advance(50_000);
    expect(limiter.tryTake('203.0.113.200')).toBe(0);
    expect(limiter.tryTake('203.0.113.201')).toBe(10_000);
  });

  it('IPv6 is limited per /48, IPv4-mapped addresses as IPv4', () => {
    const { limiter } = clocked(0, 1);
    expect(limiter.tryTake('2001:db8:1::1')).toBe(0);
    expect(limiter.tryTake('2001:db8:1:ffff::1')).toBeGreaterThan(0);
    expect(limiter.tryTake('2001:db8:2::1')).toBe(0);
    expect(limiter.tryTake('192.0.2.1')).toBe(0);
    expect(limiter.tryTake('::ffff:192.0.2.77')).toBeGreaterThan(0);
    expect(prefixOf('192.0.2.9')).toBe(prefixOf('::ffff:192.0.2.200'));
    expect(prefixOf('2001:db8:1::1')).toBe(prefixOf('2001:0db8:0001:ffff::1'));
  });

  it('0 turns both limits off', () => {
    const { limiter } = clocked(0, 0);
    for (let i = 0; i < 1000; i++) expect(limiter.tryTake('203.0.113.1')).toBe(0);
  });

  it('a start is taken only when both limits allow it', () => {
    const { limiter, advance } = clocked(1, 1);
    expect(limiter.tryTake('203.0.113.1')).toBe(0);
    advance(1000);
    expect(limiter.tryTake('203.0.113.2')).toBe(59_000); // the bucket has a token, the /24 does not
    expect(limiter.tryTake('198.51.100.1')).toBe(0); // the token was not spent on the refused one
  });
});

describe('Waits and Slots', () => {
  it('cancel() ends every sleep at once, and later ones immediately', async () => {
    const waits = new Waits();
    const started = Date.now();
    const sleeping = waits.sleep(60_000);
    waits.cancel();
    expect(await sleeping).toBe(false);
    expect(await waits.sleep(60_000)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('slots hand over in order and refuse once cancelled', async () => {
    const slots = new Slots(1);
    expect(await slots.acquire()).toBe(true);
    const second = slots.acquire();
    const third = slots.acquire();
    slots.release();
    expect(await second).toBe(true);
    slots.cancel();
    expect(await third).toBe(false);
    expect(await slots.acquire()).toBe(false);
  });
});
