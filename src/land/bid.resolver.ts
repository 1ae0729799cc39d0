import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root, UseMiddleware } from 'type-graphql';
import type { Context } from '../server/context';
import { RateLimit } from '../server/rate-limit';
import { Auction } from './auction.entity';
import { loadAuction } from './auction.resolver';
import { Bid } from './bid.entity';
import { placeBid } from './bid.service';
import { PlaceBidInput } from './bid.types';

@Resolver(() => Bid)
export class BidResolver {
  @Mutation(() => Bid, {
    description:
      'BIDDER with a QUALIFIED application: bid on the ladder; a racer that loses gets BID_TOO_LOW with nextMinimumBid',
  })
  // per subject (the bidder's token) and per IP
  @UseMiddleware(RateLimit('placeBid'))
  placeBid(@Arg('input', () => PlaceBidInput) input: PlaceBidInput, @Ctx() ctx: Context): Promise<Bid> {
    return placeBid(ctx, input);
  }

  @FieldResolver(() => Auction)
  auction(@Root() bid: Bid, @Ctx() ctx: Context): Promise<Auction> {
    return loadAuction(ctx, bid.auction.id);
  }

  @FieldResolver(() => Boolean, { description: 'computed now, not when the bid was placed' })
  async isLeading(@Root() bid: Bid, @Ctx() ctx: Context): Promise<boolean> {
    const auction = await loadAuction(ctx, bid.auction.id);
    return auction.leadingBidId === bid.id;
  }
}
