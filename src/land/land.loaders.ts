/** Per-operation DataLoaders of the land domain: rows by id, and rows grouped by a parent id, one query a batch. */
import { wrap, type FilterQuery } from '@mikro-orm/core';
import { ident, joinsKey, orderKey, placeholders, read, type Joined, type Window } from '../db/reads';

export type { Window } from '../db/reads';
import type { Context } from '../common/request/context';

/** an entity class (its name keys the loader) */
type EntityClass<T> = new () => T;

/**
 * In a read-only query (ctx.readOnly) rows are read as frozen snapshots (src/db/reads.ts), not managed
 * entities: the same values at a fraction of the cost. Rows read as snapshots prime the by-id loader, so a
 * field that looks one up again (a result's auction, say) does not read it twice.
 */
function byIdLoader<T extends { id: string }>(ctx: Context, entity: EntityClass<T>) {
  return ctx.loaders.get<string, T | null>(`land:${entity.name}:id`, async (ids) => {
    if (ctx.readOnly) {
      const rows = await read.where(ctx, entity, 'id', ids);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((i) => byId.get(i) ?? null);
    }
    // rows this operation's EntityManager already holds (e.g. the auctions of the page) are not read again
    const unitOfWork = ctx.em.getUnitOfWork();
    const byId = new Map<string, T>();
    const missing: string[] = [];
    for (const id of ids) {
      const held = unitOfWork.getById<T>(entity.name, id as never);
      if (held && wrap(held).isInitialized()) byId.set(id, held);
      else missing.push(id);
    }
    if (missing.length) {
      const rows = await ctx.em.find(entity, { id: { $in: missing } } as unknown as FilterQuery<T>);
      for (const row of rows) byId.set(row.id, row);
    }
    return ids.map((i) => byId.get(i) ?? null);
  });
}

/** Makes rows read (snapshots) known by id to the operation's by-id loader; answers them. */
function knownById<T extends { id: string }>(ctx: Context, entity: EntityClass<T>, rows: T[]): T[] {
  const loader = byIdLoader(ctx, entity);
  for (const row of rows) loader.prime(row.id, row);
  return rows;
}

/**
 * Makes the rows read along by joins known by id; an inverse join's rows (one-to-one children) also as the
 * children of the rows read, none where it found none.
 */
function joinedKnownById(
  ctx: Context,
  joins: readonly Joined[],
  joined: object[][],
  items: readonly { id: string }[],
): void {
  joined.forEach((rows, i) => {
    const join = joins[i];
    if (join.window) {
      // a window per item: what loadWindow would answer for it
      const { order, direction, offset, limit } = join.window;
      const loader = windowLoader(ctx, join.entity as EntityClass<object>, {
        parent: join.property as never,
        order: order as never,
        direction,
        offset,
        limit,
      });
      (rows as Window<object>[]).forEach((window, n) => loader.prime(items[n].id, window));
      return;
    }
    knownById(ctx, join.entity as EntityClass<{ id: string }>, rows as { id: string }[]);
    if (!join.inverse) return;
    const loader = childrenLoader(ctx, join.entity as EntityClass<object>, join.property as never, {});
    const byParent = new Map(
      rows.map((row) => [(row[join.property as keyof object] as { id: string }).id, row]),
    );
    for (const { id } of items) {
      const row = byParent.get(id);
      loader.prime(id, row ? [row] : []);
    }
  });
}

/**
 * A list read: snapshots in a read-only query, managed entities otherwise. Snapshots are known by id from then on
 * (the by-id loader is primed with them).
 */
export async function findRows<T extends { id: string }>(
  ctx: Context,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  options: { orderBy?: unknown; limit?: number; offset?: number } = {},
): Promise<T[]> {
  if (!ctx.readOnly) return ctx.em.find(entity, where, options as never);
  return knownById(ctx, entity, await read.find(ctx, entity, where, options as never));
}

/**
 * A page of a list and how many rows the filter matches (`em.findAndCount`; in a read-only query snapshots and
 * their count from one statement, the snapshots then known by id — and so the rows of `joins`, read along in the
 * same statement: a child field asking for one by id reads nothing more).
 */
export async function findPage<T extends { id: string }>(
  ctx: Context,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  options: { orderBy?: unknown; limit: number; offset: number },
  joins: readonly Joined[] = [],
): Promise<[T[], number]> {
  if (!ctx.readOnly) return ctx.em.findAndCount(entity, where, options as never);
  const { items, total, joined } = await read.page(ctx, entity, where, options as never, joins);
  joinedKnownById(ctx, joins, joined, items);
  return [knownById(ctx, entity, items), total];
}

/**
 * One row by id (null when there is none). With `joins`, in a read-only query, the rows they name are read along
 * in the same statement and known by id from then on.
 */
export function loadById<T extends { id: string }>(
  ctx: Context,
  entity: EntityClass<T>,
  id: string,
  joins: readonly Joined[] = [],
): Promise<T | null> {
  if (!joins.length || !ctx.readOnly) return byIdLoader(ctx, entity).load(id);
  return ctx.loaders
    .get<string, T | null>(`land:${entity.name}:id+${joinsKey(joins)}`, async (ids) => {
      const both = await read.byIdJoined(ctx, entity, ids, joins);
      // joins these entities cannot take: by id alone, the joined rows then read by their own loaders
      if (!both) return Promise.all(ids.map((i) => byIdLoader(ctx, entity).load(i)));
      joinedKnownById(ctx, joins, both.joined, both.items);
      const found = new Map(knownById(ctx, entity, both.items).map((row) => [row.id, row]));
      return ids.map((i) => found.get(i) ?? null);
    })
    .load(id);
}

/**
 * One row by a unique column (null when there is none): in a read-only query one bound statement, batched, the
 * row then known by id; otherwise `em.findOne`.
 */
export function loadByUnique<T extends { id: string }>(
  ctx: Context,
  entity: EntityClass<T>,
  property: string & keyof T,
  value: string,
): Promise<T | null> {
  if (!ctx.readOnly) return ctx.em.findOne(entity, { [property]: value } as FilterQuery<T>);
  return ctx.loaders
    .get<string, T | null>(`land:${entity.name}:unique:${property}`, async (values) => {
      const rows = knownById(ctx, entity, await read.where(ctx, entity, property, values));
      const byValue = new Map<unknown, T>(rows.map((row) => [row[property], row]));
      return values.map((v) => byValue.get(v) ?? null);
    })
    .load(value);
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
  return childrenLoader(ctx, entity, parent, orderBy).load(parentId);
}

function childrenLoader<T extends object>(
  ctx: Context,
  entity: EntityClass<T>,
  parent: string & keyof T,
  orderBy: Record<string, 'asc' | 'desc'>,
) {
  return ctx.loaders.get<string, T[]>(
    `land:${entity.name}:by:${parent}:${orderKey(orderBy)}`,
    async (ids) => {
      const rows = await read.where(ctx, entity, parent, ids, orderBy);
      const byParent = new Map<string, T[]>(ids.map((id) => [id, []]));
      for (const row of rows) byParent.get((row[parent] as unknown as { id: string }).id)?.push(row);
      return ids.map((id) => byParent.get(id)!);
    },
  );
}

/** A window of the children of each parent: rows `offset < n <= offset + limit` in `order`, and how many there are. */
export interface WindowOptions<T> {
  parent: string & keyof T;
  /** a numeric column, unique within a parent (a sequence) */
  order: string & keyof T;
  direction: 'asc' | 'desc';
  offset: number;
  limit: number;
  /** only rows whose `order` value is greater than this */
  orderAbove?: number;
}

/** the statements of a window shape, per number of parents: built once per shape and size, not per batch */
interface WindowTexts {
  count(parents: number): string;
  windows(parents: number): string;
}
const windowTextCache = new WeakMap<object, Map<string, WindowTexts>>();

/** the columns each part of a window statement adds after the entity's own: its parent's place, and the total */
const WINDOW_KEY = 'window_key__';
const WINDOW_TOTAL = 'window_total__';

function windowTexts(
  ctx: Context,
  entityName: string,
  parent: string,
  order: string,
  direction: 'asc' | 'desc',
  withAbove: boolean,
): WindowTexts {
  const metadata = ctx.em.getMetadata();
  let shapes = windowTextCache.get(metadata);
  if (!shapes) windowTextCache.set(metadata, (shapes = new Map()));
  const key = `${entityName}|${parent}|${order}|${direction}|${withAbove}`;
  let texts = shapes.get(key);
  if (!texts) {
    const meta = metadata.get(entityName);
    const parentColumn = ident(meta.properties[parent].fieldNames[0]);
    const orderColumn = ident(meta.properties[order].fieldNames[0]);
    const table = ident(meta.tableName);
    const above = withAbove ? ` and ${orderColumn} > ?` : '';
    const counts = new Map<number, string>();
    const windows = new Map<number, string>();
    texts = {
      count(n) {
        let sql = counts.get(n);
        if (sql === undefined) {
          sql =
            `select ${parentColumn} as parent_id, count(*) as total from ${table} ` +
            `where ${parentColumn} in (${placeholders(n)})${above} group by ${parentColumn}`;
          if (n <= 100) counts.set(n, sql); // a page's parents; larger batches are rare and built each time
        }
        return sql;
      },
      // per parent: its window (a limited index read), each row carrying the parent's count (a scalar subquery
      // over the (parent, order) index, evaluated once) and the parent's place in the batch
      windows(n) {
        let sql = windows.get(n);
        if (sql === undefined)
          windows.set(
            n,
            (sql = Array.from(
              { length: n },
              (_, i) =>
                `select w${i}.*, (select count(*) from ${table} where ${parentColumn} = ?${above}) as ${WINDOW_TOTAL}, ` +
                `${i} as ${WINDOW_KEY} from (select * from ${table} where ${parentColumn} = ?${above} ` +
                `order by ${orderColumn} ${direction} limit ? offset ?) w${i}`,
            ).join(' union all ')),
          );
        return sql;
      },
    };
    shapes.set(key, texts);
  }
  return texts;
}

/**
 * One statement for every 100 parents asked for in a tick, so `bids(first: 5)` on 50 auctions is 1 statement, not
 * 100 (and not 2: each parent's count travels on its window's rows): a UNION ALL of limited index reads. A parent
 * whose window is empty has no row: its total is 0 on the first page, and read by a grouped count past it (a page
 * past the end, rare) — as for every parent when the window holds no rows at all (`first: 0`).
 */
export function loadWindow<T extends object>(
  ctx: Context,
  entity: EntityClass<T>,
  parentId: string,
  options: WindowOptions<T>,
): Promise<Window<T>> {
  return windowLoader(ctx, entity, options).load(parentId);
}

/** the loader of one window shape (a read that brings the windows along primes it) */
function windowLoader<T extends object>(ctx: Context, entity: EntityClass<T>, options: WindowOptions<T>) {
  const { parent, order, direction, offset, limit, orderAbove } = options;
  const key = `land:${entity.name}:window:${parent}:${order}:${direction}:${offset}:${limit}:${orderAbove ?? ''}`;
  return ctx.loaders.get<string, Window<T>>(key, async (ids) => {
    const texts = windowTexts(ctx, entity.name, parent, order, direction, orderAbove !== undefined);
    const aboveParams = orderAbove === undefined ? [] : [orderAbove];
    const windows = new Map<string, Window<T>>(ids.map((id) => [id, { items: [], total: 0 }]));
    const counted = async (parents: string[]) => {
      const counts = await read.rows(ctx, texts.count(parents.length), [...parents, ...aboveParams]);
      for (const c of counts) windows.get(c.parent_id as string)!.total = Number(c.total);
    };
    if (limit === 0) {
      await counted([...ids]);
      return ids.map((id) => windows.get(id)!);
    }
    const seen = new Set<string>();
    // at most 100 parents per statement (SQLite allows 500 compound parts)
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100);
      const rows = await read.rows(
        ctx,
        texts.windows(chunk.length),
        chunk.flatMap((id) => [id, ...aboveParams, id, ...aboveParams, limit, offset]),
      );
      const owners: Window<T>[] = [];
      for (const row of rows) {
        const id = chunk[Number(row[WINDOW_KEY])];
        const window = windows.get(id)!;
        window.total = Number(row[WINDOW_TOTAL]);
        seen.add(id);
        owners.push(window);
        // the two added columns are the row's last: taken off, last first (V8 then keeps the row a fast
        // object), the row is the entity's own
        delete row[WINDOW_KEY];
        delete row[WINDOW_TOTAL];
      }
      // snapshots in a read-only query, managed entities otherwise
      read.map(ctx, entity, rows).forEach((item, n) => owners[n].items.push(item));
    }
    const unseen = offset > 0 ? ids.filter((id) => !seen.has(id)) : [];
    if (unseen.length) await counted(unseen);
    // each part comes in its own order (SQL does not promise it across a UNION ALL): sorted only if not
    const sign = direction === 'asc' ? 1 : -1;
    const before = (a: T, b: T) => ((a[order] as number) - (b[order] as number)) * sign;
    for (const { items } of windows.values())
      if (items.some((item, i) => i > 0 && before(items[i - 1], item) > 0)) items.sort(before);
    return ids.map((id) => windows.get(id)!);
  });
}
