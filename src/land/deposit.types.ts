import { Field, ID, InputType } from 'type-graphql';
import { DateTimeScalar, MoneyScalar } from '../common/scalars';

@InputType('DepositArrivalInput')
export class DepositArrivalInput {
  @Field()
  accountNumber!: string;

  @Field(() => MoneyScalar)
  amount!: number;

  @Field(() => DateTimeScalar, { description: "到账时间 — the bank's arrival time" })
  arrivedAt!: Date;

  @Field({ description: 'unique per bank transfer; repeating it changes nothing (idempotent)' })
  bankTransactionId!: string;

  @Field()
  payerAccountName!: string;
}

@InputType('DepositRefundInput')
export class DepositRefundInput {
  @Field(() => ID)
  paymentId!: string;

  @Field()
  bankTransactionId!: string;

  @Field(() => DateTimeScalar)
  refundedAt!: Date;
}
