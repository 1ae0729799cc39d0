import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, DEMO_JWT_SECRET, loadConfig } from '../../src/config';

describe('config', () => {
  it('defaults to demo mode on the embedded SQLite file', () => {
    const config = loadConfig({});
    expect(config.demoMode).toBe(true);
    expect(config.jwtSecret).toBe(DEMO_JWT_SECRET);
    expect(config.port).toBe(4000);
    expect(config.database).toEqual({
      kind: 'sqlite',
      path: expect.stringMatching(/data\/platform\.sqlite$/),
    });
    expect(config.seed).toBe('demo');
    expect(config.lostContactDays).toBe(180);
    expect(config.redisUrl).toBeUndefined();
  });

  it('refuses to start in production without JWT_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    const keys = { RECEIPT_SIGNING_KEY_FILE: 'receipt-keys.json' };
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), ...keys }).demoMode).toBe(false);
  });

  it('refuses to start in production without a receipt signing key file, unless receipts are off', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };
    expect(() => loadConfig(production)).toThrow(/RECEIPT_SIGNING_KEY_FILE is required/);
    expect(loadConfig({ ...production, RECEIPT_SIGNING_KEY_FILE: 'k.json' }).receipts).toEqual({
      enabled: true,
      keyFile: resolve('k.json'),
    });
    expect(loadConfig({ ...production, AUCTION_RECEIPTS: 'off' }).receipts.enabled).toBe(false);
    // outside production a key may live in memory (demo mode, tests)
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(32) }).receipts.keyFile).toBeUndefined();
  });

  it('reads the secret from JWT_SECRET_FILE, so the server and npm run token share it across shells', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    const file = join(dir, 'jwt-secret');
    writeFileSync(file, `${'s'.repeat(40)}\n`);
    try {
      const config = loadConfig({
        JWT_SECRET_FILE: file,
        NODE_ENV: 'production',
        RECEIPT_SIGNING_KEY_FILE: join(dir, 'receipt-keys.json'),
      });
      expect(config.jwtSecret).toBe('s'.repeat(40));
      expect(config.demoMode).toBe(false);
      expect(() => loadConfig({ JWT_SECRET_FILE: file, JWT_SECRET: 'x'.repeat(32) })).toThrow(/not both/);
      expect(() => loadConfig({ JWT_SECRET_FILE: join(dir, 'missing') })).toThrow(/JWT_SECRET_FILE.*ENOENT/);
      writeFileSync(file, 'short\n');
      expect(() => loadConfig({ JWT_SECRET_FILE: file })).toThrow(/JWT_SECRET_FILE must hold at least 16/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [{ SHUTDOWN_GRACE_MS: 'soon' }, /SHUTDOWN_GRACE_MS/],
    [{ HEAP_GROWTH_PERCENT: 'lots' }, /HEAP_GROWTH_PERCENT/],
    [{ HEAP_GROWTH_PERCENT: '-5' }, /HEAP_GROWTH_PERCENT/],
    [{ HEAP_GROWTH_PERCENT: '500' }, /HEAP_GROWTH_PERCENT/],
    [{ PORT: 'abc' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ DATABASE_URL: 'sqlite:' }, /DATABASE_URL/],
    [{ REDIS_URL: 'http://x' }, /REDIS_URL/],
    [{ SEED: 'all' }, /SEED/],
    [{ LOST_CONTACT_DAYS: '0' }, /LOST_CONTACT_DAYS/],
    [{ LOST_CONTACT_DAYS: '1.5' }, /LOST_CONTACT_DAYS/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET/],
    [{ GRAPHIQL: 'maybe' }, /GRAPHIQL/],
    [{ MAX_QUERY_DEPTH: '1' }, /MAX_QUERY_DEPTH/],
    [{ MAX_BODY_BYTES: '10' }, /MAX_BODY_BYTES/],
    [{ RATE_LIMIT_SIGN_IN: '10' }, /RATE_LIMIT_SIGN_IN/],
    [{ RATE_LIMIT_PLACE_BID: '1/2/0' }, /RATE_LIMIT_PLACE_BID/],
    [{ TRUST_PROXY_HOPS: 'yes' }, /TRUST_PROXY_HOPS/],
    [{ WS_MAX_SUBSCRIPTIONS: '0' }, /WS_MAX_SUBSCRIPTIONS/],
    [{ WS_MAX_BUFFERED_BYTES: '10' }, /WS_MAX_BUFFERED_BYTES/],
    [{ WS_KEEPALIVE_MS: 'often' }, /WS_KEEPALIVE_MS/],
    [{ WS_CONNECTION_INIT_TIMEOUT_MS: '5' }, /WS_CONNECTION_INIT_TIMEOUT_MS/],
  ])('names the bad variable in %p', (env, pattern) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(pattern);
  });

  it('gives the WebSocket endpoint a connection policy, from the environment or by default', () => {
    expect(loadConfig({}).ws).toEqual({
      keepAliveMs: 12_000,
      connectionInitWaitTimeoutMs: 3_000,
      maxSubscriptionsPerConnection: 20,
      maxBufferedBytes: 1_048_576,
    });
    expect(
      loadConfig({
        WS_KEEPALIVE_MS: '0',
        WS_CONNECTION_INIT_TIMEOUT_MS: '1000',
        WS_MAX_SUBSCRIPTIONS: '5',
        WS_MAX_BUFFERED_BYTES: '65536',
      }).ws,
    ).toEqual({
      keepAliveMs: 0,
      connectionInitWaitTimeoutMs: 1000,
      maxSubscriptionsPerConnection: 5,
      maxBufferedBytes: 65536,
    });
  });

  it('lets the heap grow 30 % over what is live by default; 0 leaves it to V8', () => {
    expect(loadConfig({}).heapGrowthPercent).toBe(30);
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '100' }).heapGrowthPercent).toBe(100);
  });

  it('reads PostgreSQL and Redis URLs', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/test',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(config.database).toEqual({ kind: 'postgresql', url: 'postgresql://postgres@127.0.0.1:5432/test' });
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it('reads limits and rate limits, with defaults', () => {
    const config = loadConfig({
      MAX_QUERY_DEPTH: '8',
      RATE_LIMIT_SIGN_IN: '3/9/120',
      RATE_LIMIT_ANALYTICS: 'off',
    });
    expect(config.limits).toMatchObject({
      maxDepth: 8,
      maxAliases: 30,
      maxBatchSize: 0,
      maxBodyBytes: 1_048_576,
    });
    expect(config.rateLimits.signIn).toEqual({ perSubject: 3, perIp: 9, windowSeconds: 120 });
    expect(config.rateLimits.analytics).toMatchObject({ perSubject: 0, perIp: 0 });
    expect(config.rateLimits.placeBid).toEqual({ perSubject: 20, perIp: 200, windowSeconds: 10 });
    expect(config.trustProxyHops).toBe(0);
  });
});
