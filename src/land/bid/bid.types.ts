import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { MoneyScalar } from '../../common/scalars';

export enum BidPhase {
  QUOTING = 'QUOTING',
  TIMED = 'TIMED',
}
registerEnumType(BidPhase, {
  name: 'BidPhase',
  description: '报价阶段 — the phase in which a bid was placed',
  valuesConfig: {
    QUOTING: { description: '挂牌报价 — placed during quoting' },
    TIMED: { description: '限时竞价 — placed during timed bidding' },
  },
});

@InputType('PlaceBidInput', { description: '报价 — a bid on an auction' })
export class PlaceBidInput {
  @Field(() => ID, { description: 'the auction bid on' })
  auctionId!: string;

  @Field(() => MoneyScalar, {
    description: 'the amount in yuan: startingPrice + k × increment, at least nextMinimumBid',
  })
  amount!: number;

  @Field({
    description:
      'a retry with the same key and amount returns the bid first accepted under it and places nothing new; the same key with another amount is CONFLICT',
  })
  idempotencyKey!: string;
}
