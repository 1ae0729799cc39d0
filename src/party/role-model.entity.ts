import { Entity, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { newId } from '../common/ids';
import { Node } from '../common/node';
import { DateScalar, DecimalScalar } from '../common/scalars';
import { PartyMember } from './member.entity';
import { PartyOrganization } from './organization.entity';
import { RoleModelKind } from './role-model.types';

@Entity({ tableName: 'role_model_record' })
@ObjectType('RoleModelRecord', { implements: Node, description: '作用发挥' })
export class RoleModelRecord implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @ManyToOne(() => PartyMember, { ref: true, index: true })
  member!: Ref<PartyMember>;

  @ManyToOne(() => PartyOrganization, { ref: true })
  organization!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 32 })
  @Field(() => RoleModelKind)
  kind!: RoleModelKind;

  @Property({ type: 'string', length: 1000 })
  @Field()
  description!: string;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar)
  startedOn!: string;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, { nullable: true })
  endedOn?: string | null;

  @Property({ type: 'string', length: 16, nullable: true })
  @Field(() => DecimalScalar, { nullable: true })
  hours?: string | null;

  @Property({ type: 'datetime' })
  recordedAt!: Date;
}
