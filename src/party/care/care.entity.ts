import { BigIntType, Entity, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import type { Fen } from '../../common/money';
import { Node } from '../../common/node';
import { DateScalar, MoneyScalar } from '../../common/scalars';
import { PartyMember } from '../member/member.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { CareKind } from './care.types';

@Entity({ tableName: 'care_record' })
@ObjectType('CareRecord', { implements: Node, description: '关怀帮扶 — care and help given to a member' })
export class CareRecord implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @ManyToOne(() => PartyMember, { ref: true, index: true })
  member!: Ref<PartyMember>;

  @ManyToOne(() => PartyOrganization, { ref: true })
  organization!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 32 })
  @Field(() => CareKind, { description: '关怀帮扶类别 — kind of care' })
  kind!: CareKind;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: 'the day it was given' })
  providedOn!: string;

  @Property({ type: new BigIntType('number'), nullable: true })
  @Field(() => MoneyScalar, { nullable: true, description: 'money given, in yuan; null when none' })
  amount?: Fen | null;

  @Property({ type: 'string', length: 1000, nullable: true })
  @Field(() => String, { nullable: true, description: 'what was done' })
  note?: string | null;

  @Property({ type: 'datetime' })
  recordedAt!: Date;
}
