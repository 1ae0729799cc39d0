import { Field, ID, InputType } from 'type-graphql';
import { DateTimeScalar, MoneyScalar } from '../../common/scalars';

@InputType('DepositArrivalInput', {
  description: '保证金到账 — the bank’s report of a transfer to a deposit account',
})
export class DepositArrivalInput {
  @Field({ description: '保证金账号 — the deposit account the transfer arrived at' })
  accountNumber!: string;

  @Field(() => MoneyScalar, { description: 'amount transferred in yuan; above 0' })
  amount!: number;

  @Field(() => DateTimeScalar, { description: "到账时间 — the bank's arrival time" })
  arrivedAt!: Date;

  @Field({ description: 'unique per bank transfer; repeating it changes nothing (idempotent)' })
  bankTransactionId!: string;

  @Field({ description: 'name of the paying account (基本户)' })
  payerAccountName!: string;

  @Field(() => String, {
    nullable: true,
    description:
      '付款账号 — number of the paying account; it must be the lead applicant’s registered basic account (基本户), else the transfer is recorded with DEPOSIT_WRONG_PAYER and is due back',
  })
  payerAccountNumber?: string | null;
}

@InputType('DepositRefundInput', {
  description: '保证金退还 — the bank’s report that a transfer was returned',
})
export class DepositRefundInput {
  @Field(() => ID, { description: 'the DepositPayment returned' })
  paymentId!: string;

  @Field({ description: 'the bank’s transaction id of the return; unique' })
  bankTransactionId!: string;

  @Field(() => DateTimeScalar, { description: 'when the bank returned it' })
  refundedAt!: Date;
}
