import { BigIntType, Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { newId } from '../common/ids';
import type { Fen } from '../common/money';
import { Node } from '../common/node';
import { DateScalar, MoneyScalar } from '../common/scalars';
import { PartyOrganization } from './organization.entity';
import { FeePurpose } from './fee.types';

/**
 * 党费划拨. `spent` only ever grows through one conditional UPDATE (spent + x where amount − spent ≥ x), so two
 * racing expenses can never together exceed the allocation (fee.service.ts).
 */
@Entity({ tableName: 'party_fee_allocation' })
@ObjectType('PartyFeeAllocation', { implements: Node, description: '党费划拨' })
export class PartyFeeAllocation implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
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
  @Field(() => FeePurpose)
  purpose!: FeePurpose;

  @Property({ type: new BigIntType('number') })
  @Field(() => MoneyScalar)
  amount!: Fen;

  @Property({ type: new BigIntType('number') })
  @Field(() => MoneyScalar)
  spent: Fen = 0;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar)
  allocatedOn!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}

@Entity({ tableName: 'fee_expense' })
@Index({ properties: ['allocation', 'spentOn'] })
@ObjectType('FeeExpense', { description: '党费支出' })
export class FeeExpense {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @ManyToOne(() => PartyFeeAllocation, { ref: true })
  allocation!: Ref<PartyFeeAllocation>;

  @Property({ type: new BigIntType('number') })
  @Field(() => MoneyScalar)
  amount!: Fen;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar)
  spentOn!: string;

  @Property({ type: 'string', length: 1000 })
  @Field()
  note!: string;

  @Property({ type: 'string', length: 200 })
  recordedBy!: string;

  @Property({ type: 'datetime' })
  recordedAt!: Date;
}
