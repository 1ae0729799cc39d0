/**
 * The hand-written baseline for bench/queries: `node:http` + graphql 16 `execute` over a small SDL subset of the
 * platform's schema, resolvers issuing hand-written SQL straight to the driver — better-sqlite3 (statements kept
 * prepared) or `pg` (named prepared statements) — no ORM, no type-graphql, no Apollo, no Express, with its own
 * tiny per-request batching. It answers the bench's questions exactly as the platform does (run.ts checks the
 * responses are equal before measuring); the party read assumes the bench's viewer, an unscoped organization
 * department, who may see every member.
 */
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { Pool, types } from 'pg';
import type { AddressInfo } from 'node:net';
import {
  buildSchema,
  execute,
  parse,
  validate,
  type DocumentNode,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { divideRounded } from '../../src/common/decimal';
import { DateScalar, DecimalScalar, MoneyScalar } from '../../src/common/scalars';
import { selectedArguments, selectedFields } from '../../src/common/request/lookahead';
import { shanghaiDate } from '../../src/common/time';
import { isMobileToday } from '../../src/party/mobility/mobility.rules';
import type { MobilityStatus } from '../../src/party/mobility/mobility.types';
import { subtreeRange } from '../../src/party/organization/organization.rules';

const SDL = /* GraphQL */ `
  scalar Money
  scalar Decimal
  scalar Date
  type Query {
    auctions(first: Int, after: String): AuctionConnection!
    auction(id: ID!): Auction
    parcels(first: Int, after: String): LandParcelConnection!
    organization(id: ID!): PartyOrganization
  }
  type PartyOrganization {
    id: ID!
    name: String!
    memberCount: Int!
    members(first: Int, after: String): PartyMemberConnection!
  }
  type PartyMemberConnection {
    edges: [PartyMemberEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type PartyMemberEdge {
    cursor: String!
    node: PartyMember!
  }
  type PartyMember {
    id: ID!
    name: String!
    status: String!
    isMobile: Boolean!
    currentMobility: MobilityRecord
  }
  type MobilityRecord {
    id: ID!
    status: String!
    departedOn: Date!
    outflowOrganization: PartyOrganization!
  }
  type PageInfo {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }
  type AuctionConnection {
    edges: [AuctionEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type AuctionEdge {
    cursor: String!
    node: Auction!
  }
  type Auction {
    id: ID!
    code: String!
    title: String!
    status: String!
    startingPrice: Money!
    increment: Money!
    currentPrice: Money
    bidCount: Int!
    parcel: LandParcel!
    leadingBid: Bid
    bids(first: Int, after: String): BidConnection!
    result: AuctionResult
  }
  type BidConnection {
    edges: [BidEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type BidEdge {
    cursor: String!
    node: Bid!
  }
  type Bid {
    id: ID!
    sequence: Int!
    amount: Money!
    biddingNumber: String!
    phase: String!
  }
  type AuctionResult {
    winnerName: String!
    finalPrice: Money!
    premiumRatePercent: Decimal!
  }
  type LandParcelConnection {
    edges: [LandParcelEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type LandParcelEdge {
    cursor: String!
    node: LandParcel!
  }
  type LandParcel {
    id: ID!
    code: String!
    city: String!
    district: String!
  }
`;

type Row = Record<string, unknown>;

/** One database, either driver: rows of a statement with `?` placeholders, kept prepared. */
interface Sql {
  /** PostgreSQL (a statement is a round trip), else SQLite */
  postgres: boolean;
  all(sql: string, params?: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

interface SqliteStatement {
  all(...params: unknown[]): Row[];
}

function sqliteSql(path: string): Sql {
  const BetterSqlite = createRequire(__filename)('better-sqlite3') as new (
    path: string,
    options: { readonly: boolean },
  ) => { prepare(sql: string): SqliteStatement; pragma(sql: string): unknown; close(): void };
  const db = new BetterSqlite(path, { readonly: true });
  db.pragma('busy_timeout = 10000');
  const statements = new Map<string, SqliteStatement>();
  return {
    postgres: false,
    async all(sql, params = []) {
      let statement = statements.get(sql);
      if (!statement) statements.set(sql, (statement = db.prepare(sql)));
      return statement.all(...params);
    },
    async close() {
      db.close();
    },
  };
}

function postgresSql(url: string): Sql {
  // as the platform's connection: dates and timestamps as text
  const pool = new Pool({
    connectionString: url,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text') =>
        [1082, 1114, 1184].includes(oid)
          ? (value: string) => value
          : types.getTypeParser(oid, format)) as never,
    },
  });
  const texts = new Map<string, { name: string; text: string }>();
  return {
    postgres: true,
    async all(sql, params = []) {
      let kept = texts.get(sql);
      if (!kept) {
        let n = 0;
        kept = { name: `b${texts.size}`, text: sql.replace(/\?/g, () => `$${++n}`) };
        texts.set(sql, kept);
      }
      return (await pool.query({ ...kept, values: params })).rows as Row[];
    },
    close: () => pool.end(),
  };
}

const AWARDED = new Set(['AWARDED', 'DOCUMENTS_SUBMITTED', 'CONFIRMED', 'DEFAULTED']);

/** Keys asked for in one tick, answered by one call. */
class Batch<K, V> {
  private pending: { key: K; resolve: (v: V) => void; reject: (e: unknown) => void }[] = [];
  private readonly primed = new Map<K, V>();
  constructor(private readonly run: (keys: K[]) => Promise<V[]>) {}
  /** a value read along by another statement: answered without a statement */
  prime(key: K, value: V): void {
    this.primed.set(key, value);
  }
  load(key: K): Promise<V> {
    if (this.primed.has(key)) return Promise.resolve(this.primed.get(key)!);
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => this.flush());
      this.pending.push({ key, resolve, reject });
    });
  }
  private flush(): void {
    const pending = this.pending;
    this.pending = [];
    this.run(pending.map((p) => p.key)).then(
      (values) => pending.forEach((p, i) => p.resolve(values[i])),
      (error) => pending.forEach((p) => p.reject(error)),
    );
  }
}

// pagination as src/common/pagination.ts has it (that module declares type-graphql types, so not imported here)
const encodeCursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');
function toPage(args: { first?: number | null; after?: string | null }) {
  const first = args.first ?? 20;
  if (!Number.isInteger(first) || first < 0 || first > 100)
    throw new Error('first must be between 0 and 100');
  const raw = args.after ? Buffer.from(args.after, 'base64url').toString() : null;
  if (raw !== null && !/^o:\d{1,9}$/.test(raw)) throw new Error('after is not a cursor this server issued');
  return { offset: raw === null ? 0 : Number(raw.slice(2)) + 1, limit: first };
}

const connection = <T>(items: T[], total: number, page: { offset: number }) => {
  const edges = items.map((node, i) => ({ cursor: encodeCursor(page.offset + i), node }));
  return {
    edges,
    totalCount: total,
    pageInfo: {
      hasNextPage: page.offset + items.length < total,
      hasPreviousPage: page.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
};

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

function auctionOf(row: Row) {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    status: row.status,
    startingPrice: Number(row.starting_price),
    increment: Number(row.increment),
    currentPrice: row.current_price === null ? null : Number(row.current_price),
    bidCount: Number(row.last_bid_sequence),
    parcelId: row.parcel_id,
    leadingBidId: row.leading_bid_id,
  };
}
type AuctionRow = ReturnType<typeof auctionOf>;

function bidOf(row: Row) {
  return {
    id: row.id,
    sequence: Number(row.sequence),
    amount: Number(row.amount),
    biddingNumber: row.bidding_number,
    phase: row.phase,
  };
}

/** Per-request loaders over one database. */
function loadersFor(db: Sql, today: string) {
  const byId = (table: string) =>
    new Batch<string, Row | null>(async (ids) => {
      const rows = await db.all(`select * from ${table} where id in (${placeholders(ids.length)})`, ids);
      const map = new Map(rows.map((r) => [r.id as string, r]));
      return ids.map((id) => map.get(id) ?? null);
    });
  const bidWindows = new Map<string, Batch<string, { items: Row[]; total: number }>>();
  return {
    parcel: byId('land_parcel'),
    bid: byId('bid'),
    today,
    organization: byId('party_organization'),
    activeRecord: new Batch<string, Row | null>(async (ids) => {
      const rows = await db.all(
        `select * from mobility_record where active_key in (${placeholders(ids.length)})`,
        ids,
      );
      const map = new Map(rows.map((r) => [r.active_key as string, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    result: new Batch<string, Row | null>(async (ids) => {
      const rows = await db.all(
        `select r.*, a.starting_price from auction_result r join auction a on a.id = r.auction_id where r.auction_id in (${placeholders(ids.length)})`,
        ids,
      );
      const map = new Map(rows.map((r) => [r.auction_id as string, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    bids(offset: number, limit: number) {
      const key = `${offset}:${limit}`;
      let batch = bidWindows.get(key);
      if (!batch) {
        batch = new Batch(async (ids) => {
          // the same statements as the platform: each window through the index, each row carrying its auction's
          // count; a grouped count only for auctions whose window is empty past the first page, or for first: 0
          const windows = new Map(ids.map((id) => [id, { items: [] as Row[], total: 0 }]));
          const counted = async (parents: string[]) => {
            const counts = await db.all(
              `select auction_id, count(*) as n from bid where auction_id in (${placeholders(parents.length)}) group by auction_id`,
              parents,
            );
            for (const c of counts) windows.get(c.auction_id as string)!.total = Number(c.n);
          };
          if (limit === 0) await counted(ids);
          const seen = new Set<string>();
          for (let i = 0; limit > 0 && i < ids.length; i += 100) {
            const chunk = ids.slice(i, i + 100);
            const rows = await db.all(
              chunk
                .map(
                  (_, n) =>
                    `select w${n}.*, (select count(*) from bid where auction_id = ?) as total__ ` +
                    `from (select * from bid where auction_id = ? order by sequence limit ? offset ?) w${n}`,
                )
                .join(' union all '),
              chunk.flatMap((id) => [id, id, limit, offset]),
            );
            for (const r of rows) {
              const window = windows.get(r.auction_id as string)!;
              window.total = Number(r.total__);
              window.items.push(r);
              seen.add(r.auction_id as string);
            }
          }
          const unseen = limit > 0 && offset > 0 ? ids.filter((id) => !seen.has(id)) : [];
          if (unseen.length) await counted(unseen);
          return ids.map((id) => windows.get(id)!);
        });
        bidWindows.set(key, batch);
      }
      return batch;
    },
  };
}
type Loaders = ReturnType<typeof loadersFor>;

/**
 * What an auction read brings along in its own statement when the query asks for it, as the platform does (on
 * PostgreSQL only): its parcel and its leading bid (left joins, the columns the schema's fields need, prefixed),
 * then known by id; its result (a left join on the result's auction, known as the auction's result or none); and
 * the window of bids asked for (its rows as a JSON array of the fields' values, and its count, known as that
 * auction's window).
 */
const PARCEL_COLUMNS = ['id', 'code', 'city', 'district'];
const BID_COLUMNS = ['id', 'sequence', 'amount', 'bidding_number', 'phase'];
const RESULT_COLUMNS = ['auction_id', 'winner_name', 'final_price'];
const ALONG = [
  {
    prefix: 'p__',
    table: 'land_parcel',
    on: 'id',
    key: 'parcel_id',
    columns: PARCEL_COLUMNS,
    field: 'parcel',
  },
  { prefix: 'b__', table: 'bid', on: 'id', key: 'leading_bid_id', columns: BID_COLUMNS, field: 'leadingBid' },
  {
    prefix: 'r__',
    table: 'auction_result',
    on: 'auction_id',
    key: 'id',
    columns: RESULT_COLUMNS,
    field: 'result',
  },
] as const;
function alongFor(db: Sql, info: GraphQLResolveInfo, path: string[]) {
  const fields = selectedFields(info, path);
  const chosen = db.postgres ? ALONG.filter((a) => fields.has(a.field)) : [];
  let window: { offset: number; limit: number } | null = null;
  if (db.postgres && fields.has('bids')) {
    const args = selectedArguments(info, path, 'Auction', 'bids');
    try {
      const page = args && toPage(args);
      if (page && page.limit > 0) window = page;
    } catch {
      // the field says why
    }
  }
  const windowColumns = window
    ? `, (select json_agg(json_build_array(${BID_COLUMNS.map((c) => `w.${c}::text`).join(', ')}) order by w.sequence) ` +
      `from (select * from bid where auction_id = a.id order by sequence limit ${window.limit} offset ${window.offset}) w) as w__rows` +
      `, (select count(*) from bid where auction_id = a.id) as w__total`
    : '';
  return {
    columns:
      chosen.flatMap((a) => a.columns.map((c) => `, ${a.prefix}.${c} as ${a.prefix}${c}`)).join('') +
      windowColumns,
    joins: chosen
      .map((a) => ` left join ${a.table} ${a.prefix} on ${a.prefix}.${a.on} = a.${a.key}`)
      .join(''),
    prime(rows: Row[], ctx: Loaders) {
      for (const row of rows) {
        for (const a of chosen) {
          const joined: Row = {};
          for (const c of a.columns) {
            joined[c] = row[a.prefix + c];
            delete row[a.prefix + c];
          }
          if (a.field === 'result')
            ctx.result.prime(
              row.id as string,
              joined.auction_id == null ? null : { ...joined, starting_price: row.starting_price },
            );
          else if (joined.id != null)
            (a.field === 'parcel' ? ctx.parcel : ctx.bid).prime(joined.id as string, joined);
        }
        if (window) {
          const values = (row.w__rows ?? []) as (string | null)[][];
          const items = values.map((v) => {
            const bid: Row = {};
            BID_COLUMNS.forEach((c, i) => (bid[c] = c === 'sequence' ? Number(v[i]) : v[i]));
            return bid;
          });
          ctx
            .bids(window.offset, window.limit)
            .prime(row.id as string, { items, total: Number(row.w__total) });
          delete row.w__rows;
          delete row.w__total;
        }
      }
    },
  };
}

/**
 * A page (`select * from … limit ? offset ?`, no values of its own) and the count of its filter, as the platform
 * reads them: one statement, each row carrying the count; the count alone for an empty page past the first.
 */
async function pageWithCount(
  db: Sql,
  pageSql: string,
  countSql: string,
  page: { offset: number; limit: number },
): Promise<{ rows: Row[]; total: number }> {
  const counted = async () => Number((await db.all(countSql))[0].n);
  if (page.limit === 0) return { rows: [], total: await counted() };
  const rows = await db.all(pageSql.replace(/^select (\w+\.)?\*/, `$&, (${countSql}) as total__`), [
    page.limit,
    page.offset,
  ]);
  if (rows.length === 0) return { rows, total: page.offset > 0 ? await counted() : 0 };
  const total = Number(rows[0].total__);
  for (const row of rows) delete row.total__;
  return { rows, total };
}

function rootValue(db: Sql) {
  return {
    async auctions(args: { first?: number; after?: string }, ctx: Loaders, info: GraphQLResolveInfo) {
      const page = toPage(args);
      const along = alongFor(db, info, ['edges', 'node']);
      const { rows, total } = await pageWithCount(
        db,
        `select a.*${along.columns} from auction a${along.joins} where a.status <> 'DRAFT' ` +
          `order by a.quote_end desc, a.id desc limit ? offset ?`,
        `select count(*) as n from auction where status <> 'DRAFT'`,
        page,
      );
      along.prime(rows, ctx);
      return connection(rows.map(auctionOf), total, page);
    },
    async auction(args: { id: string }, ctx: Loaders, info: GraphQLResolveInfo) {
      const along = alongFor(db, info, []);
      const rows = await db.all(`select a.*${along.columns} from auction a${along.joins} where a.id = ?`, [
        args.id,
      ]);
      along.prime(rows, ctx);
      return rows[0] && rows[0].status !== 'DRAFT' ? auctionOf(rows[0]) : null;
    },
    async parcels(args: { first?: number; after?: string }) {
      const page = toPage(args);
      const { rows, total } = await pageWithCount(
        db,
        `select * from land_parcel order by code asc, id asc limit ? offset ?`,
        `select count(*) as n from land_parcel`,
        page,
      );
      return connection(rows, total, page);
    },
    async organization(args: { id: string }, ctx: Loaders) {
      return ctx.organization.load(args.id);
    },
  };
}

/** members whose formal organization is the one at `path` or below (the platform's subtree range) */
function belowPath(path: string): { sql: string; params: string[] } {
  const { from, to } = subtreeRange(path);
  return to === null
    ? { sql: 'formal_path >= ?', params: [from] }
    : { sql: 'formal_path >= ? and formal_path < ?', params: [from, to] };
}

export function buildBaselineSchema(): GraphQLSchema {
  const schema = buildSchema(SDL);
  Object.assign(schema.getType('Money')!, {
    serialize: MoneyScalar.serialize,
    parseValue: MoneyScalar.parseValue,
  });
  Object.assign(schema.getType('Decimal')!, { serialize: DecimalScalar.serialize });
  Object.assign(schema.getType('Date')!, { serialize: DateScalar.serialize });
  const fields = (type: string) =>
    (schema.getType(type) as unknown as { getFields(): Record<string, { resolve?: unknown }> }).getFields();
  const auction = fields('Auction');
  auction.parcel.resolve = (a: AuctionRow, _: unknown, ctx: Loaders) => ctx.parcel.load(a.parcelId as string);
  auction.leadingBid.resolve = async (a: AuctionRow, _: unknown, ctx: Loaders) => {
    if (!a.leadingBidId) return null;
    const row = await ctx.bid.load(a.leadingBidId as string);
    return row && bidOf(row);
  };
  auction.bids.resolve = async (a: AuctionRow, args: { first?: number; after?: string }, ctx: Loaders) => {
    const page = toPage(args);
    const w = await ctx.bids(page.offset, page.limit).load(a.id as string);
    return connection(w.items.map(bidOf), w.total, page);
  };
  auction.result.resolve = async (a: AuctionRow, _: unknown, ctx: Loaders) => {
    if (!AWARDED.has(a.status as string)) return null;
    const r = await ctx.result.load(a.id as string);
    if (!r) return null;
    const finalPrice = Number(r.final_price);
    return {
      winnerName: r.winner_name,
      finalPrice,
      premiumRatePercent: divideRounded(
        BigInt(finalPrice - Number(r.starting_price)) * 100n,
        BigInt(Number(r.starting_price)),
        2,
      ),
    };
  };
  const organization = fields('PartyOrganization');
  const memberCount = async (o: Row, db: Sql) => {
    const below = belowPath(o.path as string);
    const [row] = await db.all(`select count(*) as n from party_member where ${below.sql}`, below.params);
    return Number(row.n);
  };
  organization.memberCount.resolve = (o: Row, _: unknown, ctx: Loaders & { db: Sql }) =>
    memberCount(o, ctx.db);
  organization.members.resolve = async (
    o: Row,
    args: { first?: number; after?: string },
    ctx: Loaders & { db: Sql },
  ) => {
    const page = toPage(args);
    const below = belowPath(o.path as string);
    const [rows, total] = await Promise.all([
      ctx.db.all(`select * from party_member where ${below.sql} order by name, id limit ? offset ?`, [
        ...below.params,
        page.limit,
        page.offset,
      ]),
      memberCount(o, ctx.db),
    ]);
    return connection(rows, total, page);
  };
  const member = fields('PartyMember');
  member.currentMobility.resolve = (m: Row, _: unknown, ctx: Loaders) =>
    ctx.activeRecord.load(m.id as string);
  member.isMobile.resolve = async (m: Row, _: unknown, ctx: Loaders) => {
    const r = await ctx.activeRecord.load(m.id as string);
    return (
      !!r &&
      isMobileToday(
        {
          status: r.status as MobilityStatus,
          mobileFrom: r.mobile_from as string,
          departedOn: r.departed_on as string,
          lastContactOn: r.last_contact_on as string,
        },
        ctx.today,
      )
    );
  };
  const record = fields('MobilityRecord');
  record.departedOn.resolve = (r: Row) => r.departed_on;
  record.outflowOrganization.resolve = (r: Row, _: unknown, ctx: Loaders) =>
    ctx.organization.load(r.outflow_organization_id as string);
  return schema;
}

export interface Baseline {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves POST /graphql from the SQLite file at `target` (opened read-only) or the PostgreSQL database at that URL;
 * the party read's "today" is `today` (the platform's clock).
 */
export async function startBaseline(target: string, today: Date, port = 0): Promise<Baseline> {
  const db = target.startsWith('postgres') ? postgresSql(target) : sqliteSql(target);
  const day = shanghaiDate(today);
  const schema = buildBaselineSchema();
  const root = rootValue(db);
  const documents = new Map<string, DocumentNode | readonly Error[]>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      try {
        const { query, variables } = JSON.parse(Buffer.concat(chunks).toString()) as {
          query: string;
          variables?: Record<string, unknown>;
        };
        let document = documents.get(query);
        if (!document) {
          const parsed = parse(query);
          const errors = validate(schema, parsed);
          document = errors.length ? errors : parsed;
          documents.set(query, document);
        }
        if (Array.isArray(document)) return send(400, { errors: document });
        const result = await execute({
          schema,
          document: document as DocumentNode,
          rootValue: root,
          contextValue: { ...loadersFor(db, day), db },
          variableValues: variables,
        });
        send(200, result);
      } catch (error) {
        send(400, { errors: [{ message: (error as Error).message }] });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          void db.close().then(resolve);
        });
      }),
  };
}
