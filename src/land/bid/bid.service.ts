import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { ErrorCode, notFound } from '../../common/errors';
import { isUuid, newId } from '../../common/ids';
import { toConnection, toPage, type Connection, type Page, type PageArgs } from '../../common/pagination';
import type { Context } from '../../common/request/context';
import { Application, ApplicationMember } from '../application/application.entity';
import { LIVE_APPLICATION_STATUSES } from '../application/application.types';
import { Auction } from '../auction/auction.entity';
import { AuctionEventType, AuctionStatus } from '../auction/auction.types';
import { syncDue, withAuction } from '../auction/auction.service';
import { Bid } from './bid.entity';
import { raceBid } from './bid.race';
import {
  bidError,
  checkIdempotencyKey,
  judgeBid,
  phaseEndAfterBid,
  replayOf,
  type BidderStanding,
} from './bid.rules';
import { BidPhase, type PlaceBidInput } from './bid.types';
import { loadById, loadWindow } from '../land.loaders';
import { canSeeAuction, requireBidder } from '../land.policy';

/** The bidder's live application in the auction, and whether it quoted during quoting (asked in timed bidding). */
async function standingOf(
  em: EntityManager,
  bidderId: string,
  auctionId: string,
  status: AuctionStatus,
): Promise<BidderStanding & { application: Application | null }> {
  const membership = await em.findOne(
    ApplicationMember,
    { bidder: bidderId, application: { auction: auctionId, status: { $in: LIVE_APPLICATION_STATUSES } } },
    { populate: ['application'] },
  );
  const application = membership?.application ?? null;
  const quotedDuringQuoting =
    application !== null &&
    status === AuctionStatus.TIMED_BIDDING &&
    (await em.count(Bid, { application: application.id, phase: BidPhase.QUOTING })) > 0;
  return { application, quotedDuringQuoting };
}

/**
 * placeBid: first the race path (bid.race.ts), which answers exactly what this locked path would, at the
 * database's speed; what it cannot decide comes here. The locked path: one transaction holding the auction's row, so bids of an auction are judged one after another
 * against the latest price; the bid, the auction's new price and sequences, and the BID_PLACED event commit
 * together. A racer that loses gets BID_TOO_LOW with the new nextMinimumBid.
 */
export async function placeBid(ctx: Context, input: PlaceBidInput): Promise<Bid> {
  const bidderId = requireBidder(ctx.viewer);
  const key = checkIdempotencyKey(input.idempotencyKey);
  if (!isUuid(input.auctionId)) throw notFound('auction');
  // the race path decides what it can answer exactly (bid.race.ts); the rest is the locked path's below
  const raced = await raceBid(ctx, input, bidderId, key);
  if (raced.kind === 'placed') return raced.bid;
  if (raced.kind === 'replay') return ctx.em.findOneOrFail(Bid, { id: raced.bidId });
  const replay = async () => {
    const existing = await ctx.orm.em.fork().findOne(Bid, { bidder: bidderId, idempotencyKey: key });
    return existing
      ? replayOf({ ...existing, auctionId: existing.auction.id }, input.auctionId, input.amount).id
      : null;
  };
  let id: string;
  try {
    id = await withAuction(ctx, input.auctionId, async (work) => {
      const auction = work.auction;
      if (!canSeeAuction(ctx.viewer, auction)) throw notFound('auction');
      const existing = await work.em.findOne(Bid, { bidder: bidderId, idempotencyKey: key });
      if (existing)
        return replayOf({ ...existing, auctionId: existing.auction.id }, auction.id, input.amount).id;
      const standing = await standingOf(work.em, bidderId, auction.id, auction.status);
      const application = standing.application;
      const phase = judgeBid(auction, standing, input.amount);
      const bidId = newId();
      const sequence = auction.lastBidSequence + 1;
      await work.em.insert(Bid, {
        id: bidId,
        auction: auction.id,
        application: application!.id,
        bidder: bidderId,
        sequence,
        amount: input.amount,
        phase,
        placedAt: work.now,
        biddingNumber: application!.biddingNumber ?? '',
        idempotencyKey: key,
      });
      await work.change(
        {
          currentPrice: input.amount,
          leadingBidId: bidId,
          leadingApplicationId: application!.id,
          lastBidSequence: sequence,
          phaseEndsAt: phaseEndAfterBid(auction, phase, work.now),
        },
        { type: AuctionEventType.BID_PLACED, occurredAt: work.now, bidId },
      );
      return bidId;
    });
  } catch (error) {
    // behind the row lock only a key reused across two auctions at once gets here
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    const replayed = await replay();
    if (replayed) {
      id = replayed;
    } else {
      const auction = await ctx.orm.em.fork().findOneOrFail(Auction, { id: input.auctionId });
      throw bidError(auction, ErrorCode.BID_TOO_LOW, 'another bid took this amount first');
    }
  }
  return ctx.em.findOneOrFail(Bid, { id });
}

export const loadBid = (ctx: Context, id: string): Promise<Bid | null> => loadById(ctx, Bid, id);

/** the window of an auction's bids a page of `Auction.bids` reads: acceptance order (sequence 1, 2, 3 …) */
export const bidWindow = (page: Page) =>
  ({ parent: 'auction', order: 'sequence', direction: 'asc', ...page }) as const;

/** Bids of an auction in acceptance order (sequence 1, 2, 3 …). */
export async function listBids(ctx: Context, auctionId: string, args: PageArgs): Promise<Connection<Bid>> {
  const page = toPage(args);
  const { items, total } = await loadWindow(ctx, Bid, auctionId, bidWindow(page));
  return toConnection(items, total, page);
}

/** node(id) for a Bid: visible where its auction is. */
export async function canSeeBid(ctx: Context, bid: Bid): Promise<boolean> {
  await syncDue(ctx);
  const auction = await ctx.em.findOne(Auction, { id: bid.auction.id });
  return !!auction && canSeeAuction(ctx.viewer, auction);
}
