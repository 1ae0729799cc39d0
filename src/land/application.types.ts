import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, DecimalScalar, MoneyScalar } from '../common/scalars';

export enum ApplicationStatus {
  DEPOSIT_PENDING = 'DEPOSIT_PENDING',
  QUALIFIED = 'QUALIFIED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ApplicationStatus, {
  name: 'ApplicationStatus',
  valuesConfig: {
    DEPOSIT_PENDING: { description: 'submitted; deposit not yet received in full' },
    QUALIFIED: { description: '保证金到账, 已获得《网上竞买资格确认书》' },
  },
});

/** An application that still counts: a bidder may hold one per auction. */
export const LIVE_APPLICATION_STATUSES = [ApplicationStatus.DEPOSIT_PENDING, ApplicationStatus.QUALIFIED];

export enum DepositState {
  NONE = 'NONE',
  HELD = 'HELD',
  CREDITED = 'CREDITED',
  REFUND_DUE = 'REFUND_DUE',
  REFUNDED = 'REFUNDED',
  FORFEITED = 'FORFEITED',
}
registerEnumType(DepositState, {
  name: 'DepositState',
  valuesConfig: {
    NONE: { description: 'no accepted deposit' },
    HELD: { description: 'accepted and held' },
    CREDITED: { description: "the winner's deposit, credited against the price (转作出让价款)" },
    REFUND_DUE: { description: 'to be returned: not the winner, withdrawn, rejected or terminated' },
    FORFEITED: { description: 'kept: the winner defaulted' },
  },
});

@ObjectType('DepositAccount', {
  description: '保证金账号 — generated at random for each application by the trading system',
})
export class DepositAccount {
  @Field()
  accountNumber!: string;

  @Field()
  bankName!: string;

  @Field()
  accountName!: string;

  @Field(() => MoneyScalar)
  amountDue!: number;

  @Field(() => DateTimeScalar)
  deadline!: Date;
}

@ObjectType('Qualification', { description: '《网上竞买资格确认书》' })
export class Qualification {
  @Field()
  certificateNumber!: string;

  @Field({ description: '竞买号牌' })
  biddingNumber!: string;

  @Field(() => DateTimeScalar)
  issuedAt!: Date;
}

@InputType('ApplicationMemberInput')
export class ApplicationMemberInput {
  @Field(() => ID)
  bidderId!: string;

  @Field(() => DecimalScalar)
  sharePercent!: string;

  @Field(() => Boolean, { nullable: true })
  lead?: boolean | null;
}

@InputType('ApplyInput')
export class ApplyInput {
  @Field(() => ID)
  auctionId!: string;

  @Field(() => [ApplicationMemberInput], {
    nullable: true,
    description: "omit for a sole application by the viewer's own bidder",
  })
  members?: ApplicationMemberInput[] | null;
}
