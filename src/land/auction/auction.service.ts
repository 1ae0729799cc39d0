/**
 * Auctions: creation, the operator's actions, and the clock. Every change of an auction's trading state runs
 * in one transaction that holds the auction's row (SELECT … FOR UPDATE on PostgreSQL; SQLite serializes
 * transactions on its one connection), catches the auction up with the clock first, and writes with a
 * conditional UPDATE (id, version, and for clock steps status and phase_ends_at <= now) whose affected-row count
 * decides who appends the event. Events are published after commit.
 */
import { lockedWrites } from './auction.writes';
import {
  LockMode,
  UniqueConstraintViolationException,
  type EntityManager,
  type FilterQuery,
} from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Clock } from '../../common/clock';
import { DomainError, ErrorCode, notFound } from '../../common/errors';
import { isUuid, newId } from '../../common/ids';
import type { Publisher } from '../../common/pubsub';
import { toConnection, toPage, type Connection, type PageArgs } from '../../common/pagination';
import { placeholders, read } from '../../db/reads';
import { knownNotDue, noteAuctionsChanged, transitionMayBeDue } from './auction.clock';
import { dialectOf } from '../../db/orm';
import type { Context } from '../../common/request/context';
import { Application, ApplicationMember } from '../application/application.entity';
import { ApplicationStatus } from '../application/application.types';
import { AuctionEvent } from '../stream/auction-event.entity';
import { AuctionResult } from '../result/auction-result.entity';
import { Auction } from './auction.entity';
import * as rules from './auction.rules';
import {
  AuctionOrderField,
  AuctionStatus,
  OrderDirection,
  type AuctionFilter,
  type AuctionOrder,
  type AuctionScheduleInput,
  type CreateAuctionInput,
} from './auction.types';
import { BidPhase } from '../bid/bid.types';
import { canSeeAuction, listableStatuses, requireTradingCenter } from '../land.policy';
import { findPage, findRows, loadById, loadByUnique } from '../land.loaders';
import type { Joined } from '../../db/reads';
import { LandParcel } from '../parcel/parcel.entity';

/** What the land services need of the application: the database, the clock and the live-event publisher. */
export interface LandDeps {
  /** a fresh EntityManager (the worker's fork(), or the request's orm) */
  fork(): EntityManager;
  clock: Clock;
  publisher: Publisher;
}

/** The land services' needs, from a request's context. */
export const depsOf = (ctx: Context): LandDeps => ({
  fork: () => ctx.orm.em.fork(),
  clock: ctx.clock,
  publisher: ctx.publisher,
});

const forkOf = (deps: LandDeps | Context): EntityManager =>
  'orm' in deps ? deps.orm.em.fork() : deps.fork();

export const AUCTION_EVENT_TOPIC = 'AUCTION_EVENT';

/** The JSON-safe message published after an event is committed; subscribers read the event from the log. */
export interface AuctionEventMessage {
  auctionId: string;
  sequence: number;
}

/** Raised when a conditional update finds the row changed under it (never expected under the row lock). */
export class ConcurrentChangeError extends Error {}

export interface EventDraft {
  type: AuctionEvent['type'];
  occurredAt: Date;
  reason?: string | null;
  bidId?: string | null;
}

type AuctionRowChanges = rules.AuctionChanges &
  Partial<Pick<Auction, 'currentPrice' | 'leadingBidId' | 'leadingApplicationId' | 'lastBidSequence'>>;

/** The work on one auction inside its transaction: the locked row, kept current as it is changed. */
export class AuctionWork {
  readonly published: AuctionEventMessage[] = [];

  constructor(
    readonly em: SqlEntityManager,
    readonly auction: Auction,
    readonly now: Date,
  ) {}

  /**
   * Writes `changes` with a conditional UPDATE on (id, version[, guard]); with an event, appends it with the
   * next sequence in the same transaction. Throws ConcurrentChangeError when no row matched.
   */
  async change(
    changes: AuctionRowChanges,
    event?: EventDraft,
    guard: FilterQuery<Auction> = {},
  ): Promise<void> {
    const a = this.auction;
    const next: AuctionRowChanges & Pick<Auction, 'version'> & Partial<Pick<Auction, 'lastEventSequence'>> = {
      ...changes,
      version: a.version + 1,
      ...(event ? { lastEventSequence: a.lastEventSequence + 1 } : {}),
    };
    const affected = await this.em.nativeUpdate(
      Auction,
      { ...(guard as object), id: a.id, version: a.version } as FilterQuery<Auction>,
      next,
    );
    if (affected !== 1) throw new ConcurrentChangeError(`auction ${a.id} changed concurrently`);
    Object.assign(a, next);
    if (event) {
      await this.em.insert(AuctionEvent, {
        id: newId(),
        auction: a.id,
        sequence: a.lastEventSequence,
        type: event.type,
        occurredAt: event.occurredAt,
        status: a.status,
        bid: event.bidId ?? null,
        currentPrice: a.currentPrice,
        phaseEndsAt: a.phaseEndsAt,
        reason: event.reason ?? null,
      });
      this.published.push({ auctionId: a.id, sequence: a.lastEventSequence });
    }
  }

  apply(transition: rules.Transition, guard: FilterQuery<Auction> = {}): Promise<void> {
    return this.change(transition.changes, transition.event, guard);
  }
}

function publishAll(publisher: Publisher, messages: AuctionEventMessage[]): void {
  for (const m of messages) publisher.publish(AUCTION_EVENT_TOPIC, m.auctionId, m);
  if (messages.length) noteAuctionsChanged(publisher);
}

/**
 * Runs `fn` on the auction inside one transaction holding its row, after catching it up with the clock.
 * When `fn` refuses (a DomainError), the catch-up is still committed, in a transaction of its own.
 */
export async function withAuction<T>(
  deps: LandDeps | Context,
  auctionId: string,
  fn: (work: AuctionWork) => Promise<T>,
): Promise<T> {
  if (!isUuid(auctionId)) throw notFound('auction');
  const em = forkOf(deps) as SqlEntityManager;
  const locking = dialectOf(em) === 'postgresql' ? LockMode.PESSIMISTIC_WRITE : undefined;
  let work: AuctionWork | undefined;
  try {
    // marked from before the lock until after the commit: the bid path's view of committed state is stale meanwhile
    const result = await lockedWrites.around(auctionId, () =>
      em.transactional(async (tx) => {
        const auction = await tx.findOne(
          Auction,
          { id: auctionId },
          { lockMode: locking, disableIdentityMap: true },
        );
        if (!auction) throw notFound('auction');
        // the clock is read once the row is held, so acceptance order and time order agree
        work = new AuctionWork(tx as SqlEntityManager, auction, deps.clock.now());
        await catchUp(work);
        const result = await fn(work);
        // every write above is explicit (native updates and inserts, or a flush of its own); nothing loaded on the
        // way may be flushed again at commit
        tx.clear();
        return result;
      }),
    );
    publishAll(deps.publisher, work?.published ?? []);
    if (isContext(deps)) {
      // what the operation loaded before the write is stale now
      deps.em.clear();
      deps.loaders.clear();
    }
    return result;
  } catch (error) {
    if (error instanceof DomainError && work && work.published.length > 0) {
      await withAuction(deps, auctionId, async () => undefined);
    }
    throw error;
  }
}

const isContext = (deps: LandDeps | Context): deps is Context => 'loaders' in deps && 'em' in deps;

/** Applies every clock step that is due, in order (a long outage may owe several). */
export async function catchUp(work: AuctionWork): Promise<void> {
  for (let guard = 0; guard < 8; guard++) {
    const step = rules.dueStep(work.auction, work.now);
    if (!step) return;
    const due: FilterQuery<Auction> = { status: work.auction.status, phaseEndsAt: { $lte: work.now } };
    switch (step) {
      case 'OPEN_QUOTING':
        await work.apply(rules.openQuoting(work.auction), due);
        break;
      case 'END_QUOTING':
        await settle(work, rules.endQuoting(work.auction, await contenders(work, BidPhase.QUOTING)), due);
        break;
      case 'END_ROUND':
        await settle(work, rules.endRound(work.auction, await contenders(work)), due);
        break;
      case 'DEFAULT':
        await work.apply(rules.defaultWinner(work.auction), due);
        break;
    }
  }
}

/** QUALIFIED applications that bid (in the given phase), each with its highest bid. */
async function contenders(work: AuctionWork, phase?: BidPhase): Promise<rules.Contender[]> {
  const rows: { application_id: string; highest: string | number }[] = await work.em.execute(
    `select b.application_id, max(b.amount) as highest
       from bid b join auction_application a on a.id = b.application_id
      where b.auction_id = ? and a.status = ?${phase ? ' and b.phase = ?' : ''}
      group by b.application_id`,
    [work.auction.id, ApplicationStatus.QUALIFIED, ...(phase ? [phase] : [])],
  );
  return rows.map((r) => ({ applicationId: r.application_id, highestAmount: Number(r.highest) }));
}

async function settle(work: AuctionWork, outcome: rules.Outcome, due: FilterQuery<Auction>): Promise<void> {
  if (outcome.kind !== 'AWARDED') return work.apply(outcome.transition, due);
  const transition = rules.award(work.auction, outcome.at);
  await work.apply(transition, due);
  const application = await work.em.findOneOrFail(Application, { id: outcome.winner.applicationId });
  const members = await work.em.find(
    ApplicationMember,
    { application: application.id },
    { populate: ['bidder'], orderBy: { position: 'asc' } },
  );
  await work.em.insert(AuctionResult, {
    id: newId(),
    auction: work.auction.id,
    winnerApplication: application.id,
    winnerBiddingNumber: application.biddingNumber ?? '',
    winnerName: members.map((m) => m.bidder.name).join('、'),
    finalPrice: outcome.winner.highestAmount,
    awardedAt: outcome.at,
    documentsDueAt: transition.changes.phaseEndsAt as Date,
    transactionNoticeNumber: null,
    confirmationSignedAt: null,
  });
}

/**
 * The scheduler's sweep, and what reads call first: applies every transition due at the clock's time, each in
 * its own transaction, exactly once across instances. Returns the ids of the auctions it moved.
 */
export async function runDueTransitions(
  deps: LandDeps,
  now: Date = deps.clock.now(),
  limit = 200,
): Promise<string[]> {
  const em = deps.fork();
  // every read asks this first: bound values, so one prepared statement serves them all (no QueryBuilder)
  const statuses = [...rules.CLOCKED_STATUSES];
  const due = (await read.rows(
    { em },
    `select "id" from "auction" where "phase_ends_at" <= ? and "status" in (${placeholders(statuses.length)}) ` +
      `order by "phase_ends_at" asc, "id" asc limit ?`,
    [now, ...statuses, limit],
  )) as { id: string }[];
  const at: LandDeps = { ...deps, clock: { now: () => now } };
  const moved: string[] = [];
  const failures: unknown[] = [];
  for (const { id } of due) {
    try {
      const changed = await withAuction(at, id, async (work) => work.published.length > 0);
      if (changed) moved.push(id);
    } catch (error) {
      failures.push(error); // one auction's trouble must not hold up the others
    }
  }
  if (failures.length) throw new AggregateError(failures, `${failures.length} due transition(s) failed`);
  return moved;
}

const lastSync = new WeakMap<Context, { at: number; done: Promise<void> }>();
const NOTHING_DUE: Promise<void> = Promise.resolve();
/** one sweep serves the resolvers of one operation (LandParcel.auctions on a page of parcels, say) */
const SYNC_REUSE_MS = 250;

/**
 * A read never shows a status the clock has passed: applies due transitions, then refreshes the auctions the
 * operation's EntityManager already holds. Nothing is written, and nothing swept, while no phase has ended
 * (auction.clock.ts keeps the earliest phase end).
 */
export function syncDue(ctx: Context): Promise<void> {
  const now = ctx.clock.now().getTime();
  const last = lastSync.get(ctx);
  if (last && now >= last.at && now - last.at < SYNC_REUSE_MS) return last.done;
  // most reads: nothing due, known without a statement (nor the EntityManager, nor a promise of our own)
  if (knownNotDue(ctx.publisher, now)) return NOTHING_DUE;
  const done = (async () => {
    if (!(await transitionMayBeDue(ctx.em, ctx.publisher, now))) return;
    const moved = await runDueTransitions(depsOf(ctx));
    for (const id of moved) {
      const held = ctx.em.getUnitOfWork().getById<Auction>(Auction.name, id);
      if (held) await ctx.em.refresh(held);
    }
  })();
  lastSync.set(ctx, { at: now, done });
  return done;
}

// ───────────────────────────── reads ─────────────────────────────

/**
 * An auction by id or code, if the viewer may see it. `joins` (by id only): rows read along in the same statement
 * in a read-only query (its parcel, say, when the operation asks for it).
 */
export async function findAuction(
  ctx: Context,
  where: { id: string } | { code: string },
  joins: readonly Joined[] = [],
): Promise<Auction | null> {
  if ('id' in where && !isUuid(where.id)) return null;
  await syncDue(ctx);
  // read-only: one bound statement whatever the id or code (kept prepared), batched and primed by id
  const auction = ctx.readOnly
    ? 'id' in where
      ? await loadById(ctx, Auction, where.id, joins)
      : await loadByUnique(ctx, Auction, 'code', where.code)
    : await ctx.em.findOne(Auction, where);
  return auction && canSeeAuction(ctx.viewer, auction) ? auction : null;
}

const ORDER_COLUMNS: Record<AuctionOrderField, keyof Auction> = {
  [AuctionOrderField.QUOTE_END]: 'quoteEnd',
  [AuctionOrderField.STARTING_PRICE]: 'startingPrice',
  [AuctionOrderField.CURRENT_PRICE]: 'currentPrice',
  [AuctionOrderField.CODE]: 'code',
};

const ALL_STATUSES = Object.values(AuctionStatus);

/**
 * The status condition of a list: `<> 'DRAFT'` rather than the ten other statuses when only one is left out (the
 * public's list), which both databases plan and run faster than a long IN list; status is never null.
 */
function statusFilter(statuses: AuctionStatus[]): { $ne: AuctionStatus } | { $in: AuctionStatus[] } {
  const wanted = new Set(statuses);
  const left = ALL_STATUSES.filter((s) => !wanted.has(s));
  if (left.length === 1) return { $ne: left[0] };
  return { $in: statuses };
}

export async function listAuctions(
  ctx: Context,
  args: PageArgs,
  filter?: AuctionFilter | null,
  order?: AuctionOrder | null,
  joins: readonly Joined[] = [],
): Promise<Connection<Auction>> {
  const page = toPage(args);
  await syncDue(ctx);
  const allowed = listableStatuses(ctx.viewer);
  const statuses = filter?.status?.length ? filter.status.filter((s) => allowed.includes(s)) : allowed;
  const parcel: FilterQuery<LandParcel> = {};
  if (filter?.city) parcel.city = filter.city;
  if (filter?.district) parcel.district = filter.district;
  if (filter?.parcelCode) parcel.code = filter.parcelCode;
  const where: FilterQuery<Auction> = { status: statusFilter(statuses) };
  if (Object.keys(parcel).length) where.parcel = parcel;
  const field = order?.field ?? AuctionOrderField.QUOTE_END;
  const asc = (order?.direction ?? OrderDirection.DESC) === OrderDirection.ASC;
  // no price yet sorts as the lowest, the same on both databases
  const direction =
    field === AuctionOrderField.CURRENT_PRICE
      ? asc
        ? 'asc nulls first'
        : 'desc nulls last'
      : asc
        ? 'asc'
        : 'desc';
  const [items, total] = await findPage(
    ctx,
    Auction,
    where,
    {
      orderBy: [{ [ORDER_COLUMNS[field]]: direction }, { id: asc ? 'asc' : 'desc' }],
      limit: page.limit,
      offset: page.offset,
    },
    joins,
  );
  return toConnection(items, total, page);
}

/** The auctions of a parcel the viewer may see, newest schedule first. */
export async function auctionsOfParcel(ctx: Context, parcelId: string): Promise<Auction[]> {
  await syncDue(ctx);
  return ctx.loaders
    .get<string, Auction[]>('land:auctionsOfParcel', async (ids) => {
      const rows = await findRows(
        ctx,
        Auction,
        { parcel: { $in: [...ids] }, status: { $in: listableStatuses(ctx.viewer) } },
        { orderBy: { quoteEnd: 'desc', id: 'desc' } },
      );
      return ids.map((id) => rows.filter((a) => a.parcel.id === id));
    })
    .load(parcelId);
}

/** Events with sequence > afterSequence, oldest first (the log that live subscriptions replay). */
export function loadEventsAfter(
  em: EntityManager,
  auctionId: string,
  afterSequence: number,
  limit: number,
): Promise<AuctionEvent[]> {
  return em.find(
    AuctionEvent,
    { auction: auctionId, sequence: { $gt: afterSequence } },
    { orderBy: { sequence: 'asc' }, limit },
  );
}

// ───────────────────────────── the operator's actions ─────────────────────────────

export async function createAuction(ctx: Context, input: CreateAuctionInput): Promise<Auction> {
  requireTradingCenter(ctx.viewer);
  const valid = rules.validateAuctionInput(input);
  const parcel = isUuid(input.parcelId) ? await ctx.em.findOne(LandParcel, { id: input.parcelId }) : null;
  if (!parcel) throw notFound('parcel');
  const auction = ctx.em.create(Auction, {
    ...valid,
    parcel,
    status: AuctionStatus.DRAFT,
    createdAt: ctx.clock.now(),
  });
  try {
    await ctx.em.persistAndFlush(auction);
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw new DomainError(ErrorCode.CONFLICT, `an auction with code ${valid.code} already exists`);
    }
    throw error;
  }
  return auction;
}

/** Runs an operator action on an auction the viewer may see; returns the auction as it is afterwards. */
async function operate(
  ctx: Context,
  id: string,
  decide: (auction: Auction, now: Date) => rules.Transition,
): Promise<Auction> {
  requireTradingCenter(ctx.viewer);
  await withAuction(ctx, id, async (work) => work.apply(decide(work.auction, work.now)));
  return reloadAuction(ctx, id);
}

export function reloadAuction(ctx: Context, id: string): Promise<Auction> {
  return ctx.em.findOneOrFail(Auction, { id }, { refresh: true });
}

export const publishAuction = (ctx: Context, id: string) =>
  operate(ctx, id, (a, now) => rules.publish(a, now));

export const suspendAuction = (ctx: Context, id: string, reason: string) =>
  operate(ctx, id, (a, now) => rules.suspend(a, now, reason));

export const resumeAuction = (
  ctx: Context,
  id: string,
  schedule?: AuctionScheduleInput | null,
  reason?: string | null,
) => operate(ctx, id, (a, now) => rules.resume(a, now, schedule, reason));

export const terminateAuction = (ctx: Context, id: string, reason: string) =>
  operate(ctx, id, (a, now) => rules.terminate(a, now, reason));
