import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, DecimalScalar, MoneyScalar } from '../../common/scalars';

export enum ApplicationStatus {
  DEPOSIT_PENDING = 'DEPOSIT_PENDING',
  QUALIFIED = 'QUALIFIED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ApplicationStatus, {
  name: 'ApplicationStatus',
  description: '竞买申请状态 — where an application to bid stands',
  valuesConfig: {
    DEPOSIT_PENDING: { description: 'submitted; deposit not yet received in full' },
    QUALIFIED: {
      description:
        '保证金到账, 已获得《网上竞买资格确认书》 — deposit accepted; qualified to bid under its 竞买号牌',
    },
    REJECTED: { description: 'rejected by the trading centre, with a reason; final' },
    WITHDRAWN: { description: 'withdrawn by its lead bidder; final' },
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
  description: '保证金状态 — what becomes of an application’s accepted deposit',
  valuesConfig: {
    NONE: { description: 'no accepted deposit' },
    HELD: { description: 'accepted and held' },
    CREDITED: { description: "the winner's deposit, credited against the price (转作出让价款)" },
    REFUND_DUE: { description: 'to be returned: not the winner, withdrawn, rejected or terminated' },
    REFUNDED: { description: 'returned: the bank reported the refund' },
    FORFEITED: { description: 'kept: the winner defaulted' },
  },
});

@ObjectType('DepositAccount', {
  description: '保证金账号 — generated at random for each application by the trading system',
})
export class DepositAccount {
  @Field({ description: '保证金账号 — the random account number to pay into (not derived from the bidder)' })
  accountNumber!: string;

  @Field({ description: 'bank holding the account' })
  bankName!: string;

  @Field({ description: 'account holder’s name' })
  accountName!: string;

  @Field(() => MoneyScalar, { description: '竞买保证金 — amount due, in yuan, to arrive in one transfer' })
  amountDue!: number;

  @Field(() => DateTimeScalar, {
    description: '竞买保证金截止时间 — the deposit must arrive (bank time) before this',
  })
  deadline!: Date;
}

@ObjectType('Qualification', {
  description:
    '《网上竞买资格确认书》 — the online bidding qualification, issued when the deposit is accepted',
})
export class Qualification {
  @Field({ description: '《网上竞买资格确认书》编号 — number of the qualification certificate' })
  certificateNumber!: string;

  @Field({
    description:
      '竞买号牌 — the bidding number; the only name under which its bids are shown before the award',
  })
  biddingNumber!: string;

  @Field(() => DateTimeScalar, { description: 'when the deposit was accepted and the qualification issued' })
  issuedAt!: Date;
}

@InputType('ApplicationMemberInput', {
  description: '联合申请人 — one bidder of a joint application and its share',
})
export class ApplicationMemberInput {
  @Field(() => ID, { description: 'the member’s bidder id (each bidder sees its own as viewer.bidder.id)' })
  bidderId!: string;

  @Field(() => DecimalScalar, {
    description: 'share in percent, above 0 and at most 100; the shares add up to exactly 100',
  })
  sharePercent!: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true for the lead; exactly one member leads, and it is the applying bidder',
  })
  lead?: boolean | null;
}

@InputType('ApplyInput', {
  description: '竞买申请 — an application to bid, sole (单独申请) or joint (联合申请)',
})
export class ApplyInput {
  @Field(() => ID, { description: 'the auction applied for' })
  auctionId!: string;

  @Field(() => [ApplicationMemberInput], {
    nullable: true,
    description: "omit for a sole application by the viewer's own bidder",
  })
  members?: ApplicationMemberInput[] | null;
}
