/**
 * Prepared statements kept for reuse on the embedded SQLite connection.
 *
 * MikroORM writes every query's values into its SQL text and knex prepares each text anew; on SQLite preparing
 * costs more than running a small query. The public reads that most viewers repeat (the first page of auctions,
 * a live auction's detail) are the same text again and again, so the connection keeps the most recently used
 * statements (better-sqlite3 statements may be run any number of times; SQLite re-prepares one by itself when
 * the schema changed). Texts up to 16 KiB are kept, as PostgreSQL keeps them named (src/db/reads.ts): the
 * windows of a page of auctions (one UNION ALL part per auction) run far oftener than their text changes, and
 * preparing a 20-part statement costs more than running it. PostgreSQL needs none of this.
 */

import { Lru } from '../common/lru';

interface Preparer {
  prepare(sql: string): unknown;
}

export interface StatementCacheOptions {
  /** statements kept, least recently used forgotten first */
  size: number;
  /** texts longer than this are prepared each time */
  maxSqlLength: number;
}

export const STATEMENT_CACHE: StatementCacheOptions = { size: 500, maxSqlLength: 16_384 };

/** Replaces `connection.prepare` by one that reuses statements; answers the cache's counters. */
export function cacheStatements(
  connection: Preparer,
  options: StatementCacheOptions = STATEMENT_CACHE,
): { hits: number; misses: number; size(): number } {
  const prepare = connection.prepare.bind(connection);
  const statements = new Lru<string, unknown>(options.size);
  const stats = { hits: 0, misses: 0, size: () => statements.size };
  connection.prepare = (sql: string) => {
    if (sql.length > options.maxSqlLength) return prepare(sql);
    const kept = statements.get(sql);
    if (kept !== undefined) {
      stats.hits++;
      return kept;
    }
    stats.misses++;
    const statement = prepare(sql);
    statements.set(sql, statement);
    return statement;
  };
  return stats;
}
