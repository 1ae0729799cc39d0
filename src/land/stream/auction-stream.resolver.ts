/**
 * Live auctions (issue 4): `auctionEvents` and `bidPlaced` over graphql-ws, for anonymous viewers too.
 *
 * The log is read through one `EventLogSource` per instance (`auctionEventLog`): a page of events with their
 * bids, turned into read-only public snapshots — bids by bidding number only, no application, bidder or
 * idempotency key — because one snapshot is shared by every viewer of the instance (src/common/live/). The
 * AuctionEvent and Bid field resolvers answer from the snapshot, so an event costs one storage read per
 * instance whatever the number of viewers; `Bid.isLeading` and `Bid.auction` (computed now) read once per
 * event and visibility class, never per viewer.
 */
import type { EntityManager } from '@mikro-orm/core';
import {
  Arg,
  Extensions,
  ID,
  Int,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from 'type-graphql';
import { badInput, notFound } from '../../common/errors';
import { isUuid } from '../../common/ids';
import type { Fen } from '../../common/money';
import type { Context } from '../../common/request/context';
import type { EventLogSource } from '../../common/live/live';
import { completeAfter, filterMapStream } from '../../common/live/gapless';
import { SOURCE_ONLY_ARGS } from '../../common/live/shared-execution';
import { AuctionEvent } from './auction-event.entity';
import { Auction } from '../auction/auction.entity';
import { AUCTION_EVENT_TOPIC, loadEventsAfter } from '../auction/auction.service';
import { AuctionStatus, type AuctionEventType } from '../auction/auction.types';
import { Bid } from '../bid/bid.entity';
import type { BidPhase } from '../bid/bid.types';
import { canSeeAuction } from '../land.policy';

/** A bid as every live viewer may see it: what the Bid type shows, nothing that names a bidder. */
export interface LiveBid {
  readonly id: string;
  readonly auction: { readonly id: string };
  readonly sequence: number;
  readonly amount: Fen;
  readonly phase: BidPhase;
  readonly placedAt: Date;
  readonly biddingNumber: string;
}

/** An entry of the log as live viewers receive it (shared by all of them: never changed). */
export interface LiveAuctionEvent {
  readonly id: string;
  readonly auction: { readonly id: string };
  readonly sequence: number;
  readonly type: AuctionEventType;
  readonly occurredAt: Date;
  readonly status: AuctionStatus;
  readonly bid: LiveBid | null;
  readonly currentPrice: Fen | null;
  readonly phaseEndsAt: Date | null;
  readonly reason: string | null;
  readonly hash: string | null;
  readonly previousHash: string | null;
}

const liveBids = new WeakSet<object>();

/** Whether a Bid root is a live snapshot (its fields are all there: no read needed). */
export const isLiveBid = (bid: unknown): bid is LiveBid =>
  typeof bid === 'object' && bid !== null && liveBids.has(bid);

function snapshotBid(bid: Bid, auctionId: string): LiveBid {
  const snapshot: LiveBid = Object.freeze({
    id: bid.id,
    auction: Object.freeze({ id: auctionId }),
    sequence: bid.sequence,
    amount: bid.amount,
    phase: bid.phase,
    placedAt: bid.placedAt,
    biddingNumber: bid.biddingNumber,
  });
  liveBids.add(snapshot);
  return snapshot;
}

function snapshotEvent(event: AuctionEvent, auctionId: string, bid: Bid | undefined): LiveAuctionEvent {
  return Object.freeze({
    id: event.id,
    auction: Object.freeze({ id: auctionId }),
    sequence: event.sequence,
    type: event.type,
    occurredAt: event.occurredAt,
    status: event.status,
    bid: bid ? snapshotBid(bid, auctionId) : null,
    currentPrice: event.currentPrice,
    phaseEndsAt: event.phaseEndsAt,
    reason: event.reason,
    hash: event.hash,
    previousHash: event.previousHash,
  });
}

/** The auction event log as the live machinery reads it: one page of events and one of their bids. */
export const auctionEventLog: EventLogSource<LiveAuctionEvent> = {
  async loadAfter(em: EntityManager, auctionId: string, afterSequence: number, limit: number) {
    const events = await loadEventsAfter(em, auctionId, afterSequence, limit);
    const bidIds = events.flatMap((e) => (e.bid ? [e.bid.id] : []));
    const bids = bidIds.length ? await em.find(Bid, { id: { $in: bidIds } }) : [];
    const byId = new Map(bids.map((b) => [b.id, b]));
    return events.map((e) => snapshotEvent(e, auctionId, e.bid ? byId.get(e.bid.id) : undefined));
  },
  async lastSequence(em: EntityManager, auctionId: string) {
    const auction = await em.findOne(Auction, { id: auctionId }, { fields: ['lastEventSequence'] });
    return auction?.lastEventSequence ?? 0;
  },
};

/** Where an auction's log stands for a new subscription. */
interface AuctionAtSubscribe {
  status: AuctionStatus;
  lastEventSequence: number;
}

/** NOT_FOUND for an unknown auction or one the viewer may not see (DRAFT: the trading centre only). */
async function requireVisibleAuction(ctx: Context, auctionId: string): Promise<AuctionAtSubscribe> {
  if (!isUuid(auctionId)) throw notFound('auction');
  const auction = await ctx.orm.em
    .fork()
    .findOne(
      Auction,
      { id: auctionId },
      { fields: ['status', 'lastEventSequence'], disableIdentityMap: true },
    );
  if (!auction || !canSeeAuction(ctx.viewer, auction)) throw notFound('auction');
  return { status: auction.status, lastEventSequence: auction.lastEventSequence };
}

/**
 * Statuses after which nothing more happens live: trading is over (成交 and what follows it, 流拍, 终止) or
 * never happened here (IMPORTED). A stream completes once it has delivered the event that led into one.
 */
const TRADING_OVER: ReadonlySet<AuctionStatus> = new Set<AuctionStatus>([
  AuctionStatus.IMPORTED,
  AuctionStatus.AWARDED,
  AuctionStatus.DOCUMENTS_SUBMITTED,
  AuctionStatus.CONFIRMED,
  AuctionStatus.FAILED,
  AuctionStatus.DEFAULTED,
  AuctionStatus.TERMINATED,
]);

const NOTHING: AsyncIterableIterator<never> & { return(): Promise<IteratorResult<never>> } = {
  [Symbol.asyncIterator]: () => NOTHING,
  next: async () => ({ done: true, value: undefined }),
  return: async () => ({ done: true, value: undefined }),
};

/**
 * The auction's log after `after` (live only when null), completing after the event that ends trading; on
 * an auction whose trading is already over, what is stored after `after` and nothing live.
 */
function logUntilTradingEnds(
  context: Context,
  auctionId: string,
  auction: AuctionAtSubscribe,
  after: number | null | undefined,
): AsyncIterableIterator<LiveAuctionEvent> {
  if (TRADING_OVER.has(auction.status)) {
    const end = auction.lastEventSequence;
    if (after === undefined || after === null || after >= end) return NOTHING;
    const stored = context.live.log(AUCTION_EVENT_TOPIC, auctionEventLog).stream(auctionId, after);
    return completeAfter(stored, (event) => event.sequence >= end);
  }
  const events = context.live.log(AUCTION_EVENT_TOPIC, auctionEventLog).stream(auctionId, after);
  return completeAfter(events, (event) => TRADING_OVER.has(event.status));
}

interface AuctionEventsArgs {
  auctionId: string;
  afterSequence?: number | null;
}

function checkAfterSequence(after: number | null | undefined): void {
  if (after !== undefined && after !== null && (!Number.isInteger(after) || after < 0)) {
    throw badInput('afterSequence must not be negative');
  }
}

async function auctionEvents({ args, context }: SubscribeResolverData<unknown, AuctionEventsArgs, Context>) {
  checkAfterSequence(args.afterSequence);
  const auction = await requireVisibleAuction(context, args.auctionId);
  return logUntilTradingEnds(context, args.auctionId, auction, args.afterSequence);
}

/** The event sequence of the BID_PLACED event of bid number `bidSequence` (0 for none). */
async function eventSequenceOfBid(ctx: Context, auctionId: string, bidSequence: number): Promise<number> {
  if (bidSequence === 0) return 0;
  const em = ctx.orm.em.fork();
  const bid = await em.findOne(
    Bid,
    { auction: auctionId, sequence: bidSequence },
    { fields: ['id'], disableIdentityMap: true },
  );
  const event = bid
    ? await em.findOne(AuctionEvent, { bid: bid.id }, { fields: ['sequence'], disableIdentityMap: true })
    : null;
  if (!event) throw badInput(`afterSequence ${bidSequence} is not the sequence of a bid of this auction`);
  return event.sequence;
}

async function bidsPlaced({ args, context }: SubscribeResolverData<unknown, AuctionEventsArgs, Context>) {
  checkAfterSequence(args.afterSequence);
  const auction = await requireVisibleAuction(context, args.auctionId);
  const after =
    args.afterSequence === undefined || args.afterSequence === null
      ? args.afterSequence
      : await eventSequenceOfBid(context, args.auctionId, args.afterSequence);
  const events = logUntilTradingEnds(context, args.auctionId, auction, after);
  return filterMapStream(events, (event) => event.bid ?? undefined);
}

@Resolver()
export class AuctionStreamResolver {
  @Subscription(() => AuctionEvent, {
    description:
      "an auction's log, live; with afterSequence, first every stored event after it, then live, with no gap and no repeat; completes after the event that ends trading (AWARDED, FAILED, TERMINATED), at once when trading was over already and nothing is stored after afterSequence",
    subscribe: auctionEvents,
  })
  @Extensions({ [SOURCE_ONLY_ARGS]: ['afterSequence'] })
  auctionEvents(
    @Root() event: LiveAuctionEvent,
    @Arg('auctionId', () => ID, {
      description: 'the auction to follow; NOT_FOUND when the viewer may not see it',
    })
    _auctionId: string,
    @Arg('afterSequence', () => Int, {
      nullable: true,
      description: 'replay stored events after this sequence first; omit for live events only; not negative',
    })
    _afterSequence?: number | null,
  ): LiveAuctionEvent {
    return event;
  }

  @Subscription(() => Bid, {
    description:
      "an auction's accepted bids, live (the BID_PLACED events), under bidding numbers only; with afterSequence, first every stored bid after it, then live, with no gap and no repeat; completes once trading has ended",
    subscribe: bidsPlaced,
  })
  @Extensions({ [SOURCE_ONLY_ARGS]: ['afterSequence'] })
  bidPlaced(
    @Root() bid: LiveBid,
    @Arg('auctionId', () => ID, {
      description: 'the auction to follow; NOT_FOUND when the viewer may not see it',
    })
    _auctionId: string,
    @Arg('afterSequence', () => Int, {
      nullable: true,
      description:
        'a Bid.sequence: replay the stored bids after it first (0: all of them); omit for live bids only; BAD_USER_INPUT when no bid has it',
    })
    _afterSequence?: number | null,
  ): LiveBid {
    return bid;
  }
}
