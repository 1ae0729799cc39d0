/**
 * The one read path beside the ORM. The ORM (EntityManager, unit of work, flush) stays the way to write and the
 * backbone of domain logic; a read that goes around it goes through `read` here, and nowhere else. Its rules:
 *
 * 1. Identity map: only an operation that cannot write (`scope.readOnly`: a query that came alone over HTTP,
 *    src/server/http/read-only.ts) reads around it. Its rows become frozen snapshots — the entity's prototype
 *    (`instanceof` and type-graphql's type resolution hold) and the values a managed entity would have (the ORM's
 *    own result mapper and custom types; a many-to-one as a `{ id }` reference of the target's prototype) — so
 *    code that tried to change one fails loudly instead of silently writing nothing. Dates and JSON are
 *    converted when first read (most reads never ask for them), the rest copied from the row in one pass. Every other operation gets
 *    managed entities from the same SQL (`em.map`), or the EntityManager's own `find`/`count`. Entities with
 *    collections or embeddables are never snapshotted (the EntityManager reads them).
 *    test/integration/snapshots.test.ts compares every supported entity's snapshot with its managed entity.
 * 2. Values are always bound (`?`), identifiers come from entity metadata (`ident`), never from input; so the
 *    text of a read is the same whatever the values, and one prepared statement serves them all.
 * 3. Statements: outside a transaction a read takes a connection from the ORM's own pool and runs the statement
 *    on the driver directly (no knex query building or runner): on SQLite through the read path's own kept
 *    statements in raw mode (src/db/statement-cache.ts `readStatement`), on the pool's one connection at once
 *    when nobody holds or waits for it (`idleSqlite`: no pool promises or timer), on PostgreSQL as a named prepared
 *    statement (texts up to 16 KiB, as on SQLite: the windows of a page of up to ~60 parents fit; the pool's
 *    connections keep them).
 *    Inside a transaction it joins the transaction through knex. Every statement is announced as knex's 'query'
 *    event, so statement counts and debug logs see all of them.
 * 4. List reads whose filter was seen before reuse the SQL MikroORM built for it (`read.find`, `read.count`,
 *    `read.page` — a page and its count in one statement):
 *    building through the QueryBuilder costs more than running a small query. Its values stay bound, so every
 *    page and value of one filter shape is one prepared statement. Filters holding raw() fragments are built
 *    each time.
 */
import {
  JsonType,
  RawQueryFragment,
  type EntityClass,
  type EntityManager,
  type EntityMetadata,
  type EntityProperty,
  type FilterQuery,
  type Platform,
  type QueryOrderMap,
} from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { createHash } from 'node:crypto';
import { Lru } from '../common/lru';
import { dialectOf } from './orm';
import { readStatement } from './statement-cache';

type Row = Record<string, unknown>;
export type SnapshotMapper<T> = (row: Row) => T;

const mappers = new WeakMap<EntityMetadata, SnapshotMapper<unknown> | null>();

/** The mapper from a raw row (column names) to a frozen snapshot, or null when the entity is not supported. */
export function snapshotMapper<T>(em: EntityManager, entityName: string): SnapshotMapper<T> | null {
  const meta = em.getMetadata().get(entityName);
  if (mappers.has(meta)) return mappers.get(meta) as SnapshotMapper<T> | null;
  const mapper = buildMapper(em, meta);
  mappers.set(meta, mapper);
  return mapper as SnapshotMapper<T> | null;
}

/** where a snapshot keeps its driver row: the values of its lazy properties are converted from it when read */
const ROW = Symbol('snapshot row');

/**
 * A date column as MikroORM's result mapper reads it (EntityComparator.getResultMapper): as is when null or a
 * Date, else `platform.parseDate`, with the configured time zone appended to a text without an offset.
 */
function dateReader(platform: Platform): (value: unknown) => unknown {
  const tz = platform.getTimezone();
  return (value) => {
    if (value == null || value instanceof Date) return value;
    if (typeof value === 'bigint') return platform.parseDate(Number(value));
    if (!tz || tz === 'local' || typeof value === 'number') return platform.parseDate(value as string);
    const text = value as string;
    return text.includes('+') || text.lastIndexOf('-') > 10 || text.endsWith('Z')
      ? platform.parseDate(text)
      : platform.parseDate(text + tz);
  };
}

/**
 * One pass over a row's columns, no intermediate object: each property is either copied (strings, numbers,
 * booleans, references: cheap) onto the snapshot, or — dates and JSON, which cost an allocation or a parse per
 * row and which most reads never ask for — converted on first read by a getter on the entity's snapshot
 * prototype, from the driver row the snapshot keeps (hidden, under a symbol), and memoized there. The values are
 * those MikroORM's own result mapper and custom types give a managed entity (test/integration/snapshots.test.ts).
 */
function buildMapper(em: EntityManager, meta: EntityMetadata): SnapshotMapper<unknown> | null {
  const platform = em.getPlatform();
  const toDate = dateReader(platform);
  const eager: { name: string; column: string; convert: ((value: unknown) => unknown) | null }[] = [];
  const lazy: { name: string; column: string; convert: (value: unknown) => unknown }[] = [];
  const references: { name: string; column: string; prototype: object; pk: string }[] = [];
  for (const prop of meta.props as EntityProperty[]) {
    // the hidden inverse side MikroORM adds for a one-sided many-to-many: no column, never read by our code
    if (
      prop.persist === false &&
      (prop.kind === 'm:n' || prop.kind === '1:m') &&
      prop.name.endsWith('__inverse')
    )
      continue;
    if (prop.persist === false || prop.formula || prop.embedded) return null;
    const name = prop.name;
    if (prop.kind === 'scalar') {
      if (!prop.fieldNames || prop.fieldNames.length !== 1) return null;
      const column = prop.fieldNames[0];
      const custom = prop.customType;
      if (prop.runtimeType === 'Date') {
        // as the result mapper: numeric dates as stored, the others parsed; no custom conversion after it
        if (platform.isNumericProperty(prop)) eager.push({ name, column, convert: null });
        else lazy.push({ name, column, convert: toDate });
      } else if (custom) {
        const convert =
          prop.runtimeType === 'boolean'
            ? (value: unknown) => (value == null ? null : custom.convertToJSValue(!!value, platform))
            : (value: unknown) => (value == null ? null : custom.convertToJSValue(value, platform));
        // JSON is parsed when read; other custom types (a bigint as a number) are cheap
        if (custom instanceof JsonType) lazy.push({ name, column, convert });
        else eager.push({ name, column, convert });
      } else if (prop.runtimeType === 'boolean') {
        eager.push({ name, column, convert: (value) => (value == null ? null : !!value) });
      } else {
        eager.push({ name, column, convert: null });
      }
    } else if (
      (prop.kind === 'm:1' || prop.kind === '1:1') &&
      prop.owner !== false &&
      prop.fieldNames?.length
    ) {
      const target = prop.targetMeta;
      if (!target || target.primaryKeys.length !== 1 || prop.fieldNames.length !== 1) return null;
      references.push({
        name,
        column: prop.fieldNames[0],
        pk: target.primaryKeys[0],
        prototype: shadowed(target.prototype as object, target.props as EntityProperty[]),
      });
    } else {
      return null; // collections, inverse sides, embeddables: managed entities only
    }
  }
  // MikroORM puts change-tracking setters for the entity's properties on its prototype; plain data properties
  // on an intermediate prototype shadow them, so a snapshot's values are ordinary own properties; the lazy ones
  // are getters on one more prototype (no setter: assigning one throws, as assigning a frozen property does)
  let prototype = shadowed(meta.prototype as object, meta.props as EntityProperty[]);
  if (lazy.length) {
    prototype = Object.create(prototype) as object;
    for (const { name, column, convert } of lazy) {
      const memo = Symbol(name);
      Object.defineProperty(prototype, name, {
        enumerable: true,
        configurable: false,
        get(this: { [ROW]: Row }) {
          const row = this[ROW] as Row & { [memo]?: unknown };
          if (memo in row) return row[memo];
          const raw = row[column];
          const value = raw === undefined ? null : convert(raw);
          row[memo] = value === undefined ? null : value;
          return row[memo];
        },
      });
    }
  }
  const keepRow = lazy.length > 0;
  return (row) => {
    const out = Object.create(prototype) as Row & { [ROW]?: Row };
    for (let i = 0; i < eager.length; i++) {
      const { name, column, convert } = eager[i];
      const value = row[column];
      out[name] = value === undefined ? null : convert === null ? value : convert(value);
    }
    for (let i = 0; i < references.length; i++) {
      const { name, column, prototype: target, pk } = references[i];
      const value = row[column];
      if (value == null) out[name] = null;
      else {
        const reference = Object.create(target) as Row;
        reference[pk] = value;
        out[name] = Object.freeze(reference);
      }
    }
    if (keepRow) out[ROW] = row;
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
 * auctions). The values stay bound (`?`), so a filter's texts are as many as its shapes, not its values: kept
 * prepared on both databases (rule 3). A key still names the values (it is the filter itself). Filters holding
 * raw() fragments (their keys are unique per call) and values JSON cannot write are never kept, nor named.
 */
const SQL_CACHE_SIZE = 1000;
const SQL_KEY_MAX_LENGTH = 2000;

/** a statement MikroORM built: its text with placeholders, and its values (as MikroORM converted them) */
interface Built {
  sql: string;
  params: readonly unknown[];
}
const sqlCaches = new WeakMap<object, Lru<string, Built>>();

function cachedSql(em: EntityManager, key: string | null, build: () => Built): Built {
  if (key === null) return build();
  let cache = sqlCaches.get(em.getMetadata());
  if (!cache) sqlCaches.set(em.getMetadata(), (cache = new Lru(SQL_CACHE_SIZE)));
  let built = cache.get(key);
  if (built === undefined) cache.set(key, (built = build()));
  return built;
}

/** the statement MikroORM's QueryBuilder would send, as knex writes it (`?` placeholders), and its values */
function builtOf(qb: { toQuery(): { _sql: { sql: string; bindings?: readonly unknown[] } } }): Built {
  const { sql, bindings } = qb.toQuery()._sql;
  return { sql, params: bindings ?? [] };
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
 * identity map. Falls back to `em.find` for entities snapshots do not support. The values stay bound, so the
 * text is the same for every page and value of a filter's shape: kept prepared on both databases.
 */
export async function findSnapshots<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  options: SnapshotFindOptions<T> = {},
): Promise<T[]> {
  const mapper = snapshotMapper<T>(em, entity.name);
  if (!mapper) return em.find(entity, where, options as never);
  const key = queryKey('find', entity.name, where, options);
  const { sql, params } = cachedSql(em, key, () => builtFind(em, entity, where, options));
  return (await runRead(em, sql, params, key !== null)).map(mapper);
}

/** the rows of a filter, ordered and paged, as MikroORM's QueryBuilder builds them */
function builtFind<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  options: SnapshotFindOptions<T>,
): Built {
  const qb = (em as SqlEntityManager)
    .createQueryBuilder(entity)
    .select('*')
    .where(where as never);
  if (options.orderBy) qb.orderBy(options.orderBy as never);
  if (options.limit !== undefined) qb.limit(options.limit);
  if (options.offset) qb.offset(options.offset);
  return builtOf(qb);
}

/** how many rows a filter matches, as MikroORM's QueryBuilder builds it */
function builtCount<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
): Built {
  return builtOf(
    (em as SqlEntityManager)
      .createQueryBuilder(entity)
      .count()
      .where(where as never),
  );
}

/** `em.count` for a read-only query, its SQL kept like findSnapshots'. */
export async function countRows<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
): Promise<number> {
  const key = queryKey('count', entity.name, where, null);
  const { sql, params } = cachedSql(em, key, () => builtCount(em, entity, where));
  const [row] = await runRead(em, sql, params, key !== null);
  return Number(Object.values(row)[0]);
}

/** the column a page statement adds after the entity's own: how many rows the whole filter matches */
const PAGE_TOTAL = 'page_total__';

/**
 * Rows of another entity read in the same statement as the rows of a read (a left join): `property` of the read
 * entity holds the other row's id (a many-to-one, or a column holding an id) — or, `inverse`, `property` of the
 * other entity holds the read row's id and is unique (the other side of a one-to-one: at most one row each).
 * Its snapshots come back beside the read's, for the caller to make known (a child field then reads no statement
 * of its own).
 *
 * With `window` (PostgreSQL only), `property` of the other entity holds the read row's id as for `inverse`, and
 * each read row brings a window of its rows — `offset < n <= offset + limit` in `order` — and how many it has:
 * two columns of the read, one a JSON array of each row's values as text (a correlated subquery over the
 * (parent, order) index), the other its count. The values are parsed as the driver parses its columns.
 */
export interface Joined {
  property: string;
  entity: EntityClass<object>;
  inverse?: boolean;
  window?: { order: string; direction: 'asc' | 'desc'; offset: number; limit: number };
}

/** a window of a row's children, and how many it has in all */
export interface Window<T> {
  items: T[];
  total: number;
}

/**
 * a page of snapshots, the count of the whole filter, and per join the joined rows (each once) — for a window
 * join, the windows, one per item in the items' order
 */
export interface Page<T> {
  items: T[];
  total: number;
  joined: object[][];
}

/** the SQL of joins, built once per read entity and joins */
interface JoinTexts {
  /** `, "j0"."id" as "j0__id", …` (a window's columns refer to the read's alias) */
  columns(alias: string): string;
  /** ` left join "land_parcel" as "j0" on "j0"."id" = <alias>."parcel_id"…` (inverse: `"j1"."auction_id" = <alias>."id"`) */
  clauses(alias: string): string;
  /** per join, its snapshots (each id once; a window join: a window per row) */
  split(rows: Row[]): object[][];
}

/** the values the windows' columns bind, in the order of their placeholders: each window's limit and offset */
function windowParams(joins: readonly Joined[]): number[] {
  return joins.flatMap((j) => (j.window ? [j.window.limit, j.window.offset] : []));
}
const joinTextCache = new WeakMap<object, Map<string, JoinTexts | null>>();

/**
 * PostgreSQL's types by the column types MikroORM declares (their base name): a window's values come as text
 * and are parsed by the driver's parser of that type. A column of another type: the window is not joined.
 */
const PG_TYPE_OIDS: Record<string, number> = {
  bool: 16,
  boolean: 16,
  int8: 20,
  bigint: 20,
  int2: 21,
  smallint: 21,
  int4: 23,
  int: 23,
  integer: 23,
  text: 25,
  json: 114,
  float4: 700,
  real: 700,
  float8: 701,
  double: 701,
  'double precision': 701,
  varchar: 1043,
  'character varying': 1043,
  date: 1082,
  timestamptz: 1184,
  'timestamp with time zone': 1184,
  numeric: 1700,
  decimal: 1700,
  uuid: 2950,
  jsonb: 3802,
};

/** the text parsers of the pool's connections (MikroORM keeps dates as text) */
type TypeParsers = { getTypeParser(oid: number, format: 'text'): (value: string) => unknown };

function pgTypeParsers(em: EntityManager): TypeParsers | null {
  const client = (em as SqlEntityManager).getKnex().client as unknown as {
    connectionSettings?: { types?: TypeParsers };
  };
  return client.connectionSettings?.types ?? null;
}

/**
 * null when the joins cannot be read so: an entity snapshots do not support, a composite key, an inverse join on a
 * property that is not unique, or a window off PostgreSQL or with a column of a type not in PG_TYPE_OIDS
 */
function joinTexts(em: EntityManager, entityName: string, joins: readonly Joined[]): JoinTexts | null {
  const metadata = em.getMetadata();
  let cache = joinTextCache.get(metadata);
  if (!cache) joinTextCache.set(metadata, (cache = new Map()));
  // a window's limit and offset are bound values (windowParams): they must be a page, and the texts are its shape's
  for (const { window } of joins)
    if (
      window &&
      !(
        Number.isSafeInteger(window.offset) &&
        Number.isSafeInteger(window.limit) &&
        window.offset >= 0 &&
        window.limit >= 1
      )
    )
      return null;
  const key = `${entityName}|${joins.map(joinShape).join(',')}`;
  if (cache.has(key)) return cache.get(key)!;
  const texts = buildJoinTexts(em, entityName, joins);
  cache.set(key, texts);
  return texts;
}

/** what tells joins apart (in keys of kept SQL and of loaders) */
export const joinsKey = (joins: readonly Joined[]): string => joins.map(joinKey).join(',');

const joinKey = (j: Joined): string =>
  joinShape(j) + (j.window ? `${j.window.offset}:${j.window.limit}` : '');

/** a join without its values: what its SQL text depends on */
const joinShape = (j: Joined): string =>
  `${j.inverse ? '~' : ''}${j.property}:${j.entity.name}` +
  (j.window ? `[${j.window.order}:${j.window.direction}]` : '');

/** the columns of a joined entity's table, each once, with the column type MikroORM declares for it */
type TargetColumns = Map<string, string | undefined>;

/** a column's values of a window: the parser of its type */
interface WindowColumn {
  column: string;
  parse: (value: string) => unknown;
}

/** one join, compiled: its select-list text, its join clause, the columns it adds, and how a read takes them */
interface JoinPart {
  columns(alias: string): string;
  clause(alias: string): string;
  added: string[];
  /** a reader for one read's rows: takes each row, then answers the join's snapshots (or windows) */
  reader(): { take(row: Row): void; result(): object[] };
}

function buildJoinTexts(em: EntityManager, entityName: string, joins: readonly Joined[]): JoinTexts | null {
  const metadata = em.getMetadata();
  const meta = metadata.get(entityName);
  if (meta.primaryKeys.length !== 1) return null;
  const ownPk = meta.properties[meta.primaryKeys[0] as never].fieldNames[0];
  const postgres = dialectOf(em) === 'postgresql';
  const parts: JoinPart[] = [];
  for (const [i, join] of joins.entries()) {
    const target = metadata.get(join.entity.name);
    const mapper = snapshotMapper<object>(em, join.entity.name);
    const via = (join.inverse || join.window ? target : meta).properties[join.property as never] as
      | EntityProperty
      | undefined;
    const fk = via?.fieldNames;
    // an inverse join that is not unique would repeat the read's rows
    const repeats = join.inverse && !join.window && !via?.unique;
    if (!mapper || !fk || fk.length !== 1 || repeats || target.primaryKeys.length !== 1) return null;
    const columns = new Map<string, string | undefined>();
    for (const prop of target.props as EntityProperty[])
      if (prop.persist !== false && prop.fieldNames && prop.kind !== '1:m' && prop.kind !== 'm:n')
        for (const [n, column] of prop.fieldNames.entries())
          if (!columns.has(column)) columns.set(column, prop.columnTypes?.[n]);
    const part = join.window
      ? windowPart(em, postgres, `w${i}`, target, fk[0], ownPk, join.window, columns, mapper)
      : rowPart(`j${i}`, target, join.inverse ? [fk[0], ownPk] : undefined, fk[0], columns, mapper);
    if (!part) return null;
    parts.push(part);
  }
  const added = parts.flatMap((p) => p.added);
  return {
    columns: (alias) => parts.map((p) => p.columns(alias)).join(''),
    clauses: (alias) => parts.map((p) => p.clause(alias)).join(''),
    // the joined columns are let go once read (a row stays while its snapshot has a value still to convert):
    // set to undefined, not deleted — a snapshot reads its own columns by name, and a delete each cost more
    split(rows) {
      const readers = parts.map((p) => p.reader());
      for (const row of rows) {
        for (let i = 0; i < readers.length; i++) readers[i].take(row);
        for (let n = 0; n < added.length; n++) row[added[n]] = undefined;
      }
      return readers.map((r) => r.result());
    },
  };
}

/**
 * A row join: a left join on the other row's primary key and `fk` of the read row, or (`inverse`: [the other's
 * column, the read's primary key]) on a unique column of the other row; its columns prefixed with `alias`, each
 * joined row read once.
 */
function rowPart(
  alias: string,
  target: EntityMetadata,
  inverse: [string, string] | undefined,
  fk: string,
  columns: TargetColumns,
  mapper: SnapshotMapper<object>,
): JoinPart {
  const pk = target.properties[target.primaryKeys[0] as never].fieldNames[0];
  const [on, to] = inverse ?? [pk, fk];
  const names = [...columns.keys()];
  const from = names.map((c) => `${alias}__${c}`);
  const id = `${alias}__${pk}`;
  const text = names.map((c, n) => `, ${ident(alias)}.${ident(c)} as ${ident(from[n])}`).join('');
  return {
    columns: () => text,
    clause: (outer) =>
      ` left join ${ident(target.tableName)} as ${ident(alias)} on ${ident(alias)}.${ident(on)} = ${outer}.${ident(to)}`,
    added: from,
    reader() {
      const seen = new Map<unknown, object>();
      return {
        take(row) {
          const key = row[id];
          if (key == null || seen.has(key)) return;
          const joined: Row = {};
          for (let c = 0; c < from.length; c++) joined[names[c]] = row[from[c]];
          seen.set(key, mapper(joined));
        },
        result: () => [...seen.values()],
      };
    },
  };
}

/**
 * A window join (PostgreSQL): per read row, a JSON array of its window's values as text, parsed as the pool's
 * connections parse each column's type, and its count; null when a column's type is not known.
 */
function windowPart(
  em: EntityManager,
  postgres: boolean,
  alias: string,
  target: EntityMetadata,
  parentColumn: string,
  ownPk: string,
  window: NonNullable<Joined['window']>,
  columns: TargetColumns,
  mapper: SnapshotMapper<object>,
): JoinPart | null {
  const parsers = postgres ? pgTypeParsers(em) : null;
  const orderProp = target.properties[window.order as never] as EntityProperty | undefined;
  // json_build_array takes up to 100 arguments
  if (!parsers || !orderProp?.fieldNames || columns.size > 100) return null;
  const parsed: WindowColumn[] = [];
  for (const [column, columnType] of columns) {
    const type = String(columnType ?? '')
      .toLowerCase()
      .replace(/\(.*\)$/, '')
      .trim();
    const oid = PG_TYPE_OIDS[type];
    if (oid === undefined) return null;
    parsed.push({ column, parse: parsers.getTypeParser(oid, 'text') });
  }
  const dir = window.direction === 'desc' ? 'desc' : 'asc';
  const table = ident(target.tableName);
  const parent = ident(parentColumn);
  const by = ident(orderProp.fieldNames[0]);
  const rows = `${alias}__rows`;
  const total = `${alias}__total`;
  return {
    // limit and offset are bound (windowParams): one text, and one prepared statement, per window shape
    columns: (outer) =>
      `, (select json_agg(json_build_array(${parsed.map((c) => `w.${ident(c.column)}::text`).join(', ')}) ` +
      `order by w.${by} ${dir}) from (select * from ${table} where ${parent} = ${outer}.${ident(ownPk)} ` +
      `order by ${by} ${dir} limit ? offset ?) as w) as ${ident(rows)}` +
      `, (select count(*) from ${table} where ${parent} = ${outer}.${ident(ownPk)}) as ${ident(total)}`,
    clause: () => '',
    added: [rows, total],
    reader() {
      const windows: Window<object>[] = [];
      return {
        take(row) {
          const tuples = (row[rows] ?? []) as (string | null)[][];
          const items: object[] = [];
          for (const tuple of tuples) {
            const child: Row = {};
            for (let c = 0; c < parsed.length; c++) {
              const value = tuple[c];
              child[parsed[c].column] = value === null ? null : parsed[c].parse(value);
            }
            items.push(mapper(child));
          }
          windows.push({ items, total: Number(row[total]) });
        },
        result: () => windows,
      };
    },
  };
}

/**
 * `em.findAndCount` as snapshots, in one statement: the page's SQL with the count's as one more column (a scalar
 * subquery, evaluated once) and the joined rows' columns after it, all as MikroORM builds them and kept like
 * findSnapshots'. A page with no rows carries no count: it is 0 on the first page, and read by the count alone
 * past it (a page past the end, rare) or for `limit: 0`. Entities snapshots do not support get
 * `em.findAndCount` (and no joined rows).
 */
export async function pageSnapshots<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  options: SnapshotFindOptions<T> & { limit: number },
  joins: readonly Joined[] = [],
): Promise<Page<T>> {
  const mapper = snapshotMapper<T>(em, entity.name);
  if (!mapper) return managedPage(em, entity, where, options);
  if (options.limit === 0) return { items: [], total: await countRows(em, entity, where), joined: [] };
  const join = joins.length ? joinTexts(em, entity.name, joins) : null;
  const key = queryKey(join ? `page+${joinsKey(joins)}` : 'page', entity.name, where, options);
  // a filter holding raw() fragments (never kept: its key is null) builds two queries from them; a fragment is
  // single-use outside RawQueryFragment.run
  return key === null
    ? RawQueryFragment.run(() => readPage(em, entity, where, options, mapper, key, join, joins))
    : readPage(em, entity, where, options, mapper, key, join, joins);
}

async function readPage<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  options: SnapshotFindOptions<T> & { limit: number },
  mapper: SnapshotMapper<T>,
  key: string | null,
  join: JoinTexts | null,
  joins: readonly Joined[],
): Promise<Page<T>> {
  const { sql, params } = cachedSql(em, key, () => {
    const rows = builtFind(em, entity, where, options);
    const count = builtCount(em, entity, where);
    // `select "e0".* from "t" as "e0" …` → `select "e0".*, (<count>) as page_total__, <joined columns> from
    // "t" as "e0" <left joins> …`: the count's own alias is its own scope (it does not refer to the outer
    // query), and its values come first. A text of another form (none is known) is read as two statements.
    const head = /^select ((?:"[^"]+"|`[^`]+`)\.)?\* from ("[^"]+"|`[^`]+`)(?: as ("[^"]+"|`[^`]+`))? /.exec(
      rows.sql,
    );
    if (!head) return { sql: '', params: [] };
    const alias = head[3] ?? head[2];
    return {
      sql:
        `select ${head[1] ?? ''}*, (${count.sql}) as ${PAGE_TOTAL}${join?.columns(alias) ?? ''} ` +
        `from ${head[2]}${head[3] ? ` as ${head[3]}` : ''}${join?.clauses(alias) ?? ''} ${rows.sql.slice(head[0].length)}`,
      params: [...count.params, ...(join ? windowParams(joins) : []), ...rows.params],
    };
  });
  if (sql === '') {
    const [items, total] = await Promise.all([
      findSnapshots(em, entity, where, options),
      countRows(em, entity, where),
    ]);
    return { items, total, joined: [] };
  }
  const rows = await runRead(em, sql, params, key !== null);
  if (rows.length === 0)
    return { items: [], total: options.offset ? await countRows(em, entity, where) : 0, joined: [] };
  const total = Number(rows[0][PAGE_TOTAL]);
  const joined = join ? join.split(rows) : [];
  for (const row of rows) row[PAGE_TOTAL] = undefined;
  return { items: rows.map(mapper), total, joined };
}

/** `em.findAndCount` as a Page: managed entities, no joined rows (the caller's loaders read them) */
async function managedPage<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  options: SnapshotFindOptions<T>,
): Promise<Page<T>> {
  const [items, total] = await em.findAndCount(entity, where, options as never);
  return { items, total, joined: [] };
}

/**
 * The rows of `entity` whose id is one of `ids`, with their joined rows, in one statement; null when the joins
 * cannot be read so (the caller reads without them).
 */
export async function byIdJoined<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  ids: readonly string[],
  joins: readonly Joined[],
): Promise<{ items: T[]; joined: object[][] } | null> {
  const mapper = snapshotMapper<T>(em, entity.name);
  const join = mapper ? joinTexts(em, entity.name, joins) : null;
  if (!mapper || !join) return null;
  const meta = em.getMetadata().get(entity.name);
  const pk = meta.properties[meta.primaryKeys[0] as never].fieldNames[0];
  const sql =
    `select "e".*${join.columns('"e"')} from ${ident(meta.tableName)} as "e"${join.clauses('"e"')} ` +
    `where "e".${ident(pk)} in (${placeholders(ids.length)})`;
  const rows = await runRead(em, sql, [...windowParams(joins), ...ids]);
  const joined = join.split(rows);
  return { items: rows.map(mapper), joined };
}

/** Maps raw rows of `entity` (all its columns) to snapshots, or to managed entities where not supported. */
export function mapRows<T extends object>(em: EntityManager, entity: EntityClass<T>, rows: Row[]): T[] {
  const mapper = snapshotMapper<T>(em, entity.name);
  return mapper ? rows.map(mapper) : rows.map((row) => em.map(entity, row as never));
}

// ───────────────────────────── statements ─────────────────────────────

/** a quoted identifier (both databases accept double quotes) */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** `?, ?, ?` for n values */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

interface KnexClient {
  dialect: string;
  /** knex's tarn pool (SQLite's holds one connection) */
  pool?: TarnPool;
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}
interface TarnPool {
  numPendingAcquires(): number;
  /** tarn's own list of idle connections (not typed public: read defensively) */
  free?: { resource?: SqliteConnection & { __knex__disposed?: unknown } }[];
}
interface SqliteConnection {
  prepare(sql: string): unknown;
}
interface KnexLike {
  client: KnexClient;
  raw(sql: string, bindings: never): Promise<unknown> & { transacting(trx: never): unknown };
  emit(event: 'query', query: AnnouncedQuery): boolean;
  emit(event: 'query-response', response: unknown, query: AnnouncedQuery): boolean;
  emit(event: 'query-error', error: unknown, query: AnnouncedQuery): boolean;
}
/** what knex's own events carry: statement counts, debug logs and SQL spans follow a query by its uid */
interface AnnouncedQuery {
  sql: string;
  bindings: readonly unknown[];
  method: string;
  __knexQueryUid: string;
}
let announcedQueries = 0;
interface PgClient {
  query(config: { text: string; values: unknown[]; name?: string }): Promise<{ rows: Row[] }>;
}

/** better-sqlite3 binds neither Date nor boolean (as knex's client, which these reads bypass, converts them) */
const sqliteValue = (value: unknown): unknown =>
  value instanceof Date ? value.valueOf() : typeof value === 'boolean' ? Number(value) : value;

const MAX_NAMED_SQL = 16_384;
const pgTexts = new Lru<string, { text: string; name?: string }>(2000);

/** `?` → `$n` outside quoted literals and identifiers, and a name for texts short enough to keep prepared */
function pgText(sql: string, named: boolean): { text: string; name?: string } {
  const key = `${named ? 'n' : 'u'}${sql}`;
  let kept = pgTexts.get(key);
  if (kept) return kept;
  let n = 0;
  let quote: string | null = null;
  let text = '';
  for (const c of sql) {
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '?') {
      text += `$${++n}`;
      continue;
    }
    text += c;
  }
  kept = {
    text,
    name:
      named && sql.length <= MAX_NAMED_SQL
        ? `r_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`
        : undefined,
  };
  pgTexts.set(key, kept);
  return kept;
}

/**
 * A free SQLite connection of the pool (SQLite's pool holds one) when nobody waits for one, else undefined.
 * better-sqlite3 runs a statement synchronously, so a read that finds a connection free runs and finishes before
 * anything else can take it: the same guarantee as taking it from the pool and giving it back, without the
 * pool's promises and timers (about 13 promises and 2 timers a read). A connection a transaction holds is not
 * free; the read then waits for it in the pool (it must not read the transaction's uncommitted rows).
 */
function idleSqlite(pool: TarnPool | undefined): SqliteConnection | undefined {
  if (!pool || pool.numPendingAcquires() !== 0 || !Array.isArray(pool.free)) return undefined;
  const connection = pool.free[0]?.resource;
  return connection && typeof connection.prepare === 'function' && !connection.__knex__disposed
    ? connection
    : undefined;
}

function sqliteRows(connection: SqliteConnection, sql: string, bindings: readonly unknown[]): Row[] {
  const statement = readStatement(connection, sql);
  const values = bindings.map(sqliteValue);
  if (statement.reader) return statement.all(...values);
  statement.run(...values);
  return [];
}

/**
 * Runs one read statement (`?` placeholders, values bound) and answers its rows: on the transaction's
 * connection through knex inside a transaction, on the driver directly otherwise (rule 3). `named`: the text is
 * a fixed shape worth keeping prepared on PostgreSQL (not a text with values written into it).
 */
async function runRead(
  em: EntityManager,
  sql: string,
  bindings: readonly unknown[],
  named = true,
): Promise<Row[]> {
  const sqlEm = em as SqlEntityManager;
  const knex = sqlEm.getKnex() as unknown as KnexLike;
  const transaction = sqlEm.getTransactionContext();
  if (transaction) {
    const query = knex.raw(sql, bindings as never);
    query.transacting(transaction as never);
    const result = (await query) as Row[] | { rows: Row[] };
    return Array.isArray(result) ? result : result.rows;
  }
  const announced: AnnouncedQuery = {
    sql,
    bindings,
    method: 'raw',
    __knexQueryUid: `read:${++announcedQueries}`,
  };
  knex.emit('query', announced);
  const client = knex.client;
  let rows: Row[];
  const postgres = client.dialect === 'postgresql';
  try {
    const idle = postgres ? undefined : idleSqlite(client.pool);
    if (idle) rows = sqliteRows(idle, sql, bindings);
    else {
      const connection = await client.acquireConnection();
      try {
        if (postgres) {
          const { text, name } = pgText(sql, named);
          rows = (await (connection as PgClient).query({ text, values: bindings as unknown[], name })).rows;
        } else rows = sqliteRows(connection as SqliteConnection, sql, bindings);
      } finally {
        await client.releaseConnection(connection);
      }
    }
  } catch (error) {
    knex.emit('query-error', error, announced);
    throw error;
  }
  knex.emit('query-response', rows, announced);
  return rows;
}

/** an order (`{ property: 'asc' | 'desc' }`) as a key: `name:asc,` per property, in its order */
export function orderKey(orderBy: Record<string, 'asc' | 'desc'>): string {
  let key = '';
  for (const name in orderBy) key += `${name}:${orderBy[name]},`;
  return key;
}

/** the texts of `read.where`, per entity, property, order and number of values: built once, not per batch */
const whereTexts = new WeakMap<object, Lru<string, string>>();

function whereSql(
  em: EntityManager,
  entityName: string,
  property: string,
  count: number,
  orderBy: Record<string, 'asc' | 'desc'>,
): string {
  const metadata = em.getMetadata();
  let texts = whereTexts.get(metadata);
  if (!texts) whereTexts.set(metadata, (texts = new Lru(1000)));
  const key = `${entityName}|${property}|${count}|${orderKey(orderBy)}`;
  let sql = texts.get(key);
  if (sql === undefined) {
    const meta = metadata.get(entityName);
    const column = (name: string) => ident(meta.properties[name].fieldNames[0]);
    const terms = Object.entries(orderBy).map(
      ([name, dir]) => `${column(name)} ${dir === 'desc' ? 'desc' : 'asc'}`,
    );
    sql =
      `select * from ${ident(meta.tableName)} where ${column(property)} in (${placeholders(count)})` +
      (terms.length ? ` order by ${terms.join(', ')}` : '');
    texts.set(key, sql);
  }
  return sql;
}

// ───────────────────────────── the entry point ─────────────────────────────

/** what a read needs of an operation: its EntityManager, and whether it may read around the identity map */
export interface ReadScope {
  em: EntityManager;
  readOnly?: boolean;
}

/** Every read around the ORM (rules in this file's heading). */
export const read = {
  /** Rows of a bound statement, as the driver answers them (column names). */
  rows(scope: ReadScope, sql: string, bindings: readonly unknown[] = []): Promise<Row[]> {
    return runRead(scope.em, sql, bindings);
  },

  /** Rows of a bound statement selecting all of `entity`'s columns: snapshots when read-only, else managed. */
  async entities<T extends object>(
    scope: ReadScope,
    entity: EntityClass<T>,
    sql: string,
    bindings: readonly unknown[] = [],
  ): Promise<T[]> {
    return read.map(scope, entity, await runRead(scope.em, sql, bindings));
  },

  /**
   * The rows of `entity` whose `property` is one of `values`, in `orderBy` order: when read-only, snapshots from
   * one bound statement (its text depends only on how many values); otherwise `em.find`, so rows the operation
   * holds keep their pending changes.
   */
  async where<T extends object>(
    scope: ReadScope,
    entity: EntityClass<T>,
    property: string,
    values: readonly unknown[],
    orderBy: Record<string, 'asc' | 'desc'> = {},
  ): Promise<T[]> {
    if (!scope.readOnly || !snapshotMapper(scope.em, entity.name))
      return scope.em.find(entity, { [property]: { $in: [...values] } } as FilterQuery<T>, {
        orderBy: orderBy as never,
      });
    return read.entities(
      scope,
      entity,
      whereSql(scope.em, entity.name, property, values.length, orderBy),
      values,
    );
  },

  /** Rows already read (all of `entity`'s columns) as snapshots when read-only, else as managed entities. */
  map<T extends object>(scope: ReadScope, entity: EntityClass<T>, rows: Row[]): T[] {
    return scope.readOnly
      ? mapRows(scope.em, entity, rows)
      : rows.map((row) => scope.em.map(entity, row as never));
  },

  /** `em.find`; as snapshots from kept SQL when read-only. */
  find<T extends object>(
    scope: ReadScope,
    entity: EntityClass<T>,
    where: FilterQuery<T>,
    options: SnapshotFindOptions<T> = {},
  ): Promise<T[]> {
    return scope.readOnly
      ? findSnapshots(scope.em, entity, where, options)
      : scope.em.find(entity, where, options as never);
  },

  /**
   * `em.findAndCount`; when read-only, snapshots, their count and the `joins`' rows from one statement of kept
   * SQL (otherwise no joined rows: the caller's loaders read them).
   */
  page<T extends object>(
    scope: ReadScope,
    entity: EntityClass<T>,
    where: FilterQuery<T>,
    options: SnapshotFindOptions<T> & { limit: number },
    joins: readonly Joined[] = [],
  ): Promise<Page<T>> {
    return scope.readOnly
      ? pageSnapshots(scope.em, entity, where, options, joins)
      : managedPage(scope.em, entity, where, options);
  },

  /**
   * When read-only, the rows of `entity` with these ids and the `joins`' rows, in one statement; null otherwise,
   * or when the joins cannot be read so (then `read.where`).
   */
  byIdJoined<T extends object>(
    scope: ReadScope,
    entity: EntityClass<T>,
    ids: readonly string[],
    joins: readonly Joined[],
  ): Promise<{ items: T[]; joined: object[][] } | null> {
    return scope.readOnly ? byIdJoined(scope.em, entity, ids, joins) : Promise.resolve(null);
  },

  /** `em.count`; from kept SQL when read-only. */
  count<T extends object>(scope: ReadScope, entity: EntityClass<T>, where: FilterQuery<T>): Promise<number> {
    return scope.readOnly ? countRows(scope.em, entity, where) : scope.em.count(entity, where);
  },
};
