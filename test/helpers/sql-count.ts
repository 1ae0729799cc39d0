/** Counts the SQL statements the ORM's connection issues while one request runs (run requests one at a time). */
import type { Orm } from '../../src/db/orm';

interface KnexLike {
  on(event: 'query', listener: (query: { sql: string }) => void): void;
  off(event: 'query', listener: (query: { sql: string }) => void): void;
}

export async function countStatements<T>(
  orm: Orm,
  run: () => Promise<T>,
): Promise<{ result: T; statements: number; sql: string[] }> {
  const knex = (orm.em.getConnection() as unknown as { getKnex(): KnexLike }).getKnex();
  const sql: string[] = [];
  const listener = (query: { sql: string }) => sql.push(query.sql);
  knex.on('query', listener);
  try {
    const result = await run();
    return { result, statements: sql.length, sql };
  } finally {
    knex.off('query', listener);
  }
}
