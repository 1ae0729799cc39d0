/** Staff sign-in: passwords, tokens, lock-out, demo accounts, and the sign-in rate limit (memory and Redis). */
import { randomBytes } from 'node:crypto';
import { ManualClock } from '../../src/common/clock';
import { Role } from '../../src/common/viewer';
import { loadConfig, type RateLimitRule } from '../../src/config';
import { createStaffAccount } from '../../src/auth/staff-account.service';
import { StaffAccount } from '../../src/auth/staff-account.entity';
import { startApp } from '../../src/server/app';
import { describeIf, testDatabases, testRedisUrl } from '../helpers/environment';
import {
  codes,
  createTestDatabase,
  startTestServer,
  TEST_JWT_SECRET,
  type TestServer,
} from '../helpers/server';
import { SignInDocument, ViewerAndTimeDocument } from '../operations/generated';

const PASSWORD = 'correct horse battery staple';
const GENERIC = /username or password is wrong/;

async function addAccount(server: TestServer, username: string, roles: Role[], scopeOrganizationId?: string) {
  return createStaffAccount(server.app.orm.em.fork(), server.clock, {
    username,
    password: PASSWORD,
    roles,
    scopeOrganizationId,
  });
}

const rateLimits = (signIn: RateLimitRule) => ({ ...loadConfig({}).rateLimits, signIn });

describe.each(testDatabases())('staff sign-in on %s', (db) => {
  let server: TestServer;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = new ManualClock('2024-11-01T09:00:00+08:00');
    server = await startTestServer({
      db,
      clock,
      seed: false,
      config: { rateLimits: rateLimits({ perSubject: 100, perIp: 1000, windowSeconds: 60 }) },
    });
    await addAccount(server, 'centre.operator', [Role.TRADING_CENTER]);
    await addAccount(server, 'dept.xining', [Role.ORG_DEPARTMENT], 'org-630100');
  });
  afterAll(() => server?.close());

  it('signs in with username and password, case-insensitively, and the token works', async () => {
    const { signIn } = await server.data(SignInDocument, {
      username: '  Centre.Operator ',
      password: PASSWORD,
    });
    expect(signIn.viewer).toEqual({ subject: 'staff:centre.operator', roles: ['TRADING_CENTER'] });
    expect(Date.parse(signIn.expiresAt)).toBe(clock.now().getTime() + 8 * 3600 * 1000);
    const viewer = await server.data(ViewerAndTimeDocument, {}, { token: signIn.token });
    expect(viewer.viewer).toEqual({ subject: 'staff:centre.operator', roles: ['TRADING_CENTER'] });
  });

  it('puts the scope of a scoped account into the token', async () => {
    const { signIn } = await server.data(SignInDocument, { username: 'dept.xining', password: PASSWORD });
    const claims = JSON.parse(Buffer.from(signIn.token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({
      sub: 'staff:dept.xining',
      roles: ['ORG_DEPARTMENT'],
      scopeOrganizationId: 'org-630100',
    });
  });

  it('gives one answer for an unknown user and a wrong password', async () => {
    const unknown = await server.request(SignInDocument, { username: 'nobody', password: PASSWORD });
    const wrong = await server.request(SignInDocument, {
      username: 'dept.xining',
      password: 'not the password',
    });
    const nonsense = await server.request(SignInDocument, { username: '💥'.repeat(300), password: '' });
    for (const response of [unknown, wrong, nonsense]) {
      expect(codes(response)).toEqual(['UNAUTHENTICATED']);
      expect(response.errors?.[0].message).toMatch(GENERIC);
      expect(response.data ?? null).toBeNull();
    }
    expect(unknown.errors?.[0].message).toBe(wrong.errors?.[0].message);
  });

  it('locks an account for 15 minutes after 5 consecutive failures, with the same answer', async () => {
    await addAccount(server, 'to.lock', [Role.BANK]);
    const attempt = (password: string) => server.request(SignInDocument, { username: 'to.lock', password });
    for (let i = 0; i < 4; i++) expect(codes(await attempt('wrong'))).toEqual(['UNAUTHENTICATED']);
    // a success before the fifth failure starts the count again
    expect((await attempt(PASSWORD)).errors).toBeUndefined();
    for (let i = 0; i < 5; i++) expect(codes(await attempt('wrong'))).toEqual(['UNAUTHENTICATED']);
    const locked = await attempt(PASSWORD);
    expect(codes(locked)).toEqual(['UNAUTHENTICATED']);
    expect(locked.errors?.[0].message).toMatch(GENERIC);
    clock.advance(15 * 60 * 1000 - 1000);
    expect(codes(await attempt(PASSWORD))).toEqual(['UNAUTHENTICATED']);
    clock.advance(1000);
    expect((await attempt(PASSWORD)).errors).toBeUndefined();
  });

  it('counts concurrent failures without losing any', async () => {
    await addAccount(server, 'concurrent', [Role.BANK]);
    await Promise.all(
      Array.from({ length: 5 }, () =>
        server.request(SignInDocument, { username: 'concurrent', password: 'wrong' }),
      ),
    );
    const account = await server.app.orm.em.fork().findOneOrFail(StaffAccount, { username: 'concurrent' });
    expect(account.failedAttempts).toBe(5);
    expect(account.lockedUntil?.getTime()).toBe(clock.now().getTime() + 15 * 60 * 1000);
    expect(
      codes(await server.request(SignInDocument, { username: 'concurrent', password: PASSWORD })),
    ).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses demo accounts when the server is not in demo mode', async () => {
    await createStaffAccount(
      server.app.orm.em.fork(),
      clock,
      { username: 'demo-leftover', password: PASSWORD, roles: [Role.TRADING_CENTER] },
      { demo: true },
    );
    expect(
      codes(await server.request(SignInDocument, { username: 'demo-leftover', password: PASSWORD })),
    ).toEqual(['UNAUTHENTICATED']);
  });

  it('never stores or returns the password', async () => {
    const account = await server.app.orm.em
      .fork()
      .findOneOrFail(StaffAccount, { username: 'centre.operator' });
    expect(account.passwordHash).toMatch(/^scrypt\$15\$8\$1\$/);
    expect(account.passwordHash).not.toContain(PASSWORD);
  });
});

describe('sign-in rate limit (in memory)', () => {
  let server: TestServer;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = new ManualClock('2024-11-01T09:00:00+08:00');
    server = await startTestServer({
      db: 'sqlite',
      clock,
      seed: false,
      config: { rateLimits: rateLimits({ perSubject: 3, perIp: 5, windowSeconds: 60 }) },
    });
    await addAccount(server, 'limited', [Role.BANK]);
  });
  afterAll(() => server?.close());

  it('refuses the 4th attempt on one username within the window with 429 and Retry-After', async () => {
    for (let i = 0; i < 3; i++)
      expect(codes(await server.request(SignInDocument, { username: 'limited', password: 'x' }))).toEqual([
        'UNAUTHENTICATED',
      ]);
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }',
        variables: { u: 'LIMITED', p: PASSWORD },
      }),
    });
    expect(response.status).toBe(429);
    const body = await response.json();
    expect(body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual([
      'RATE_LIMITED',
    ]);
    const retry = body.errors[0].extensions.retryAfterSeconds;
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    expect(response.headers.get('retry-after')).toBe(String(retry));
  });

  it('counts per IP across usernames, and lets requests through again in the next window', async () => {
    // the IP has made 4 attempts in this window; a fifth on another username is allowed, the sixth is not
    expect(codes(await server.request(SignInDocument, { username: 'other', password: 'x' }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect(codes(await server.request(SignInDocument, { username: 'third', password: 'x' }))).toEqual([
      'RATE_LIMITED',
    ]);
    clock.advance(60 * 1000);
    expect(
      (await server.request(SignInDocument, { username: 'limited', password: PASSWORD })).errors,
    ).toBeUndefined();
  });
});

describeIf(!!testRedisUrl(), 'no Redis (set TEST_REDIS_URL)')(
  'sign-in rate limit shared through Redis',
  () => {
    it('counts attempts on two instances against one limit', async () => {
      const db = await createTestDatabase('sqlite');
      const clock = new ManualClock(new Date());
      const config = {
        redisUrl: testRedisUrl(),
        rateLimits: rateLimits({ perSubject: 3, perIp: 100_000, windowSeconds: 60 }),
      };
      const a = await startTestServer({ db, clock, seed: false, config });
      const b = await startTestServer({ db, clock, seed: false, config });
      try {
        const username = `shared-${randomBytes(6).toString('hex')}`;
        const attempt = (server: TestServer) => server.request(SignInDocument, { username, password: 'x' });
        expect(codes(await attempt(a))).toEqual(['UNAUTHENTICATED']);
        expect(codes(await attempt(b))).toEqual(['UNAUTHENTICATED']);
        expect(codes(await attempt(a))).toEqual(['UNAUTHENTICATED']);
        const limited = await attempt(b);
        expect(limited.status).toBe(429);
        expect(codes(limited)).toEqual(['RATE_LIMITED']);
      } finally {
        await b.close();
        await a.close();
        await db.drop();
      }
    });
  },
);

describe('demo accounts', () => {
  it('are created only in demo mode, with passwords printed once, and can sign in', async () => {
    const db = await createTestDatabase('sqlite');
    const start = async (env: Record<string, string>) => {
      const lines: string[] = [];
      const app = await startApp({
        config: { ...loadConfig({ PORT: '0', SEED: 'demo', ...env }), database: db.config },
        clock: new ManualClock('2024-11-01T09:00:00+08:00'),
        workers: false,
        log: (m) => lines.push(m),
      });
      return { app, output: lines.join('\n') };
    };
    try {
      const production = await start({ JWT_SECRET: TEST_JWT_SECRET });
      expect(production.output).not.toMatch(/demo staff accounts/);
      expect(await production.app.orm.em.fork().count(StaffAccount, {})).toBe(0);
      await production.app.close();

      const first = await start({});
      const match = /demo-trading-center\s+(\S+)/.exec(first.output);
      expect(match).not.toBeNull();
      for (const name of ['demo-land-bureau', 'demo-bank', 'demo-org-department', 'demo-analyst'])
        expect(first.output).toContain(name);
      const response = await fetch(first.app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            'mutation($p: String!) { signIn(username: "demo-trading-center", password: $p) { viewer { roles } } }',
          variables: { p: match![1] },
        }),
      });
      expect(await response.json()).toEqual({ data: { signIn: { viewer: { roles: ['TRADING_CENTER'] } } } });
      await first.app.close();

      const second = await start({});
      expect(second.output).toContain('demo-trading-center');
      expect(second.output).not.toContain(match![1]);
      expect(second.output).toMatch(/passwords were printed when they were created/);
      await second.app.close();
    } finally {
      await db.drop();
    }
  });
});
