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

/** what better-sqlite3's statements offer the read path */
interface BetterStatement {
  reader: boolean;
  all(...values: unknown[]): unknown[];
  run(...values: unknown[]): unknown;
  raw(on: boolean): BetterStatement;
  columns(): { name: string }[];
}

type Row = Record<string, unknown>;

/** a statement of the read path (src/db/reads.ts): a reader answers row objects */
export interface ReadStatement {
  reader: boolean;
  all(...values: unknown[]): Row[];
  run(...values: unknown[]): unknown;
}

/** per connection whose statements are kept: the read path's own statements */
const readStatements = new WeakMap<object, (sql: string) => ReadStatement>();

/**
 * The statement for `sql` on the read path. A reader runs in raw mode (each row an array) and a function made
 * once per column list turns each array into the row object: better-sqlite3 builds a row object through V8's
 * API a property at a time, at nearly twice the cost of an object literal (bench: 20 auctions' rows 130 → 68
 * µs). Kept apart from the statements knex and MikroORM prepare (raw mode belongs to the statement), and
 * forgotten when the connection runs DDL; a kept reader whose rows come with another number of columns (the
 * schema changed under it) reads its column list again.
 */
export function readStatement(connection: Preparer, sql: string): ReadStatement {
  const kept = readStatements.get(connection);
  return kept ? kept(sql) : (connection.prepare(sql) as ReadStatement);
}

/** a reader whose rows are made from raw arrays; the statement itself for one that reads nothing */
function rawReader(statement: BetterStatement): ReadStatement {
  if (!statement.reader) return statement as unknown as ReadStatement;
  let width = -1;
  let make: (values: unknown[]) => Row = () => ({});
  const learn = (): boolean => {
    const names = statement.columns().map((c) => c.name);
    // a column named __proto__ (none of ours): the driver's own row objects
    if (names.includes('__proto__')) return false;
    width = names.length;
    // names come from the SQL (metadata's columns and the read path's own aliases), written as string keys
    make = new Function(
      'v',
      `return { ${names.map((n, i) => `${JSON.stringify(n)}: v[${i}]`).join(', ')} };`,
    ) as (values: unknown[]) => Row;
    return true;
  };
  if (!learn()) return statement as unknown as ReadStatement;
  statement.raw(true);
  let raw = true;
  return {
    reader: true,
    all(...values) {
      if (!raw) return statement.all(...values) as Row[];
      const arrays = statement.all(...values) as unknown[][];
      if (arrays.length && arrays[0].length !== width && !learn()) {
        statement.raw((raw = false));
        return statement.all(...values) as Row[];
      }
      const rows = new Array<Row>(arrays.length);
      for (let i = 0; i < arrays.length; i++) rows[i] = make(arrays[i]);
      return rows;
    },
    run: (...values) => statement.run(...values),
  };
}

const DDL = /^\s*(create|alter|drop)\b/i;

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
  let readers = new Lru<string, ReadStatement>(options.size);
  const stats = { hits: 0, misses: 0, size: () => statements.size };
  readStatements.set(connection, (sql) => {
    if (sql.length > options.maxSqlLength) return prepare(sql) as ReadStatement;
    let reader = readers.get(sql);
    if (reader === undefined) readers.set(sql, (reader = rawReader(prepare(sql) as BetterStatement)));
    return reader;
  });
  connection.prepare = (sql: string) => {
    if (DDL.test(sql)) readers = new Lru(options.size);
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
