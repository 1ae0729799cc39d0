import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root, UseMiddleware } from 'type-graphql';
import type { Context } from '../../common/request/context';
import { RateLimit } from '../../common/request/rate-limit.middleware';
import { Auction } from '../auction/auction.entity';
import { loadAuction } from '../auction/auction.resolver';
import { Bid } from './bid.entity';
import { placeBid } from './bid.service';
import { PlaceBidInput } from './bid.types';

@Resolver(() => Bid)
export class BidResolver {
  @Mutation(() => Bid, {
    description:
      'BIDDER with a QUALIFIED application: bid on the ladder; a racer that loses gets BID_TOO_LOW with nextMinimumBid. Errors in this order: AUCTION_NOT_OPEN, NOT_QUALIFIED, NOT_IN_TIMED_BIDDING, ALREADY_LEADING, BID_NOT_ON_INCREMENT, BID_TOO_LOW; CONFLICT for a reused idempotencyKey with another amount; RATE_LIMITED',
  })
  // per subject (the bidder's token) and per IP
  @UseMiddleware(RateLimit('placeBid'))
  placeBid(
    @Arg('input', () => PlaceBidInput, { description: 'the bid' }) input: PlaceBidInput,
    @Ctx() ctx: Context,
  ): Promise<Bid> {
    return placeBid(ctx, input);
  }

  @FieldResolver(() => Auction, { description: 'the auction bid on' })
  auction(@Root() bid: Bid, @Ctx() ctx: Context): Promise<Auction> {
    return loadAuction(ctx, bid.auction.id);
  }

  @FieldResolver(() => Boolean, { description: 'computed now, not when the bid was placed' })
  async isLeading(@Root() bid: Bid, @Ctx() ctx: Context): Promise<boolean> {
    const auction = await loadAuction(ctx, bid.auction.id);
    return auction.leadingBidId === bid.id;
  }
}
