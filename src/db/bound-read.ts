/**
 * Reads with bound parameters: the SQL text stays the same whatever the values, so a statement SQLite prepared
 * once serves every later read of the same shape (src/db/statement-cache.ts), and no QueryBuilder runs.
 * (MikroORM writes values into the text of everything it runs, which makes each text new.) Inside a transaction
 * the read joins it. Identifiers come from entity metadata, never from input; values are always bound.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';

type Row = Record<string, unknown>;

/** a quoted identifier (both databases accept double quotes) */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** `?, ?, ?` for n values */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

export async function boundRead(
  em: EntityManager,
  sql: string,
  bindings: readonly unknown[],
): Promise<Row[]> {
  const sqlEm = em as SqlEntityManager;
  const query = sqlEm.getKnex().raw(sql, bindings as never);
  const transaction = sqlEm.getTransactionContext();
  if (transaction) query.transacting(transaction as never);
  const result = (await query) as Row[] | { rows: Row[] };
  return Array.isArray(result) ? result : result.rows;
}
