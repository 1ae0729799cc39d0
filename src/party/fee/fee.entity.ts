import { BigIntType, Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import type { Fen } from '../../common/money';
import { Node } from '../../common/node';
import { DateScalar, MoneyScalar } from '../../common/scalars';
import { PartyOrganization } from '../organization/organization.entity';
import { FeePurpose } from './fee.types';

/**
 * 党费划拨. `spent` only ever grows through one conditional UPDATE (spent + x where amount − spent ≥ x), so two
 * racing expenses can never together exceed the allocation (fee.service.ts).
 */
@Entity({ tableName: 'party_fee_allocation' })
@ObjectType('PartyFeeAllocation', {
  implements: Node,
  description: '党费划拨 — party fees allocated by an organization department for mobile members',
})
export class PartyFeeAllocation implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @ManyToOne(() => PartyOrganization, { ref: true })
  fromOrganization!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 255, index: true })
  fromPath!: string;

  @ManyToOne(() => PartyOrganization, { ref: true })
  toOrganization!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 255, index: true })
  toPath!: string;

  @Property({ type: 'string', length: 32 })
  @Field(() => FeePurpose, { description: '党费用途 — what it is for' })
  purpose!: FeePurpose;

  @Property({ type: new BigIntType('number') })
  @Field(() => MoneyScalar, { description: 'amount allocated, in yuan' })
  amount!: Fen;

  @Property({ type: new BigIntType('number') })
  @Field(() => MoneyScalar, { description: 'sum of the expenses so far, in yuan' })
  spent: Fen = 0;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '划拨日期 — the day of the allocation' })
  allocatedOn!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}

@Entity({ tableName: 'fee_expense' })
@Index({ properties: ['allocation', 'spentOn'] })
@ObjectType('FeeExpense', { description: '党费支出 — an expense paid from a party-fee allocation' })
export class FeeExpense {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID' })
  id: string = newId();

  @ManyToOne(() => PartyFeeAllocation, { ref: true })
  allocation!: Ref<PartyFeeAllocation>;

  @Property({ type: new BigIntType('number') })
  @Field(() => MoneyScalar, { description: 'amount spent, in yuan' })
  amount!: Fen;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '支出日期 — the day spent' })
  spentOn!: string;

  @Property({ type: 'string', length: 1000 })
  @Field({ description: 'what the money was spent on' })
  note!: string;

  @Property({ type: 'string', length: 200 })
  recordedBy!: string;

  @Property({ type: 'datetime' })
  recordedAt!: Date;
}
