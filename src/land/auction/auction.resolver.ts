import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  UseMiddleware,
} from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RateLimit } from '../../common/request/rate-limit.middleware';
import { badInput } from '../../common/errors';
import type { Fen } from '../../common/money';
import { ConnectionType, MAX_PAGE_SIZE, PageArgs, toPage, type Page } from '../../common/pagination';
import { DecimalScalar, MoneyScalar } from '../../common/scalars';
import type { Context } from '../../common/request/context';
import { selectedArguments, selectedFields } from '../../common/request/lookahead';
import { dialectOf } from '../../db/orm';
import type { Joined } from '../../db/reads';
import { Application } from '../application/application.entity';
import { applicationsOfAuction } from '../application/application.service';
import { AuctionEvent } from '../stream/auction-event.entity';
import { AuctionResult, SubmittedDocument } from '../result/auction-result.entity';
import {
  auctionSummary,
  auctionSummaryByDistrict,
  documentsOf,
  loadResult,
  signConfirmation,
  submitAwardDocuments,
} from '../result/auction-result.service';
import { isLiveBid } from '../stream/auction-stream.resolver';
import { Auction } from './auction.entity';
import { biddingOpen, floorPricePerSqm, nextMinimumBid, premiumRatePercent } from './auction.rules';
import {
  auctionsOfParcel,
  createAuction,
  findAuction,
  listAuctions,
  publishAuction,
  resumeAuction,
  suspendAuction,
  terminateAuction,
} from './auction.service';
import {
  AuctionFilter,
  AuctionOrder,
  AuctionSchedule,
  AuctionScheduleInput,
  AuctionSummary,
  AuctionSummaryFilter,
  CreateAuctionInput,
  DistrictAuctionSummary,
  DocumentInput,
} from './auction.types';
import { Bid } from '../bid/bid.entity';
import { bidWindow, listBids, loadBid } from '../bid/bid.service';
import { canSeeReservePrice, canSeeWinnerName, requireApplicationsAccess } from '../land.policy';
import { loadExisting, loadWindow } from '../land.loaders';
import { LandParcel } from '../parcel/parcel.entity';

export const AuctionConnection = ConnectionType(Auction, 'Auction');
export const BidConnection = ConnectionType(Bid, 'Bid');

/** Auctions by id, batched per operation (callers have applied the visibility rules). */
export const loadAuction = (ctx: Context, id: string): Promise<Auction> => loadExisting(ctx, Auction, id);

const loadParcel = (ctx: Context, id: string): Promise<LandParcel> => loadExisting(ctx, LandParcel, id);

/** the field below an auction, and the row it reads */
const ALONG_FIELDS: [string, Joined][] = [
  ['parcel', { property: 'parcel', entity: LandParcel }],
  ['leadingBid', { property: 'leadingBidId', entity: Bid }],
  ['result', { property: 'auction', entity: AuctionResult, inverse: true }],
];
/** every subset of ALONG_FIELDS, by the bits of the fields asked for (built once: a join's SQL is kept per list) */
const ALONG = Array.from({ length: 1 << ALONG_FIELDS.length }, (_, bits) =>
  ALONG_FIELDS.filter((_, i) => bits & (1 << i)).map(([, joined]) => joined),
);

/**
 * The rows an auction read brings along in its own statement when the operation asks for them below the
 * auctions (a read-only query: src/db/reads.ts): its parcel, its leading bid and its result, one row each. On
 * PostgreSQL only, where each statement is a round trip; on SQLite a statement costs none, and measured
 * (bench/queries) a join that repeats a parcel on every auction of a page costs more than the statement it saves.
 */
function rowsAlong(ctx: Context, info: GraphQLResolveInfo, path: readonly string[]): readonly Joined[] {
  if (dialectOf(ctx.em) === 'sqlite') return ALONG[0];
  const fields = selectedFields(info, path);
  let bits = 0;
  ALONG_FIELDS.forEach(([field], i) => {
    if (fields.has(field)) bits |= 1 << i;
  });
  return fields.has('bids') ? [...ALONG[bits], ...bidsAlong(info, path)] : ALONG[bits];
}

/**
 * The window of bids `Auction.bids` will read for each auction, when the operation asks for it once (or with the
 * same arguments each time) and not for none: read along as the rows above (PostgreSQL).
 */
function bidsAlong(info: GraphQLResolveInfo, path: readonly string[]): Joined[] {
  const args = selectedArguments(info, path, 'Auction', 'bids');
  if (!args) return [];
  let page: Page;
  try {
    page = toPage(args);
  } catch {
    return []; // the field says why
  }
  if (page.limit === 0) return [];
  const { parent, ...window } = bidWindow(page);
  return [{ property: parent, entity: Bid, window }];
}

@Resolver(() => Auction)
export class AuctionResolver {
  @Query(() => Auction, {
    nullable: true,
    description:
      '挂牌出让 by id; null when there is none or it is a DRAFT and the viewer is not TRADING_CENTER',
  })
  auction(
    @Arg('id', () => ID, { description: 'the auction’s id' }) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Auction | null> {
    return findAuction(ctx, { id }, rowsAlong(ctx, info, []));
  }

  @Query(() => Auction, {
    nullable: true,
    description: '挂牌出让 by its code (e.g. 2024C-5); null when there is none or the viewer may not see it',
  })
  auctionByCode(
    @Arg('code', { description: 'the auction code, exact' }) code: string,
    @Ctx() ctx: Context,
  ): Promise<Auction | null> {
    return findAuction(ctx, { code });
  }

  @Query(() => AuctionConnection, {
    description: 'published auctions (DRAFT ones for the trading centre too); default order QUOTE_END DESC',
  })
  auctions(
    @Args() page: PageArgs,
    @Arg('filter', () => AuctionFilter, {
      nullable: true,
      description: 'which auctions; default all listable',
    })
    filter: AuctionFilter | null,
    @Arg('orderBy', () => AuctionOrder, { nullable: true, description: 'sort order; default QUOTE_END DESC' })
    orderBy: AuctionOrder | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return listAuctions(ctx, page, filter, orderBy, rowsAlong(ctx, info, ['edges', 'node']));
  }

  @Query(() => AuctionSummary, { description: 'public aggregates of published auctions' })
  // expensive analytics: per subject (anonymous callers per IP) and per IP
  @UseMiddleware(RateLimit('analytics'))
  auctionSummary(
    @Arg('filter', () => AuctionSummaryFilter, {
      nullable: true,
      description: 'which published auctions to aggregate; default all',
    })
    filter: AuctionSummaryFilter | null,
    @Ctx() ctx: Context,
  ): Promise<AuctionSummary> {
    return auctionSummary(ctx, filter);
  }

  @Query(() => [DistrictAuctionSummary], {
    description:
      '分区成交统计 — auctionSummary for each (city, district) with published auctions, by city then district (code point order); the same visibility and figures as auctionSummary',
  })
  @UseMiddleware(RateLimit('analytics'))
  auctionSummaryByDistrict(
    @Arg('filter', () => AuctionSummaryFilter, {
      nullable: true,
      description:
        'which auctions count: city, district and a quoteEnd range (all published ones when omitted)',
    })
    filter: AuctionSummaryFilter | null,
    @Ctx() ctx: Context,
  ): Promise<DistrictAuctionSummary[]> {
    return auctionSummaryByDistrict(ctx, filter);
  }

  @Mutation(() => Auction, {
    description:
      'TRADING_CENTER: a new listing, as DRAFT. NOT_FOUND for an unknown parcel, CONFLICT for a code in use, INVALID_SCHEDULE, BAD_USER_INPUT',
  })
  createAuction(
    @Arg('input', () => CreateAuctionInput, { description: 'the listing' }) input: CreateAuctionInput,
    @Ctx() ctx: Context,
  ) {
    return createAuction(ctx, input);
  }

  @Mutation(() => Auction, {
    description:
      'TRADING_CENTER: DRAFT → ANNOUNCED (发布挂牌公告). INVALID_TRANSITION unless DRAFT; INVALID_SCHEDULE when quoting would already have ended',
  })
  publishAuction(
    @Arg('id', () => ID, { description: 'the auction to publish' }) id: string,
    @Ctx() ctx: Context,
  ) {
    return publishAuction(ctx, id);
  }

  @Mutation(() => Auction, {
    description:
      'TRADING_CENTER: 中止 — nothing can be bid; the phase clock stops. INVALID_TRANSITION unless ANNOUNCED, QUOTING or TIMED_BIDDING',
  })
  suspendAuction(
    @Arg('id', () => ID, { description: 'the auction to suspend' }) id: string,
    @Arg('reason', { description: '中止原因 — the reason, shown as statusReason' }) reason: string,
    @Ctx() ctx: Context,
  ) {
    return suspendAuction(ctx, id, reason);
  }

  @Mutation(() => Auction, {
    description:
      'TRADING_CENTER: back to the state it left; deadlines move by the time suspended, a timed round restarts. A new schedule only if suspended before quoting. INVALID_TRANSITION unless SUSPENDED; INVALID_SCHEDULE',
  })
  resumeAuction(
    @Arg('id', () => ID, { description: 'the suspended auction' }) id: string,
    @Arg('schedule', () => AuctionScheduleInput, {
      nullable: true,
      description: 'a replacement schedule, allowed only when suspended before quoting started',
    })
    schedule: AuctionScheduleInput | null,
    @Arg('reason', () => String, { nullable: true, description: 'recorded on the RESUMED event' })
    reason: string | null,
    @Ctx() ctx: Context,
  ) {
    return resumeAuction(ctx, id, schedule, reason);
  }

  @Mutation(() => Auction, {
    description:
      'TRADING_CENTER: 终止 — final; accepted deposits become due back. INVALID_TRANSITION unless DRAFT, ANNOUNCED, QUOTING, TIMED_BIDDING or SUSPENDED',
  })
  terminateAuction(
    @Arg('id', () => ID, { description: 'the auction to terminate' }) id: string,
    @Arg('reason', { description: '终止原因 — the reason, shown as statusReason' }) reason: string,
    @Ctx() ctx: Context,
  ) {
    return terminateAuction(ctx, id, reason);
  }

  @Mutation(() => AuctionResult, {
    description:
      "BIDDER, a member of the winner's application: upload the bidding documents (竞买资料) before documentsDueAt; a resubmission replaces them until the seller signs. FORBIDDEN for other bidders, DOCUMENTS_OVERDUE when late, INVALID_TRANSITION unless AWARDED",
  })
  submitAwardDocuments(
    @Arg('auctionId', () => ID, { description: 'the awarded auction' }) auctionId: string,
    @Arg('documents', () => [DocumentInput], {
      description: '1 to 50 documents, at least one BIDDING_DOCUMENTS',
    })
    documents: DocumentInput[],
    @Ctx() ctx: Context,
  ) {
    return submitAwardDocuments(ctx, auctionId, documents);
  }

  @Mutation(() => AuctionResult, {
    description:
      'LAND_BUREAU: sign the 《成交确认书》 → CONFIRMED; trading is over. INVALID_TRANSITION unless DOCUMENTS_SUBMITTED',
  })
  signConfirmation(
    @Arg('auctionId', () => ID, { description: 'the auction whose documents were submitted' })
    auctionId: string,
    @Ctx() ctx: Context,
  ) {
    return signConfirmation(ctx, auctionId);
  }

  @FieldResolver(() => LandParcel, { description: '宗地 — the land parcel offered' })
  parcel(@Root() auction: Auction, @Ctx() ctx: Context): Promise<LandParcel> {
    return loadParcel(ctx, auction.parcel.id);
  }

  @FieldResolver(() => MoneyScalar, {
    nullable: true,
    description:
      '底价 — confidential: null for everyone but TRADING_CENTER and LAND_BUREAU until trading ends, and null when there is none',
  })
  reservePrice(@Root() auction: Auction, @Ctx() ctx: Context): Fen | null {
    return canSeeReservePrice(ctx.viewer, auction) ? auction.reservePrice : null;
  }

  @FieldResolver(() => Boolean, { description: 'whether a reserve price (底价) is set; false: 不设底价' })
  hasReservePrice(@Root() auction: Auction): boolean {
    return auction.reservePrice !== null;
  }

  @FieldResolver(() => AuctionSchedule, { description: '挂牌出让时间安排 — the listing schedule' })
  schedule(@Root() a: Auction): AuctionSchedule {
    return {
      announcementStart: a.announcementStart,
      announcementEnd: a.announcementEnd,
      applicationStart: a.applicationStart,
      applicationEnd: a.applicationEnd,
      depositDeadline: a.depositDeadline,
      quoteStart: a.quoteStart,
      quoteEnd: a.quoteEnd,
      timedBiddingStart: a.quoteEnd,
    };
  }

  @FieldResolver(() => Boolean, {
    name: 'biddingOpen',
    description: 'true while a bid can be accepted now (QUOTING or TIMED_BIDDING, not suspended)',
  })
  isBiddingOpen(@Root() auction: Auction): boolean {
    return biddingOpen(auction);
  }

  @FieldResolver(() => MoneyScalar, {
    name: 'nextMinimumBid',
    description: 'startingPrice before any bid, else currentPrice + increment — in every state',
  })
  minimumBid(@Root() auction: Auction): Fen {
    return nextMinimumBid(auction);
  }

  @FieldResolver(() => Bid, { nullable: true, description: 'the current highest bid; null before any bid' })
  leadingBid(@Root() auction: Auction, @Ctx() ctx: Context): Promise<Bid | null> | null {
    return auction.leadingBidId ? loadBid(ctx, auction.leadingBidId) : null;
  }

  @FieldResolver(() => Int, { description: 'number of accepted bids (also the sequence of the last one)' })
  bidCount(@Root() auction: Auction): number {
    return auction.lastBidSequence;
  }

  @FieldResolver(() => BidConnection, { description: 'accepted bids in acceptance order' })
  bids(@Root() auction: Auction, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return listBids(ctx, auction.id, page);
  }

  @FieldResolver(() => [AuctionEvent], { description: 'events with sequence > afterSequence, oldest first' })
  events(
    @Root() auction: Auction,
    @Arg('afterSequence', () => Int, {
      nullable: true,
      description: 'return events after this sequence; default 0 (from the first); must not be negative',
    })
    afterSequence: number | null,
    @Arg('first', () => Int, {
      nullable: true,
      description: `at most ${MAX_PAGE_SIZE}, default ${MAX_PAGE_SIZE}`,
    })
    first: number | null,
    @Ctx() ctx: Context,
  ): Promise<AuctionEvent[]> {
    const after = afterSequence ?? 0;
    const limit = first ?? MAX_PAGE_SIZE;
    if (!Number.isInteger(after) || after < 0) throw badInput('afterSequence must not be negative');
    if (limit < 0 || limit > MAX_PAGE_SIZE) throw badInput(`first must be between 0 and ${MAX_PAGE_SIZE}`);
    return loadWindow(ctx, AuctionEvent, auction.id, {
      parent: 'auction',
      order: 'sequence',
      direction: 'asc',
      offset: 0,
      limit,
      orderAbove: after,
    }).then((window) => window.items);
  }

  @FieldResolver(() => AuctionResult, {
    nullable: true,
    description:
      '成交结果 — the award, public once awarded (成交公示; also after DOCUMENTS_SUBMITTED, CONFIRMED, DEFAULTED); null otherwise',
  })
  result(@Root() auction: Auction, @Ctx() ctx: Context): Promise<AuctionResult | null> | null {
    return canSeeWinnerName(auction) ? loadResult(ctx, auction.id) : null;
  }

  @FieldResolver(() => [Application], {
    description: 'every application, for TRADING_CENTER only (FORBIDDEN for others)',
  })
  applications(@Root() auction: Auction, @Ctx() ctx: Context): Promise<Application[]> {
    requireApplicationsAccess(ctx.viewer);
    return applicationsOfAuction(ctx, auction.id);
  }
}

@Resolver(() => AuctionEvent)
export class AuctionEventResolver {
  @FieldResolver(() => ID, { description: 'id of the auction whose log this entry belongs to' })
  auctionId(@Root() event: AuctionEvent): string {
    return event.auction.id;
  }

  @FieldResolver(() => Bid, { nullable: true, description: 'set for BID_PLACED' })
  bid(@Root() event: AuctionEvent, @Ctx() ctx: Context): Promise<Bid | null> | Bid | null {
    if (!event.bid) return null;
    // a live event carries its bid (a public snapshot shared by every viewer): no read per viewer
    const bid: unknown = event.bid;
    if (isLiveBid(bid)) return bid as unknown as Bid;
    return loadBid(ctx, event.bid.id);
  }
}

@Resolver(() => AuctionResult)
export class AuctionResultResolver {
  @FieldResolver(() => ID, {
    description:
      "the auction's id: an auction has at most one result, so this is the result's identity (a client cache's key)",
  })
  auctionId(@Root() result: AuctionResult): string {
    return result.auction.id;
  }

  @FieldResolver(() => String, {
    description: "public once awarded (成交公示); joint winners joined with '、'",
  })
  winnerName(@Root() result: AuctionResult): string {
    return result.winnerName;
  }

  @FieldResolver(() => [SubmittedDocument], {
    description:
      '竞买资料 — the documents the winner submitted: for the winning application’s members, TRADING_CENTER and LAND_BUREAU; empty for everyone else',
  })
  documents(@Root() result: AuctionResult, @Ctx() ctx: Context): Promise<SubmittedDocument[]> {
    return documentsOf(ctx, result);
  }

  @FieldResolver(() => DecimalScalar, { description: '(finalPrice − startingPrice) / startingPrice × 100' })
  async premiumRatePercent(@Root() result: AuctionResult, @Ctx() ctx: Context): Promise<string> {
    const auction = await loadAuction(ctx, result.auction.id);
    return premiumRatePercent(result.finalPrice, auction.startingPrice);
  }

  @FieldResolver(() => MoneyScalar, {
    nullable: true,
    description: '楼面地价: finalPrice / maxGrossFloorAreaSqm, yuan per m²',
  })
  async floorPricePerSqm(@Root() result: AuctionResult, @Ctx() ctx: Context): Promise<Fen | null> {
    const auction = await loadAuction(ctx, result.auction.id);
    const parcel = await loadParcel(ctx, auction.parcel.id);
    return floorPricePerSqm(result.finalPrice, parcel.areaSqm, parcel.planning.floorAreaRatioMax);
  }
}

@Resolver(() => LandParcel)
export class ParcelAuctionsResolver {
  @FieldResolver(() => [Auction], { description: 'the listings of this parcel the viewer may see' })
  auctions(@Root() parcel: LandParcel, @Ctx() ctx: Context): Promise<Auction[]> {
    return auctionsOfParcel(ctx, parcel.id);
  }
}
