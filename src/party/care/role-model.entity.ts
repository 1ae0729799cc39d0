import { Entity, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import { Node } from '../../common/node';
import { DateScalar, DecimalScalar } from '../../common/scalars';
import { PartyMember } from '../member/member.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { RoleModelKind } from './role-model.types';

@Entity({ tableName: 'role_model_record' })
@ObjectType('RoleModelRecord', {
  implements: Node,
  description: '作用发挥 — a member’s role-model work (示范岗、责任区、承诺践诺、志愿服务)',
})
export class RoleModelRecord implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @ManyToOne(() => PartyMember, { ref: true, index: true })
  member!: Ref<PartyMember>;

  @ManyToOne(() => PartyOrganization, { ref: true })
  organization!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 32 })
  @Field(() => RoleModelKind, { description: '作用发挥方式 — kind of work' })
  kind!: RoleModelKind;

  @Property({ type: 'string', length: 1000 })
  @Field({ description: 'what the member does' })
  description!: string;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: 'first day' })
  startedOn!: string;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, { nullable: true, description: 'last day; null while ongoing' })
  endedOn?: string | null;

  @Property({ type: 'string', length: 16, nullable: true })
  @Field(() => DecimalScalar, { nullable: true, description: 'hours of service, if recorded' })
  hours?: string | null;

  @Property({ type: 'datetime' })
  recordedAt!: Date;
}
