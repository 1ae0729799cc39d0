/**
 * Starts the real server on port 0 against a fresh database, and talks to it like a client.
 */
import 'reflect-metadata';
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { print, type DocumentNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { ManualClock, type Clock } from '../../src/common/clock';
import type { DomainModule } from '../../src/common/module';
import { loadConfig, type Config, type DatabaseConfig, type TrustedDocumentsConfig } from '../../src/config';
import { openDatabase, type Orm } from '../../src/db/orm';
import { createTemporaryPostgresDatabase, ensurePostgresTemplate } from '../../src/db/temporary-database';
import { signToken, type TokenClaims } from '../../src/auth/token';
import type { Logger as PinoLogger } from 'pino';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { startApp, type RunningApp } from '../../src/server/app';
import { createLogger } from '../../src/server/telemetry/logging';
import { testPostgresUrl, type DbKind } from './environment';

export const TEST_JWT_SECRET = 'integration-test-secret-0123456789';

/** The client SDK's trusted documents (its persisted-operations manifest), in the given mode. */
export const clientTrustedDocuments = (mode: TrustedDocumentsConfig['mode']): TrustedDocumentsConfig => ({
  mode,
  manifestFile: join(__dirname, '..', '..', 'packages', 'client', 'persisted-operations.json'),
});

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

/**
 * A fresh database. By default it already has every migration applied: it is a copy of a template migrated
 * once per set of migrations (named by their hash, so an edited or added migration makes a new one), which
 * saves each suite's servers from migrating again. `migrated: false` gives an empty one, for the suites that
 * test the migrations themselves (schema.test.ts) and a server's start on an empty database.
 */
export async function createTestDatabase(
  kind: DbKind,
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  if (kind === 'sqlite') {
    const path = join(tmpdir(), `platform-test-${randomBytes(6).toString('hex')}.sqlite`);
    if (migrated) copyFileSync(await migratedSqliteTemplate(), path);
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
  const template = migrated ? await migratedPostgresTemplate(admin) : undefined;
  const temp = await createTemporaryPostgresDatabase(admin, 'platform_test', template);
  return { kind, config: { kind: 'postgresql', url: temp.url }, drop: temp.drop };
}

/** A hash of the dialect's migration files: the template's name, so a stale template is never used. */
function migrationsHash(kind: DbKind): string {
  const dir = join(__dirname, '..', '..', 'src', 'db', 'migrations', kind);
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).sort())
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(dir, file)));
  return hash.digest('hex').slice(0, 16);
}

async function migrate(config: DatabaseConfig, then?: (orm: Orm) => Promise<void>): Promise<void> {
  const orm = await openDatabase(config, []);
  try {
    await then?.(orm);
  } finally {
    await orm.close(true);
  }
}

/** Built at most once per set of migrations; workers that race each build one and rename it atomically. */
async function migratedSqliteTemplate(): Promise<string> {
  const template = join(tmpdir(), `platform-template-${migrationsHash('sqlite')}.sqlite`);
  if (existsSync(template)) return template;
  const building = join(tmpdir(), `platform-template-${randomBytes(6).toString('hex')}.building`);
  const snapshot = `${building}.snapshot`;
  try {
    // VACUUM INTO writes one self-contained file (nothing left in a -wal beside it)
    await migrate({ kind: 'sqlite', path: building }, (orm) =>
      orm.em.getConnection().execute(`vacuum into '${snapshot}'`),
    );
    renameSync(snapshot, template);
  } finally {
    for (const file of [building, `${building}-wal`, `${building}-shm`, snapshot])
      rmSync(file, { force: true });
  }
  return template;
}

async function migratedPostgresTemplate(admin: string): Promise<string> {
  const template = `platform_template_${migrationsHash('postgresql')}`;
  await ensurePostgresTemplate(admin, template, (url) => migrate({ kind: 'postgresql', url }));
  return template;
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
