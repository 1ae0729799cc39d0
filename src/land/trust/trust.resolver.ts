import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/request/context';
import { Bid } from '../bid/bid.entity';
import { AuctionEvent } from '../stream/auction-event.entity';
import { auctionLogHead, receiptOf, signedHeadOf } from './trust.service';
import { AuctionLogHead } from './trust.types';

@Resolver(() => Bid)
export class BidReceiptResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      '回执 — the server’s signed receipt of this accepted bid: a compact JWS (EdDSA, kid in the header; keys at GET /.well-known/jwks.json) over auction code, bidding number, amount in fen, sequences, acceptance time and the event’s hash. The same for an idempotent retry. Keep it: npm run verify:receipt checks it. Null when the server runs without receipts',
  })
  receipt(@Root() bid: Bid, @Ctx() ctx: Context): Promise<string | null> {
    return receiptOf(ctx, bid);
  }
}

@Resolver(() => AuctionEvent)
export class AuctionEventTrustResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      '签名链头 — for AWARDED, FAILED, TERMINATED and CONFIRMED: a compact JWS over {typ: "auction-log-head", v: 1, auction, sequence, hash} of this event; null for the others',
  })
  signedHead(@Root() event: AuctionEvent, @Ctx() ctx: Context): Promise<string | null> {
    return signedHeadOf(ctx, event);
  }
}

@Resolver()
export class AuctionLogHeadResolver {
  @Query(() => AuctionLogHead, {
    nullable: true,
    description:
      '事件链头 — public, like the auction’s events: the latest sequence and hash of its log, signed by the server; null for an auction the viewer may not see',
  })
  auctionLogHead(
    @Arg('auctionId', () => ID, { description: 'the auction' }) auctionId: string,
    @Ctx() ctx: Context,
  ): Promise<AuctionLogHead | null> {
    return auctionLogHead(ctx, auctionId);
  }
}
