/**
 * Starts the real server on port 0 against a fresh database, and talks to it like a client.
 */
import 'reflect-metadata';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { print, type DocumentNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { ManualClock, type Clock } from '../../src/common/clock';
import type { DomainModule } from '../../src/common/module';
import { loadConfig, type Config, type DatabaseConfig } from '../../src/config';
import { createTemporaryPostgresDatabase } from '../../src/db/temporary-database';
import { signToken, type TokenClaims } from '../../src/auth/token';
import type { Logger as PinoLogger } from 'pino';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { startApp, type RunningApp } from '../../src/server/app';
import { createLogger } from '../../src/server/telemetry/logging';
import { testPostgresUrl, type DbKind } from './environment';

export const TEST_JWT_SECRET = 'integration-test-secret-0123456789';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** A database that outlives one server (for restart tests). */
export interface TestDatabase {
  kind: DbKind;
  config: DatabaseConfig;
  drop(): Promise<void>;
}

export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const path = join(tmpdir(), `platform-test-${randomBytes(6).toString('hex')}.sqlite`);
    return {
      kind,
      config: { kind: 'sqlite', path },
      async drop() {
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      },
    };
  }
  const admin = testPostgresUrl();
  if (!admin) throw new Error('TEST_DATABASE_URL is not set');
  const temp = await createTemporaryPostgresDatabase(admin, 'platform_test');
  return { kind, config: { kind: 'postgresql', url: temp.url }, drop: temp.drop };
}

export interface StartTestServerOptions {
  db: DbKind | TestDatabase;
  clock?: Clock;
  config?: Partial<Config>;
  seed?: boolean;
  workers?: boolean;
  /** harness modules served beside the domains (e.g. bench/fanout/harness.ts) */
  extraModules?: DomainModule[];
  /** sees every line the server logs (internal errors still go to the console) */
  log?: (message: string) => void;
  /** a structured logger to read the server's lines from (the default writes them to stdout) */
  logger?: PinoLogger;
  /** an OpenTelemetry exporter to read the server's spans from */
  spanExporter?: SpanExporter;
}

export class TestServer {
  constructor(
    readonly app: RunningApp,
    readonly clock: Clock,
    readonly database: TestDatabase,
    private readonly ownsDatabase: boolean,
  ) {}

  get url(): string {
    return this.app.url;
  }

  get wsUrl(): string {
    return this.app.wsUrl;
  }

  token(claims: Partial<TokenClaims> & Pick<TokenClaims, 'roles'>, ttlSeconds = 3600): string {
    return signToken(
      this.app.config.jwtSecret,
      { sub: claims.sub ?? `test:${claims.roles.join('+')}`, ...claims },
      ttlSeconds,
      this.clock.now(),
    ).token;
  }

  /** POSTs a GraphQL operation; `token` may be a JWT or a raw Authorization header value. */
  async request<TData = Record<string, unknown>, TVars = Record<string, unknown>>(
    document: string | DocumentNode | TypedDocumentNode<TData, TVars>,
    variables?: TVars,
    options: { token?: string; authorization?: string; headers?: Record<string, string> } = {},
  ): Promise<GraphQLResponse<TData>> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...options.headers,
    };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.authorization !== undefined) headers.authorization = options.authorization;
    const query = typeof document === 'string' ? document : print(document);
    const response = await fetch(this.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse<TData>, 'status'>;
    return { status: response.status, ...body };
  }

  /** Like request, but fails the test on any error and returns data. */
  async data<TData = Record<string, unknown>, TVars = Record<string, unknown>>(
    document: string | DocumentNode | TypedDocumentNode<TData, TVars>,
    variables?: TVars,
    options: { token?: string } = {},
  ): Promise<TData> {
    const result = await this.request(document, variables, options);
    if (result.errors?.length || !result.data) {
      throw new Error(`GraphQL errors: ${JSON.stringify(result.errors ?? result)}`);
    }
    return result.data;
  }

  async close(): Promise<void> {
    await this.app.close();
    if (this.ownsDatabase) await this.database.drop();
  }
}

export async function startTestServer(options: StartTestServerOptions): Promise<TestServer> {
  const database = typeof options.db === 'string' ? await createTestDatabase(options.db) : options.db;
  const clock = options.clock ?? new ManualClock('2024-11-01T00:00:00+08:00');
  const config: Config = {
    ...loadConfig({
      JWT_SECRET: TEST_JWT_SECRET,
      SEED: options.seed === false ? 'none' : 'demo',
      PORT: '0',
      // every test request comes from 127.0.0.1 on a clock that stands still: suites about rate limits turn them on
      RATE_LIMIT_SIGN_IN: 'off',
      RATE_LIMIT_PLACE_BID: 'off',
      RATE_LIMIT_ANALYTICS: 'off',
      // the daily reminder job writes on a timer: suites about reminders run its sweep by hand
      REMINDER_JOB: 'false',
    }),
    database: database.config,
    ...options.config,
  };
  const app = await startApp({
    config,
    clock,
    workers: options.workers ?? true,
    extraModules: options.extraModules,
    logger: options.logger ?? createLogger({ level: 'silent' }),
    spanExporter: options.spanExporter,
    // a test with a logger of its own reads the server's messages there; one with `log` sees every line
    log:
      options.logger && !options.log
        ? undefined
        : (m) => {
            options.log?.(m);
            if (m.startsWith('internal error')) console.error(m);
          },
  });
  return new TestServer(app, clock, database, typeof options.db === 'string');
}

/** The error codes of a response, in order. */
export const codes = (response: GraphQLResponse<unknown>): unknown[] =>
  (response.errors ?? []).map((e) => e.extensions?.code);
