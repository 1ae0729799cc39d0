/**
 * Rate limits per subject and per IP, in fixed windows of the server's clock. Counts live in memory, or in
 * Redis when REDIS_URL is set, so every instance of the service counts against the same limit (one script that increments every key of
 * the request — the subject's and the IP's — atomically, in one round trip). Buckets and their limits are configured centrally (config.rateLimits); a
 * resolver opts in with one line (./rate-limit.middleware.ts):
 *
 *   @UseMiddleware(RateLimit('placeBid'))
 *
 * A refusal is RATE_LIMITED with extensions.retryAfterSeconds (HTTP 429 when it is the whole response).
 * If Redis stops answering, requests are let through (and the failure is logged): the limits protect capacity,
 * and an outage of Redis should not stop the auctions.
 */
import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import { Lru } from '../lru';
import { metrics } from '../telemetry/metrics';
import type { Clock } from '../clock';
import { DomainError, ErrorCode } from '../errors';
import type { RateLimitBucket, RateLimitRule } from '../../config';

export interface RateLimitStore {
  /** adds one to each key's count and returns the new counts, in order; a new key lives for ttlMs */
  increment(keys: string[], ttlMs: number): Promise<number[]>;
  close(): Promise<void>;
}

/** One process's counts. Expired windows are dropped as new ones arrive. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly counts = new Map<string, { count: number; expiresAt: number }>();
  private sinceSweep = 0;

  constructor(private readonly clock: Clock) {}

  async increment(keys: string[], ttlMs: number): Promise<number[]> {
    const now = this.clock.now().getTime();
    if (++this.sinceSweep >= 1000) this.sweep(now);
    return keys.map((key) => {
      const entry = this.counts.get(key);
      if (!entry || entry.expiresAt <= now) {
        this.counts.set(key, { count: 1, expiresAt: now + ttlMs });
        return 1;
      }
      entry.count += 1;
      return entry.count;
    });
  }

  private sweep(now: number): void {
    this.sinceSweep = 0;
    for (const [key, entry] of this.counts) if (entry.expiresAt <= now) this.counts.delete(key);
  }

  get size(): number {
    return this.counts.size;
  }

  async close(): Promise<void> {
    this.counts.clear();
  }
}

/** every key of one request in one round trip; a key's window starts with its first count */
const INCREMENT_SCRIPT = `
local counts = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
  counts[i] = count
end
return counts`;

type ScriptedRedis = Redis & {
  rateLimitIncrement(count: number, ...args: string[]): Promise<number[]>;
};

/** Counts shared by every instance that uses the same Redis. */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: ScriptedRedis;

  constructor(url: string) {
    this.redis = new Redis(url, {
      maxRetriesPerRequest: 1,
      commandTimeout: 1000,
      enableOfflineQueue: true,
    }) as ScriptedRedis;
    // sent by its SHA (EVALSHA), the script's text only when Redis does not know it yet
    this.redis.defineCommand('rateLimitIncrement', { lua: INCREMENT_SCRIPT });
    this.redis.on('error', () => undefined); // surfaced per request (and through /readyz for the publisher)
  }

  async increment(keys: string[], ttlMs: number): Promise<number[]> {
    const counts = await this.redis.rateLimitIncrement(keys.length, ...keys, String(ttlMs));
    return counts.map(Number);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}

export interface RateLimitKeys {
  /** who: the viewer's subject, or what a sign-in names (the username); null counts per IP only */
  subject: string | null;
  ip: string;
}

/** Keys hold a digest of the subject, so a caller's input never makes keys long. */
const digests = new Lru<string, string>(10_000);
function digest(value: string): string {
  // the same few subjects and IPs ask again and again (a bidder in a race: many times a second)
  let known = digests.get(value);
  if (known === undefined) {
    known = createHash('sha256').update(value).digest('base64url').slice(0, 22);
    digests.set(value, known);
  }
  return known;
}

export class RateLimiter {
  private lastFailureLog = 0;

  constructor(
    private readonly rules: Record<RateLimitBucket, RateLimitRule>,
    private readonly store: RateLimitStore,
    private readonly clock: Clock,
    private readonly log: (message: string) => void = () => undefined,
    private readonly prefix = 'platform:rate',
  ) {}

  /** Counts one request against the bucket; throws RATE_LIMITED when the subject or the IP is over its limit. */
  async consume(bucket: RateLimitBucket, keys: RateLimitKeys): Promise<void> {
    const rule = this.rules[bucket];
    const windowMs = rule.windowSeconds * 1000;
    const now = this.clock.now().getTime();
    const window = Math.floor(now / windowMs);
    const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
    const checks: [string, number][] = [];
    if (keys.subject !== null && rule.perSubject > 0)
      checks.push([`s:${digest(keys.subject)}`, rule.perSubject]);
    if (rule.perIp > 0) checks.push([`i:${digest(keys.ip)}`, rule.perIp]);
    if (checks.length === 0) return;
    let counts: number[];
    try {
      counts = await this.store.increment(
        checks.map(([key]) => `${this.prefix}:${bucket}:${key}:${window}`),
        // a little longer than the window, so clocks a moment apart still share the count
        windowMs + 5000,
      );
    } catch (error) {
      if (now - this.lastFailureLog > 60_000) {
        this.lastFailureLog = now;
        this.log(`rate limits not enforced: the store did not answer (${(error as Error).message})`);
      }
      return;
    }
    if (counts.some((count, i) => count > checks[i][1])) {
      metrics.rateLimitRefused(bucket);
      throw new DomainError(
        ErrorCode.RATE_LIMITED,
        `too many requests; try again in ${retryAfterSeconds} s`,
        {
          retryAfterSeconds,
        },
      );
    }
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

export function createRateLimiter(
  rules: Record<RateLimitBucket, RateLimitRule>,
  redisUrl: string | undefined,
  clock: Clock,
  log: (message: string) => void,
): RateLimiter {
  const store = redisUrl ? new RedisRateLimitStore(redisUrl) : new MemoryRateLimitStore(clock);
  return new RateLimiter(rules, store, clock, log);
}
