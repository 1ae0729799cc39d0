/**
 * The SQL of the race path (bid.race.ts), by hand, on the driver's own connection: no unit of work, no query
 * builder, statements prepared once per connection. Two things per dialect:
 *
 * - `snapshot`: what the locked path would read, read without the lock — the auction's trading state, the
 *   bidder's live application (and, in timed bidding, whether it quoted), and a bid already placed under the
 *   idempotency key. On PostgreSQL one statement, so one snapshot of committed data; on SQLite a few statements
 *   run back to back on the one connection while nothing else can use it.
 * - `accept`: the decision inside the lock, and the writes. PostgreSQL: one call of place_bid() (migration
 *   Migration20261206080000_place_bid) — it locks the row, re-checks everything the snapshot judged that may
 *   have changed, and inserts the bid, the event, the auction's new state and the audit entry, or answers
 *   ALREADY_LEADING / BID_TOO_LOW / LOCKED_PATH. SQLite: the same statements in one transaction.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Fen } from '../../common/money';
import type { AuditRow } from '../../common/request/audit-log';
import type { Orm } from '../../db/orm';
import { ApplicationStatus, LIVE_APPLICATION_STATUSES } from '../application/application.types';
import { AuctionEventType, AuctionStatus } from '../auction/auction.types';
import { BidPhase } from './bid.types';

export interface Snapshot {
  auction: {
    status: AuctionStatus;
    phaseEndsAt: Date | null;
    startingPrice: Fen;
    increment: Fen;
    currentPrice: Fen | null;
    leadingApplicationId: string | null;
    timedBiddingRoundSeconds: number;
  } | null;
  application: { id: string; status: ApplicationStatus; biddingNumber: string } | null;
  quotedDuringQuoting: boolean;
  keyBid: { id: string; auctionId: string; amount: Fen } | null;
  /** every idempotency key the bidder has used, in any auction, where the asker wanted them (bid.view.ts) */
  bidderKeys?: string[] | null;
}

export interface Acceptance {
  auctionId: string;
  bidderId: string;
  applicationId: string;
  biddingNumber: string;
  key: string;
  amount: Fen;
  /** the status the snapshot judged in: another one sends the bid to the locked path */
  status: AuctionStatus;
  now: Date;
  bidId: string;
  eventId: string;
  audit: (AuditRow & { id: string }) | null;
}

export type Accepted =
  | {
      outcome: 'OK';
      sequence: number;
      eventSequence: number;
      placedAt: Date;
      phaseEndsAt: Date | null;
      phase: BidPhase;
    }
  | {
      outcome: 'ALREADY_LEADING' | 'BID_TOO_LOW';
      status: AuctionStatus;
      currentPrice: Fen | null;
      leadingApplicationId: string | null;
    }
  /** something the race path does not decide (a clock step due, a reused key, a changed standing) */
  | { outcome: 'LOCKED_PATH' };

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
/** SQLite holds ms since the epoch; PostgreSQL's driver (as MikroORM sets it up) answers timestamptz as text */
const dateOrNull = (v: unknown): Date | null =>
  v === null || v === undefined ? null : v instanceof Date ? v : new Date(typeof v === 'string' ? v : num(v));

const LIVE = LIVE_APPLICATION_STATUSES.map((s) => `'${s}'`).join(', ');

// ───────────────────────────── PostgreSQL ─────────────────────────────

interface PgClient {
  query(config: {
    name?: string;
    text: string;
    values: unknown[];
  }): Promise<{ rows: Record<string, unknown>[] }>;
}

interface KnexClient<C> {
  acquireConnection(): Promise<C>;
  releaseConnection(connection: C): Promise<unknown>;
}

const knexClientOf = <C>(orm: Orm): KnexClient<C> =>
  (orm.em as SqlEntityManager).getKnex().client as unknown as KnexClient<C>;

async function onPg<T>(orm: Orm, fn: (client: PgClient) => Promise<T>): Promise<T> {
  const pool = knexClientOf<PgClient>(orm);
  const client = await pool.acquireConnection();
  try {
    return await fn(client);
  } finally {
    await pool.releaseConnection(client);
  }
}

const PG_SNAPSHOT = `
  select a.status, a.phase_ends_at, a.starting_price, a.increment, a.current_price, a.leading_application_id,
         a.timed_bidding_round_seconds,
         s.id as application_id, s.status as application_status, s.bidding_number, s.quoted,
         k.id as key_bid_id, k.auction_id as key_auction_id, k.amount as key_amount
    from auction a
    left join lateral (
      select ap.id, ap.status, ap.bidding_number,
             a.status = '${AuctionStatus.TIMED_BIDDING}' and exists (
               select 1 from bid q where q.application_id = ap.id and q.phase = '${BidPhase.QUOTING}') as quoted
        from application_member m join auction_application ap on ap.id = m.application_id
       where m.bidder_id = $2 and ap.auction_id = a.id and ap.status in (${LIVE})
       limit 1) s on true
    left join bid k on k.bidder_id = $2 and k.idempotency_key = $3
   where a.id = $1`;

function snapshotOf(row: Record<string, unknown> | undefined): Snapshot {
  if (!row) return { auction: null, application: null, quotedDuringQuoting: false, keyBid: null };
  return {
    auction: {
      status: row.status as AuctionStatus,
      phaseEndsAt: dateOrNull(row.phase_ends_at),
      startingPrice: num(row.starting_price),
      increment: num(row.increment),
      currentPrice: numOrNull(row.current_price),
      leadingApplicationId: (row.leading_application_id as string | null) ?? null,
      timedBiddingRoundSeconds: num(row.timed_bidding_round_seconds),
    },
    application: row.application_id
      ? {
          id: row.application_id as string,
          status: row.application_status as ApplicationStatus,
          biddingNumber: (row.bidding_number as string | null) ?? '',
        }
      : null,
    quotedDuringQuoting: row.quoted === true || row.quoted === 1,
    keyBid: row.key_bid_id
      ? { id: row.key_bid_id as string, auctionId: row.key_auction_id as string, amount: num(row.key_amount) }
      : null,
    bidderKeys: Array.isArray(row.bidder_keys) ? (row.bidder_keys as string[]) : null,
  };
}

export async function pgSnapshot(
  orm: Orm,
  auctionId: string,
  bidderId: string,
  key: string,
): Promise<Snapshot> {
  const { rows } = await onPg(orm, (c) =>
    c.query({ name: 'race_bid_snapshot', text: PG_SNAPSHOT, values: [auctionId, bidderId, key] }),
  );
  return snapshotOf(rows[0]);
}

/**
 * The snapshots of several bidders of one auction in one statement (so one snapshot of committed data for all of
 * them): the same columns as PG_SNAPSHOT, one row per asking bidder in the order asked, none when the auction is
 * missing; `bidder_keys`, every key the bidder has used, for the asks that want them. Bidder ids must be UUIDs
 * (the array is typed uuid[]; one malformed id would fail every snapshot).
 */
const PG_SNAPSHOTS = `
  select r.i, a.status, a.phase_ends_at, a.starting_price, a.increment, a.current_price, a.leading_application_id,
         a.timed_bidding_round_seconds,
         s.id as application_id, s.status as application_status, s.bidding_number, s.quoted,
         k.id as key_bid_id, k.auction_id as key_auction_id, k.amount as key_amount,
         case when r.want then array(select b.idempotency_key from bid b where b.bidder_id = r.bidder_id)
         end as bidder_keys
    from auction a
    cross join unnest($2::uuid[], $3::text[], $4::boolean[]) with ordinality as r(bidder_id, key, want, i)
    left join lateral (
      select ap.id, ap.status, ap.bidding_number,
             a.status = '${AuctionStatus.TIMED_BIDDING}' and exists (
               select 1 from bid q where q.application_id = ap.id and q.phase = '${BidPhase.QUOTING}') as quoted
        from application_member m join auction_application ap on ap.id = m.application_id
       where m.bidder_id = r.bidder_id and ap.auction_id = a.id and ap.status in (${LIVE})
       limit 1) s on true
    left join bid k on k.bidder_id = r.bidder_id and k.idempotency_key = r.key
   where a.id = $1
   order by r.i`;

export async function pgSnapshots(
  orm: Orm,
  auctionId: string,
  asks: readonly { bidderId: string; key: string; wantKeys?: boolean }[],
): Promise<Snapshot[]> {
  const { rows } = await onPg(orm, (c) =>
    c.query({
      name: 'race_bid_snapshots_keys',
      text: PG_SNAPSHOTS,
      values: [
        auctionId,
        asks.map((q) => q.bidderId),
        asks.map((q) => q.key),
        asks.map((q) => q.wantKeys === true),
      ],
    }),
  );
  const byIndex = new Map(rows.map((row) => [num(row.i), row]));
  return asks.map((_, i) => snapshotOf(byIndex.get(i + 1)));
}

const PG_ACCEPT = `select * from place_bid($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;

export async function pgAccept(orm: Orm, a: Acceptance): Promise<Accepted> {
  const { rows } = await onPg(orm, (c) =>
    c.query({
      name: 'race_bid_accept',
      text: PG_ACCEPT,
      values: [
        a.auctionId,
        a.bidderId,
        a.applicationId,
        a.key,
        a.amount,
        a.status,
        a.now,
        a.bidId,
        a.eventId,
        a.audit ? JSON.stringify(a.audit) : null,
      ],
    }),
  );
  return acceptedOf(rows[0]);
}

function acceptedOf(row: Record<string, unknown>): Accepted {
  const outcome = row.o_outcome as string;
  if (outcome === 'OK') {
    return {
      outcome,
      sequence: num(row.o_sequence),
      eventSequence: num(row.o_event_sequence),
      placedAt: dateOrNull(row.o_placed_at)!,
      phaseEndsAt: dateOrNull(row.o_phase_ends_at),
      phase: row.o_phase as BidPhase,
    };
  }
  if (outcome === 'ALREADY_LEADING' || outcome === 'BID_TOO_LOW') {
    return {
      outcome,
      status: row.o_status as AuctionStatus,
      currentPrice: numOrNull(row.o_current_price),
      leadingApplicationId: (row.o_leading_application_id as string | null) ?? null,
    };
  }
  return { outcome: 'LOCKED_PATH' };
}

// ───────────────────────────── SQLite ─────────────────────────────

interface SqliteStatement {
  get(...params: unknown[]): Record<string, unknown> | undefined;
  all(...params: unknown[]): Record<string, unknown>[];
  run(...params: unknown[]): { changes: number };
}

export interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  inTransaction: boolean;
}

const SQLITE = {
  auction: `select status, phase_ends_at, starting_price, increment, current_price, leading_application_id,
                   timed_bidding_round_seconds, last_bid_sequence, last_event_sequence, version
              from auction where id = ?`,
  application: `select ap.id as application_id, ap.status as application_status, ap.bidding_number
                  from application_member m join auction_application ap on ap.id = m.application_id
                 where m.bidder_id = ? and ap.auction_id = ? and ap.status in (${LIVE}) limit 1`,
  quoted: `select 1 as quoted from bid where application_id = ? and phase = '${BidPhase.QUOTING}' limit 1`,
  key: `select id as key_bid_id, auction_id as key_auction_id, amount as key_amount from bid
         where bidder_id = ? and idempotency_key = ?`,
  keys: `select idempotency_key from bid where bidder_id = ?`,
  lastPlacedAt: `select placed_at from bid where auction_id = ? and sequence = ?`,
  insertBid: `insert into bid (id, auction_id, application_id, bidder_id, sequence, amount, phase, placed_at,
                               bidding_number, idempotency_key) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  updateAuction: `update auction set current_price = ?, leading_bid_id = ?, leading_application_id = ?,
                         last_bid_sequence = ?, last_event_sequence = ?, version = ?, phase_ends_at = ?
                   where id = ? and version = ?`,
  insertEvent: `insert into auction_event (id, auction_id, sequence, type, occurred_at, status, bid_id,
                                           current_price, phase_ends_at, reason)
                values (?, ?, ?, '${AuctionEventType.BID_PLACED}', ?, ?, ?, ?, ?, null)`,
  insertAudit: `insert into audit_entry (id, occurred_at, subject, roles, scope_organization_id, bidder_id, member_id,
                                         operation_name, field, domain, arguments_summary, outcome, ip)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OK', ?)`,
};

/**
 * Runs fn on SQLite's one connection, taken from the pool like a transaction of the ORM takes it: while fn runs
 * (synchronously) nothing else reads or writes, so what it reads is committed and stays so until it writes.
 */
export async function onSqlite<T>(orm: Orm, fn: (db: SqliteConnection) => T): Promise<T> {
  const pool = knexClientOf<SqliteConnection>(orm);
  const db = await pool.acquireConnection();
  try {
    if (db.inTransaction) throw new Error('the SQLite connection was handed out inside a transaction');
    return fn(db);
  } finally {
    await pool.releaseConnection(db);
  }
}

export function sqliteSnapshot(
  db: SqliteConnection,
  auctionId: string,
  bidderId: string,
  key: string,
  wantKeys = false,
): Snapshot {
  const auction = db.prepare(SQLITE.auction).get(auctionId);
  if (!auction) return snapshotOf(undefined);
  const application = db.prepare(SQLITE.application).get(bidderId, auctionId);
  const quoted =
    application && auction.status === AuctionStatus.TIMED_BIDDING
      ? db.prepare(SQLITE.quoted).get(application.application_id) !== undefined
      : false;
  const keyBid = db.prepare(SQLITE.key).get(bidderId, key);
  const bidder_keys = wantKeys
    ? db
        .prepare(SQLITE.keys)
        .all(bidderId)
        .map((r) => r.idempotency_key as string)
    : null;
  return snapshotOf({ ...auction, ...application, quoted, ...keyBid, bidder_keys });
}

/** The writes of an accepted bid, in one transaction; the caller judged the bid on this connection just before. */
export function sqliteAccept(db: SqliteConnection, a: Acceptance): Accepted {
  const row = db.prepare(SQLITE.auction).get(a.auctionId)!;
  const version = num(row.version);
  const sequence = num(row.last_bid_sequence) + 1;
  const eventSequence = num(row.last_event_sequence) + 1;
  const timed = row.status === AuctionStatus.TIMED_BIDDING;
  let now = a.now.getTime();
  if (sequence > 1)
    now = Math.max(now, num(db.prepare(SQLITE.lastPlacedAt).get(a.auctionId, sequence - 1)!.placed_at));
  // a round that ended by the time this bid would be placed is the clock's to settle first
  if (row.phase_ends_at !== null && num(row.phase_ends_at) <= now) return { outcome: 'LOCKED_PATH' };
  const phaseEndsAt = timed
    ? now + num(row.timed_bidding_round_seconds) * 1000
    : numOrNull(row.phase_ends_at);
  const phase = timed ? BidPhase.TIMED : BidPhase.QUOTING;
  db.prepare('begin').run();
  try {
    db.prepare(SQLITE.insertBid).run(
      a.bidId,
      a.auctionId,
      a.applicationId,
      a.bidderId,
      sequence,
      a.amount,
      phase,
      now,
      a.biddingNumber,
      a.key,
    );
    const updated = db
      .prepare(SQLITE.updateAuction)
      .run(
        a.amount,
        a.bidId,
        a.applicationId,
        sequence,
        eventSequence,
        version + 1,
        phaseEndsAt,
        a.auctionId,
        version,
      );
    if (updated.changes !== 1) throw new Error(`auction ${a.auctionId} changed under the race path`);
    db.prepare(SQLITE.insertEvent).run(
      a.eventId,
      a.auctionId,
      eventSequence,
      now,
      row.status,
      a.bidId,
      a.amount,
      phaseEndsAt,
    );
    if (a.audit) {
      const e = a.audit;
      db.prepare(SQLITE.insertAudit).run(
        e.id,
        now,
        e.subject,
        e.roles,
        e.scopeOrganizationId,
        e.bidderId,
        e.memberId,
        e.operationName,
        e.field,
        e.domain,
        JSON.stringify(e.argumentsSummary),
        e.ip,
      );
    }
    db.prepare('commit').run();
  } catch (error) {
    db.prepare('rollback').run();
    throw error;
  }
  return {
    outcome: 'OK',
    sequence,
    eventSequence,
    placedAt: new Date(now),
    phaseEndsAt: phaseEndsAt === null ? null : new Date(phaseEndsAt),
    phase,
  };
}
