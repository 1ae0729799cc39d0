import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import { Node } from '../../common/node';
import { DateScalar } from '../../common/scalars';
import { PartyOrganization } from '../organization/organization.entity';
import { Gender, MemberStatus } from './member.types';

/**
 * 党员. `idNumber` and `phone` are personal data: the resolver masks them (party.policy.ts), never this entity.
 * `formalPath` copies the formal organization's path so scope filters need no join.
 * `(name, id, formalPath)` is the members' list order with the subtree test inside the index: a page of a large
 * subtree walks it in order and stops after the page (organization.service.ts `membersBelow`).
 */
@Entity({ tableName: 'party_member' })
@Index({ properties: ['formalPath', 'name'] })
@Index({ properties: ['name', 'id', 'formalPath'] })
@ObjectType('PartyMember', {
  implements: Node,
  description: '党员 — a party member; personal data masked by scope',
})
export class PartyMember implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @Property({ type: 'string', length: 100 })
  @Field({ description: '姓名 — name' })
  name!: string;

  @Property({ type: 'string', length: 32 })
  @Field(() => Gender, { description: '性别 — gender' })
  gender!: Gender;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, { nullable: true, description: '出生日期 — birth date, if recorded' })
  birthDate?: string | null;

  @Property({ type: 'string', length: 32 })
  @Field(() => MemberStatus, { description: '党员身份 — full, probationary, or probation cancelled' })
  status!: MemberStatus;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '入党日期 — the day the member joined' })
  joinedAt!: string;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, {
    nullable: true,
    description: '预备期满日 — end of probation, for PROBATIONARY members',
  })
  probationEndsAt?: string | null;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, {
    nullable: true,
    description:
      '延长预备期的会议日期 — the meeting that extended the probation (decideProbation EXTEND, once); null otherwise',
  })
  probationExtendedOn?: string | null;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, {
    nullable: true,
    description: '转为正式党员的日期 — the day of full membership (confirmFullMembership)',
  })
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
