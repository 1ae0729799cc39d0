import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import { Node } from '../../common/node';
import { DateScalar } from '../../common/scalars';
import { AdministrativeLevel, MobileOrgBasis, OrganizationType } from './organization.types';

/**
 * 党组织 — one node of the organization tree.
 *
 * `path` is a materialized path: the parent's path plus a 5-digit sequence number, so every descendant's path
 * starts with its ancestor's. It is digits only, so a subtree is the index range [path, path + 1) under any
 * collation (see organization.rules.ts), on SQLite and PostgreSQL alike.
 *
 * Party enums are stored as plain strings (GraphQL checks the values): MikroORM 6.6 misreads SQLite check
 * constraints of enums with more than two values, so @Enum columns would always show as drift.
 */
@Entity({ tableName: 'party_organization' })
@Unique({ properties: ['parent', 'name'] })
@ObjectType('PartyOrganization', {
  implements: Node,
  description: '党组织 — a party organization, one node of the organization tree',
})
export class PartyOrganization implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @Property({ type: 'string', length: 200 })
  @Field({ description: 'name of the organization' })
  name!: string;

  @Property({ type: 'string', length: 32 })
  @Field(() => OrganizationType, { description: '党组织类别 — kind of organization' })
  type!: OrganizationType;

  @Property({ type: 'string', length: 32 })
  @Field(() => AdministrativeLevel, { description: '层级 — administrative level' })
  level!: AdministrativeLevel;

  @Property({ type: 'string', length: 6 })
  @Index()
  @Field({ description: '6-digit administrative division code (行政区划代码)' })
  regionCode!: string;

  @ManyToOne(() => PartyOrganization, { nullable: true, ref: true })
  parent?: Ref<PartyOrganization> | null;

  @Property({ type: 'string', length: 255, unique: true })
  path!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'depth in the tree; a root is 0' })
  depth!: number;

  @Property({ type: 'boolean' })
  @Field({
    description:
      '具有审批预备党员权限的基层党（工）委 — a base committee that may approve probationary members',
  })
  canApproveProbationary: boolean = false;

  @Property({ type: 'boolean' })
  @Field({ description: '流动党员党组织 — true for a mobile-member party organization' })
  isMobilePartyOrganization: boolean = false;

  @Property({ type: 'string', length: 32, nullable: true })
  @Field(() => MobileOrgBasis, {
    nullable: true,
    description: '成立方式 — how a mobile-member party organization was set up; null for others',
  })
  mobileOrgBasis?: MobileOrgBasis | null;

  @ManyToOne(() => PartyOrganization, { nullable: true, ref: true })
  approvedBy?: Ref<PartyOrganization> | null;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, {
    nullable: true,
    description: '批准日期 — when a mobile-member party organization was approved; null for others',
  })
  approvedAt?: string | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
