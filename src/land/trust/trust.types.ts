import { Field, ID, Int, ObjectType } from 'type-graphql';
import { AuctionEventType } from '../auction/auction.types';

/** What a bid receipt (a compact JWS, trust.keys.ts) says; amounts in fen, the time as the canonical form writes it. */
export interface ReceiptClaims {
  typ: 'auction-bid-receipt';
  v: 1;
  /** 挂牌编号 */
  auction: string;
  biddingNumber: string;
  amountFen: number;
  /** the bid's sequence (Bid.sequence) */
  bidSequence: number;
  /** the BID_PLACED event's sequence in the auction's log, and its hash */
  eventSequence: number;
  eventHash: string;
  /** server acceptance time (Bid.placedAt), UTC ISO with milliseconds */
  acceptedAt: string;
}

/** What a signed head says: the auction's log up to `sequence` ends in `hash`. */
export interface HeadClaims {
  typ: 'auction-log-head';
  v: 1;
  auction: string;
  sequence: number;
  hash: string;
}

/** The events that end a stretch of the log worth anchoring: trading is over, or the deal is signed. */
export const HEAD_SIGNED_EVENTS: ReadonlySet<AuctionEventType> = new Set([
  AuctionEventType.AWARDED,
  AuctionEventType.FAILED,
  AuctionEventType.TERMINATED,
  AuctionEventType.CONFIRMED,
]);

export const receiptClaims = (r: Omit<ReceiptClaims, 'typ' | 'v'>): ReceiptClaims => ({
  typ: 'auction-bid-receipt',
  v: 1,
  auction: r.auction,
  biddingNumber: r.biddingNumber,
  amountFen: r.amountFen,
  bidSequence: r.bidSequence,
  eventSequence: r.eventSequence,
  eventHash: r.eventHash,
  acceptedAt: r.acceptedAt,
});

export const headClaims = (auction: string, sequence: number, hash: string): HeadClaims => ({
  typ: 'auction-log-head',
  v: 1,
  auction,
  sequence,
  hash,
});

@ObjectType('AuctionLogHead', {
  description:
    '事件链头 — where an auction’s hash-chained event log stands, signed by the server (check it against GET /.well-known/jwks.json)',
})
export class AuctionLogHead {
  @Field(() => ID, { description: 'the auction' })
  auctionId!: string;

  @Field({ description: '挂牌编号 — the auction’s code (the chain’s genesis is derived from it)' })
  code!: string;

  @Field(() => Int, { description: 'the last event’s sequence; 0 while the log is empty' })
  sequence!: number;

  @Field(() => String, {
    nullable: true,
    description:
      'the last event’s hash (the genesis value while the log is empty); null if it was appended unchained',
  })
  hash!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'compact JWS (EdDSA, kid in the header) over {typ: "auction-log-head", v: 1, auction, sequence, hash}; null without a hash',
  })
  signature!: string | null;
}
