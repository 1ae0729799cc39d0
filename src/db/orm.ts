/**
 * One ORM configuration for both databases. Schema changes only ever come from the committed migrations
 * (src/db/migrations/<dialect>), applied at start-up; the schema is never synchronized from entities.
 */
import { MikroORM, type EntityManager, type Options } from '@mikro-orm/core';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseConfig } from '../config';
import { sqliteMigrations } from './migrations/sqlite';
import { cacheStatements } from './statement-cache';
import { registerLogChainFunctions } from '../common/trust/log-chain';
import { postgresqlMigrations } from './migrations/postgresql';

/** how much of the SQLite file reads map into memory (PRAGMA mmap_size) */
export const SQLITE_MMAP_BYTES = 64 * 1024 * 1024;

export type Orm = MikroORM;
export type Dialect = DatabaseConfig['kind'];

/**
 * `entities` come from the composition root (src/server/modules.ts): the database layer knows no domain.
 * `logChain = false` (AUCTION_RECEIPTS=off, for a benchmark's comparison only) leaves new auction events
 * unchained: SQLite's trigger asks auction_log_enabled(), PostgreSQL's the session setting auction_log.chain.
 */
export function ormOptions(
  database: DatabaseConfig,
  entities: Function[],
  extra: Partial<Options> = {},
  logChain = true,
): Options {
  const common: Partial<Options> = {
    entities,
    extensions: [Migrator],
    forceUtcTimezone: true,
    // money columns are bigint fen that always fit in a JS number
    debug: process.env.MIKRO_ORM_DEBUG === '1',
    allowGlobalContext: false,
    ignoreUndefinedInQuery: true,
    discovery: { warnWhenNoEntities: false },
  };
  if (database.kind === 'sqlite') {
    if (database.path !== ':memory:') mkdirSync(dirname(database.path), { recursive: true });
    return {
      ...common,
      driver: BetterSqliteDriver,
      dbName: database.path,
      migrations: {
        migrationsList: sqliteMigrations,
        transactional: true,
        allOrNothing: true,
        snapshot: false,
        silent: true,
      },
      pool: {
        afterCreate: (
          connection: Parameters<typeof registerLogChainFunctions>[0] & {
            pragma(sql: string): unknown;
            prepare(sql: string): unknown;
          },
          done: (err: Error | null, c: unknown) => void,
        ) => {
          connection.pragma('journal_mode = WAL');
          connection.pragma('busy_timeout = 10000');
          connection.pragma('foreign_keys = ON');
          // reads map the database file instead of copying its pages through read() (measured: the auction
          // detail reads 4-9% faster); 64 MiB covers a deployment's land and party data many times over
          connection.pragma(`mmap_size = ${SQLITE_MMAP_BYTES}`);
          cacheStatements(connection);
          registerLogChainFunctions(connection, logChain);
          done(null, connection);
        },
      },
      ...extra,
    } as Options;
  }
  return {
    ...common,
    driver: PostgreSqlDriver,
    clientUrl: database.url,
    // while PostgreSQL is away a request fails within seconds (SERVICE_UNAVAILABLE), not after knex's 60 s
    pool: { min: 1, max: 10, acquireTimeoutMillis: 3000 },
    driverOptions: {
      connection: {
        connectionTimeoutMillis: 2000,
        ...(logChain ? {} : { options: '-c auction_log.chain=off' }),
      },
    },
    migrations: {
      migrationsList: postgresqlMigrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    ...extra,
  } as Options;
}

/** Connects and applies pending migrations. */
export async function openDatabase(
  database: DatabaseConfig,
  entities: Function[],
  extra: Partial<Options> = {},
  logChain = true,
): Promise<Orm> {
  const orm = await MikroORM.init(ormOptions(database, entities, extra, logChain));
  await orm.getMigrator().up();
  return orm;
}

export function dialectOf(em: EntityManager): Dialect {
  return em.getDriver().getPlatform().constructor.name.toLowerCase().includes('sqlite')
    ? 'sqlite'
    : 'postgresql';
}

/** true when the database answers. */
export async function databaseAnswers(orm: Orm): Promise<boolean> {
  try {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      orm.em.fork().getConnection().execute('select 1'),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 2000))),
    ]).finally(() => clearTimeout(timer));
    return true;
  } catch {
    return false;
  }
}
