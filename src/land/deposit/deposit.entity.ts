import { BigIntType, Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { ErrorCode } from '../../common/errors';
import { newId } from '../../common/ids';
import type { Fen } from '../../common/money';
import { Node } from '../../common/node';
import { DateTimeScalar, MoneyScalar } from '../../common/scalars';
import { Application } from '../application/application.entity';

/** A bank transfer reported to an application's deposit account; kept or not, it is recorded. */
@Entity({ tableName: 'deposit_payment' })
@ObjectType('DepositPayment', {
  implements: Node,
  description: '保证金到账 — a reported transfer to a deposit account',
})
export class DepositPayment implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @ManyToOne(() => Application)
  @Index()
  application!: Application;

  @Property({ type: new BigIntType('number') })
  @Field(() => MoneyScalar, { description: 'amount transferred, in yuan' })
  amount!: Fen;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: "到账时间 — the bank's arrival time is what counts" })
  arrivedAt!: Date;

  @Property({ type: 'string', length: 100, unique: true })
  @Field({ description: 'the bank’s transaction id of the transfer' })
  bankTransactionId!: string;

  @Property({ type: 'string', length: 200 })
  @Field({ description: 'name of the paying account' })
  payerAccountName!: string;

  /** digits only; null when the bank did not report it (then it cannot be the basic account) */
  @Property({ type: 'string', length: 64, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: '付款账号 — number of the paying account, as the bank reported it (digits only)',
  })
  payerAccountNumber: string | null = null;

  @Property({ type: 'boolean' })
  @Field({
    description: 'true when this transfer counts as the deposit (full, in time, from the basic account)',
  })
  accepted!: boolean;

  @Property({ type: 'string', length: 64, nullable: true })
  @Field(() => ErrorCode, {
    nullable: true,
    description:
      'why it was not kept: DEPOSIT_WRONG_PAYER (not from the applicant’s basic account 基本户), DEPOSIT_INSUFFICIENT, DEPOSIT_LATE, APPLICATION_CLOSED (the application or auction is closed) or CONFLICT (a deposit was already accepted); null when accepted',
  })
  rejectionCode: ErrorCode | null = null;

  @Property({ type: 'datetime' })
  reportedAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'when the bank reported the transfer returned (every transfer that is not kept is returned)',
  })
  refundedAt: Date | null = null;

  @Property({ type: 'string', length: 100, nullable: true, unique: true })
  refundTransactionId: string | null = null;
}
