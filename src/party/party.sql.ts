/**
 * SQL conditions over organization paths, shared by the policy (scope filters), the lists and the analytics.
 * Columns are written `{a}.column`; `{a}` becomes the query's alias. Values are always parameters.
 */
import { raw } from '@mikro-orm/core';
import { subtreeRange } from './organization/organization.rules';

export interface SqlCond {
  sql: string;
  params: unknown[];
}

export const TRUE: SqlCond = { sql: '1 = 1', params: [] };
export const FALSE: SqlCond = { sql: '1 = 0', params: [] };

/** `column` is a path in the subtree of `path` (an index range, see subtreeRange). */
export function within(column: string, path: string): SqlCond {
  const { from, to } = subtreeRange(path);
  return to === null
    ? { sql: `${column} >= ?`, params: [from] }
    : { sql: `(${column} >= ? and ${column} < ?)`, params: [from, to] };
}

/**
 * `within`, with each bound told to SQLite's planner as true for most rows (`likelihood`). Without statistics
 * SQLite takes any range for a small slice and sorts it, so the first page of a large subtree would read and sort
 * the whole subtree instead of walking an index in list order and stopping after the page. SQLite only:
 * PostgreSQL has no `likelihood` and plans from its own statistics.
 */
export function withinMostRows(column: string, path: string): SqlCond {
  const { from, to } = subtreeRange(path);
  return to === null
    ? { sql: `likelihood(${column} >= ?, 0.9)`, params: [from] }
    : { sql: `(likelihood(${column} >= ?, 0.9) and likelihood(${column} < ?, 0.9))`, params: [from, to] };
}

export function anyOf(...conds: SqlCond[]): SqlCond {
  const parts = conds.filter((c) => c !== FALSE);
  if (parts.length === 0) return FALSE;
  if (parts.some((c) => c === TRUE)) return TRUE;
  if (parts.length === 1) return parts[0];
  return { sql: `(${parts.map((c) => c.sql).join(' or ')})`, params: parts.flatMap((c) => c.params) };
}

export function allOf(...conds: SqlCond[]): SqlCond {
  const parts = conds.filter((c) => c !== TRUE);
  if (parts.length === 0) return TRUE;
  if (parts.some((c) => c === FALSE)) return FALSE;
  if (parts.length === 1) return parts[0];
  return { sql: `(${parts.map((c) => c.sql).join(' and ')})`, params: parts.flatMap((c) => c.params) };
}

export const cond = (sql: string, ...params: unknown[]): SqlCond => ({ sql, params });

/** With `{a}` replaced by a table alias, for raw SQL. */
export const aliased = (c: SqlCond, alias: string): SqlCond => ({
  sql: c.sql.replaceAll('{a}', alias),
  params: c.params,
});

/** A MikroORM filter for the condition on the queried entity's own alias. */
export function toFilter(c: SqlCond): object {
  const fragment = raw((alias: string) => c.sql.replaceAll('{a}', alias), c.params);
  return { [fragment as unknown as string]: [] };
}
