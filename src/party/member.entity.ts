import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { newId } from '../common/ids';
import { Node } from '../common/node';
import { DateScalar } from '../common/scalars';
import { PartyOrganization } from './organization.entity';
import { Gender, MemberStatus } from './member.types';

/**
 * 党员. `idNumber` and `phone` are personal data: the resolver masks them (party.policy.ts), never this entity.
 * `formalPath` copies the formal organization's path so scope filters need no join.
 */
@Entity({ tableName: 'party_member' })
@Index({ properties: ['formalPath', 'name'] })
@ObjectType('PartyMember', { implements: Node, description: '党员' })
export class PartyMember implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ type: 'string', length: 100 })
  @Field()
  name!: string;

  @Property({ type: 'string', length: 32 })
  @Field(() => Gender)
  gender!: Gender;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, { nullable: true })
  birthDate?: string | null;

  @Property({ type: 'string', length: 32 })
  @Field(() => MemberStatus)
  status!: MemberStatus;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '入党日期' })
  joinedAt!: string;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, { nullable: true, description: '预备期满日, for PROBATIONARY members' })
  probationEndsAt?: string | null;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, { nullable: true, description: '转为正式党员的日期 (confirmFullMembership)' })
  fullMembershipOn?: string | null;

  @ManyToOne(() => PartyOrganization, { ref: true })
  formalOrganization!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 255 })
  formalPath!: string;

  @Property({ type: 'string', length: 18, nullable: true, unique: true })
  idNumber?: string | null;

  @Property({ type: 'string', length: 20, nullable: true })
  phone?: string | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
