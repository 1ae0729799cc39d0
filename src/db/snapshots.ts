/**
 * Read-only row snapshots for query operations.
 *
 * A managed entity costs MikroORM a hydration, an identity-map entry and per-instance property definitions
 * (relation propagation); a page of 20 auctions with their bids is ~160 of them, most of a list query's CPU. A
 * query operation changes nothing, so its rows are read as snapshots instead: objects with the entity's
 * prototype (`instanceof` and type-graphql's type resolution still hold) and the same property values a managed
 * entity would have — scalars converted by the ORM's own result mapper and custom types, a many-to-one as an
 * unmanaged reference holding the primary key — frozen, so a code path that tried to change one would fail
 * loudly instead of silently writing nothing. Entities with collections or embeddables are not snapshotted
 * (`snapshotMapper` answers null and callers use the EntityManager). test/integration/snapshots.test.ts checks
 * every supported entity's snapshot against the managed entity on both databases.
 */
import type {
  EntityManager,
  EntityMetadata,
  EntityProperty,
  FilterQuery,
  QueryOrderMap,
} from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Lru } from '../common/lru';

type Row = Record<string, unknown>;
export type SnapshotMapper<T> = (row: Row) => T;

interface Driverish {
  mapResult(row: Row, meta: EntityMetadata): Row | null;
}

const mappers = new WeakMap<EntityMetadata, SnapshotMapper<unknown> | null>();

/** The mapper from a raw row (column names) to a frozen snapshot, or null when the entity is not supported. */
export function snapshotMapper<T>(em: EntityManager, entityName: string): SnapshotMapper<T> | null {
  const meta = em.getMetadata().get(entityName);
  if (mappers.has(meta)) return mappers.get(meta) as SnapshotMapper<T> | null;
  const mapper = buildMapper(em, meta);
  mappers.set(meta, mapper);
  return mapper as SnapshotMapper<T> | null;
}

function buildMapper(em: EntityManager, meta: EntityMetadata): SnapshotMapper<unknown> | null {
  const platform = em.getPlatform();
  const driver = em.getDriver() as unknown as Driverish;
  const steps: ((out: Row, mapped: Row) => void)[] = [];
  for (const prop of meta.props as EntityProperty[]) {
    if (prop.persist === false || prop.formula || prop.embedded) return null;
    const name = prop.name;
    if (prop.kind === 'scalar') {
      const custom = prop.customType;
      if (custom && prop.runtimeType !== 'Date') {
        steps.push((out, mapped) => {
          const value = mapped[name];
          out[name] = value == null ? null : custom.convertToJSValue(value, platform);
        });
      } else if (prop.runtimeType === 'boolean') {
        steps.push((out, mapped) => {
          const value = mapped[name];
          out[name] = value == null ? null : !!value;
        });
      } else {
        steps.push((out, mapped) => {
          const value = mapped[name];
          out[name] = value === undefined ? null : value;
        });
      }
    } else if (
      (prop.kind === 'm:1' || prop.kind === '1:1') &&
      prop.owner !== false &&
      prop.fieldNames?.length
    ) {
      const target = prop.targetMeta;
      if (!target || target.primaryKeys.length !== 1) return null;
      const pk = target.primaryKeys[0];
      const prototype = shadowed(target.prototype as object, target.props as EntityProperty[]);
      steps.push((out, mapped) => {
        const value = mapped[name];
        if (value == null) out[name] = null;
        else {
          const reference = Object.create(prototype) as Row;
          reference[pk] = value;
          out[name] = Object.freeze(reference);
        }
      });
    } else {
      return null; // collections, inverse sides, embeddables: managed entities only
    }
  }
  // MikroORM puts change-tracking setters for the entity's properties on its prototype; plain data properties
  // on an intermediate prototype shadow them, so a snapshot's values are ordinary own properties
  const prototype = shadowed(meta.prototype as object, meta.props as EntityProperty[]);
  return (row) => {
    const mapped = driver.mapResult(row, meta) ?? {};
    const out = Object.create(prototype) as Row;
    for (const step of steps) step(out, mapped);
    return Object.freeze(out);
  };
}

const shadows = new WeakMap<object, object>();

function shadowed(prototype: object, props: EntityProperty[]): object {
  let shadow = shadows.get(prototype);
  if (!shadow) {
    shadow = Object.create(prototype) as object;
    for (const prop of props)
      Object.defineProperty(shadow, prop.name, { value: undefined, writable: true, configurable: true });
    shadows.set(prototype, shadow);
  }
  return shadow;
}

export interface SnapshotFindOptions<T> {
  orderBy?: QueryOrderMap<T> | QueryOrderMap<T>[];
  limit?: number;
  offset?: number;
}

/**
 * The SQL of reads whose filter and options were seen before, per database: building a query through the
 * QueryBuilder costs more than running a small one, and list reads repeat (every viewer's first page of
 * auctions). MikroORM writes the values into the text, so a key names the whole query. Filters holding raw()
 * fragments (their keys are unique per call) and values JSON cannot write are never kept.
 */
const SQL_CACHE_SIZE = 1000;
const SQL_KEY_MAX_LENGTH = 2000;
const sqlCaches = new WeakMap<object, Lru<string, string>>();

function cachedSql(em: EntityManager, key: string | null, build: () => string): string {
  if (key === null) return build();
  let cache = sqlCaches.get(em.getMetadata());
  if (!cache) sqlCaches.set(em.getMetadata(), (cache = new Lru(SQL_CACHE_SIZE)));
  let sql = cache.get(key);
  if (sql === undefined) cache.set(key, (sql = build()));
  return sql;
}

function queryKey(kind: string, entity: string, where: unknown, options: unknown): string | null {
  let key: string;
  try {
    key = `${kind}|${entity}|${JSON.stringify(where)}|${JSON.stringify(options)}`;
  } catch {
    return null; // e.g. a bigint
  }
  return key.length > SQL_KEY_MAX_LENGTH || key.includes('[raw]') ? null : key;
}

/**
 * `em.find` as snapshots: the same filter and order through MikroORM's QueryBuilder, rows mapped without the
 * identity map. Falls back to `em.find` for entities snapshots do not support. Outside transactions only (it
 * reads on the EntityManager's connection, not a transaction's).
 */
export async function findSnapshots<T extends object>(
  em: EntityManager,
  entity: new () => T,
  where: FilterQuery<T>,
  options: SnapshotFindOptions<T> = {},
): Promise<T[]> {
  const mapper = snapshotMapper<T>(em, entity.name);
  if (!mapper) return em.find(entity, where, options as never);
  const sql = cachedSql(em, queryKey('find', entity.name, where, options), () => {
    const qb = (em as SqlEntityManager)
      .createQueryBuilder(entity)
      .select('*')
      .where(where as never);
    if (options.orderBy) qb.orderBy(options.orderBy as never);
    if (options.limit !== undefined) qb.limit(options.limit);
    if (options.offset) qb.offset(options.offset);
    return qb.getFormattedQuery();
  });
  const rows: Row[] = await (em as SqlEntityManager).getConnection().execute(sql);
  return rows.map(mapper);
}

/** `em.count` for a read-only query, its SQL kept like findSnapshots'. */
export async function countRows<T extends object>(
  em: EntityManager,
  entity: new () => T,
  where: FilterQuery<T>,
): Promise<number> {
  const sql = cachedSql(em, queryKey('count', entity.name, where, null), () =>
    (em as SqlEntityManager)
      .createQueryBuilder(entity)
      .count()
      .where(where as never)
      .getFormattedQuery(),
  );
  const [row]: Row[] = await (em as SqlEntityManager).getConnection().execute(sql);
  return Number(Object.values(row)[0]);
}

/** Maps raw rows of `entity` (all its columns) to snapshots, or to managed entities where not supported. */
export function mapRows<T extends object>(em: EntityManager, entity: new () => T, rows: Row[]): T[] {
  const mapper = snapshotMapper<T>(em, entity.name);
  return mapper ? rows.map(mapper) : rows.map((row) => em.map(entity, row));
}
