/** Small helpers every party service uses: the day, loading by id or NOT_FOUND, unique violations. */
import { UniqueConstraintViolationException, type EntityClass, type FilterQuery } from '@mikro-orm/core';
import { DomainError, ErrorCode, notFound } from '../common/errors';
import { isUuid } from '../common/ids';
import { shanghaiDate, startOfShanghaiDay } from '../common/time';
import { read } from '../db/reads';
import type { PartyContext } from './party.context';

/** today on the Asia/Shanghai calendar, by the injected clock */
export const today = (ctx: Pick<PartyContext, 'clock'>): string => shanghaiDate(ctx.clock.now());

/** the instant to record for something done on `day`: now if that is today, else 00:00 of that day */
export const instantOn = (day: string, now: Date): Date =>
  day === shanghaiDate(now) ? now : startOfShanghaiDay(day);

/** The entity with that id, or NOT_FOUND (a malformed id is simply not found). */
export async function findOr404<T extends object>(
  ctx: PartyContext,
  entity: EntityClass<T>,
  id: string,
  what: string,
): Promise<T> {
  const found = isUuid(id) ? await ctx.em.findOne(entity, { id } as FilterQuery<T>) : null;
  if (!found) throw notFound(what);
  return found;
}

export const findOrNull = async <T extends object>(
  ctx: PartyContext,
  entity: EntityClass<T>,
  id: string,
): Promise<T | null> => (isUuid(id) ? ctx.em.findOne(entity, { id } as FilterQuery<T>) : null);

/** Flushes, turning a unique-constraint violation into CONFLICT with `message`. */
export async function flushOrConflict(ctx: PartyContext, message: string): Promise<void> {
  try {
    await ctx.em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      ctx.em.clear(); // the refused entity must not be flushed again by a later mutation of the same request
      throw new DomainError(ErrorCode.CONFLICT, message);
    }
    throw error;
  }
}

/** A row of an aggregate statement: counts come back as numbers (SQLite) or strings (PostgreSQL's bigint). */
export type AggregateRow = Record<string, string | number | null>;

/**
 * Runs one wide aggregate statement (the analytics, the county roll-up). On PostgreSQL, JIT compilation is off
 * for it: the wide aggregates push the plan's cost over jit_above_cost, and compiling them took longer
 * (0.1–1.7 s) than running them.
 */
export async function aggregateRows(ctx: PartyContext, sql: string): Promise<AggregateRow[]> {
  if (ctx.config.database.kind === 'sqlite') return rawRows<AggregateRow>(ctx, sql);
  return ctx.em.transactional(async (em) => {
    const connection = em.getConnection();
    await connection.execute('set local jit = off', [], 'run', em.getTransactionContext());
    return (await connection.execute(
      sql,
      [],
      'all',
      em.getTransactionContext(),
    )) as unknown as AggregateRow[];
  });
}

/** A count read from an aggregate row (0 where no row matched). */
export const countOf = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Rows of a raw SQL statement (`?` placeholders), typed by the caller. */
export async function rawRows<T>(
  ctx: Pick<PartyContext, 'em'>,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return (await read.rows(ctx, sql, params)) as T[];
}
