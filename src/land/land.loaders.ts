/** Per-operation DataLoaders of the land domain: rows by id, and rows grouped by a parent id, one query a batch. */
import type { FilterQuery } from '@mikro-orm/core';
import type { Context } from '../server/context';

/** an entity class (its name keys the loader) */
type EntityClass<T> = new () => T;

/** One row by id (null when there is none). */
export function loadById<T extends { id: string }>(
  ctx: Context,
  entity: EntityClass<T>,
  id: string,
): Promise<T | null> {
  return ctx.loaders
    .get<string, T | null>(`land:${entity.name}:id`, async (ids) => {
      const rows = await ctx.em.find(entity, { id: { $in: [...ids] } } as unknown as FilterQuery<T>);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((i) => byId.get(i) ?? null);
    })
    .load(id);
}

/** One row by id that must exist (a reference the database keeps). */
export async function loadExisting<T extends { id: string }>(
  ctx: Context,
  entity: EntityClass<T>,
  id: string,
): Promise<T> {
  const row = await loadById(ctx, entity, id);
  if (!row) throw new Error(`${entity.name} ${id} not found`);
  return row;
}

/** The rows whose `parent` relation points at the given id, in `orderBy` order. */
export function loadChildren<T extends object>(
  ctx: Context,
  entity: EntityClass<T>,
  parent: string & keyof T,
  parentId: string,
  orderBy: Record<string, 'asc' | 'desc'>,
): Promise<T[]> {
  return ctx.loaders
    .get<string, T[]>(`land:${entity.name}:by:${parent}`, async (ids) => {
      const rows = await ctx.em.find(entity, { [parent]: { $in: [...ids] } } as FilterQuery<T>, {
        orderBy: orderBy as never,
      });
      const parentOf = (row: T) => (row[parent] as unknown as { id: string }).id;
      return ids.map((id) => rows.filter((row) => parentOf(row) === id));
    })
    .load(parentId);
}
