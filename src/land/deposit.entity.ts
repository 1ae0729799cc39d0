import { BigIntType, Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { ErrorCode } from '../common/errors';
import { newId } from '../common/ids';
import type { Fen } from '../common/money';
import { Node } from '../common/node';
import { DateTimeScalar, MoneyScalar } from '../common/scalars';
import { Application } from './application.entity';

/** A bank transfer reported to an application's deposit account; kept or not, it is recorded. */
@Entity({ tableName: 'deposit_payment' })
@ObjectType('DepositPayment', { implements: Node, description: '保证金到账 — a reported transfer' })
export class DepositPayment implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @ManyToOne(() => Application)
  @Index()
  application!: Application;

  @Property({ type: new BigIntType('number') })
  @Field(() => MoneyScalar)
  amount!: Fen;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: "到账时间 — the bank's arrival time is what counts" })
  arrivedAt!: Date;

  @Property({ type: 'string', length: 100, unique: true })
  @Field()
  bankTransactionId!: string;

  @Property({ type: 'string', length: 200 })
  @Field()
  payerAccountName!: string;

  @Property({ type: 'boolean' })
  @Field()
  accepted!: boolean;

  @Property({ type: 'string', length: 64, nullable: true })
  @Field(() => ErrorCode, { nullable: true })
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
