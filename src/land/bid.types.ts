import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { MoneyScalar } from '../common/scalars';

export enum BidPhase {
  QUOTING = 'QUOTING',
  TIMED = 'TIMED',
}
registerEnumType(BidPhase, {
  name: 'BidPhase',
  valuesConfig: { QUOTING: { description: '挂牌报价' }, TIMED: { description: '限时竞价' } },
});

@InputType('PlaceBidInput')
export class PlaceBidInput {
  @Field(() => ID)
  auctionId!: string;

  @Field(() => MoneyScalar)
  amount!: number;

  @Field({
    description:
      'a retry with the same key and amount returns the bid first accepted under it and places nothing new; the same key with another amount is CONFLICT',
  })
  idempotencyKey!: string;
}
