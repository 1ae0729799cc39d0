import { ManualClock } from '../../src/common/clock';
import { DomainError } from '../../src/common/errors';
import type { RateLimitBucket, RateLimitRule } from '../../src/config';
import Redis from 'ioredis';
import { MemoryRateLimitStore, RateLimiter, RedisRateLimitStore } from '../../src/common/request/rate-limit';
import { describeIf, testRedisUrl } from '../helpers/environment';

const rules = (rule: RateLimitRule): Record<RateLimitBucket, RateLimitRule> => ({
  signIn: rule,
  placeBid: rule,
  analytics: rule,
});

async function outcome(p: Promise<void>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (error) {
    return error instanceof DomainError
      ? `${error.code}:${error.extensions.retryAfterSeconds}`
      : String(error);
  }
}

describe('rate limiter', () => {
  it('allows perSubject requests per window for one subject, then RATE_LIMITED with the seconds left', async () => {
    const clock = new ManualClock('2024-11-01T00:00:10Z');
    const limiter = new RateLimiter(
      rules({ perSubject: 2, perIp: 100, windowSeconds: 60 }),
      new MemoryRateLimitStore(clock),
      clock,
    );
    const hit = () => outcome(limiter.consume('placeBid', { subject: 'bidder:1', ip: '10.0.0.1' }));
    expect([await hit(), await hit(), await hit()]).toEqual(['ok', 'ok', 'RATE_LIMITED:50']);
    expect(await outcome(limiter.consume('placeBid', { subject: 'bidder:2', ip: '10.0.0.1' }))).toBe('ok');
    expect(await outcome(limiter.consume('analytics', { subject: 'bidder:1', ip: '10.0.0.1' }))).toBe('ok');
    clock.advance(50_000);
    expect(await hit()).toBe('ok');
  });

  it('counts per IP across subjects and for anonymous callers', async () => {
    const clock = new ManualClock('2024-11-01T00:00:00Z');
    const limiter = new RateLimiter(
      rules({ perSubject: 100, perIp: 3, windowSeconds: 10 }),
      new MemoryRateLimitStore(clock),
      clock,
    );
    const results = [];
    for (const subject of ['a', 'b', null, 'c'])
      results.push(await outcome(limiter.consume('signIn', { subject, ip: '::1' })));
    expect(results).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED:10']);
    expect(await outcome(limiter.consume('signIn', { subject: 'c', ip: '::2' }))).toBe('ok');
  });

  it('treats 0 as no limit', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(
      rules({ perSubject: 0, perIp: 0, windowSeconds: 1 }),
      new MemoryRateLimitStore(clock),
      clock,
    );
    for (let i = 0; i < 50; i++) await limiter.consume('placeBid', { subject: 's', ip: 'i' });
  });

  it('forgets expired windows', async () => {
    const clock = new ManualClock('2024-11-01T00:00:00Z');
    const store = new MemoryRateLimitStore(clock);
    const limiter = new RateLimiter(rules({ perSubject: 5, perIp: 5, windowSeconds: 1 }), store, clock);
    for (let i = 0; i < 1500; i++) {
      await limiter.consume('analytics', { subject: `s${i}`, ip: `ip${i}` });
      clock.advance(10_000);
    }
    expect(store.size).toBeLessThan(1100);
  });

  it('lets requests through when Redis does not answer, and says so', async () => {
    const clock = new ManualClock();
    const logged: string[] = [];
    const store = new RedisRateLimitStore('redis://127.0.0.1:1');
    const limiter = new RateLimiter(
      rules({ perSubject: 1, perIp: 1, windowSeconds: 60 }),
      store,
      clock,
      (m) => logged.push(m),
    );
    try {
      for (let i = 0; i < 3; i++) await limiter.consume('signIn', { subject: 'x', ip: 'y' });
      expect(logged.join('\n')).toMatch(/rate limits not enforced/);
    } finally {
      await store.close();
    }
  });
});

describeIf(!!testRedisUrl(), 'TEST_REDIS_URL is not set')('rate limiter on Redis', () => {
  it('counts the subject and the IP in one round trip, shared by every instance', async () => {
    const url = testRedisUrl()!;
    const clock = new ManualClock('2024-11-01T00:00:10Z');
    const prefix = `test:rate:${Date.now()}:${Math.random()}`;
    const stores = [new RedisRateLimitStore(url), new RedisRateLimitStore(url)];
    const [a, b] = stores.map(
      (store) =>
        new RateLimiter(
          rules({ perSubject: 3, perIp: 5, windowSeconds: 60 }),
          store,
          clock,
          undefined,
          prefix,
        ),
    );
    const admin = new Redis(url);
    const calls = async () => {
      const stats = await admin.info('commandstats');
      return ['eval', 'evalsha']
        .map((name) => Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(stats)?.[1] ?? 0))
        .reduce((sum, n) => sum + n, 0);
    };
    try {
      await a.consume('placeBid', { subject: 'warm-up', ip: 'warm-up' }); // the script loaded once
      const before = await calls();
      const seen = [];
      for (const limiter of [a, b, a, b])
        seen.push(await outcome(limiter.consume('placeBid', { subject: 's', ip: 'i' })));
      // one script call per request: both keys counted in one round trip
      expect((await calls()) - before).toBe(4);
      expect(seen).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED:50']);
      // another subject from the same IP: its own count, the IP's fifth request, then the IP's limit
      expect(await outcome(b.consume('placeBid', { subject: 't', ip: 'i' }))).toBe('ok');
      expect(await outcome(a.consume('placeBid', { subject: 'u', ip: 'i' }))).toBe('RATE_LIMITED:50');
      const keys = await admin.keys(`${prefix}:*`);
      expect(keys.length).toBe(6);
      for (const key of keys) expect(await admin.pttl(key)).toBeGreaterThan(60_000);
    } finally {
      await admin.quit();
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
