import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import { Node } from '../../common/node';
import { DateTimeScalar } from '../../common/scalars';
import { PartyMember } from '../member/member.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { EvaluationResult } from './evaluation.types';

/** 民主评议 by the inflow organization; the result is notified (通报) to the member's formal organization. */
@Entity({ tableName: 'democratic_evaluation' })
@Unique({ properties: ['member', 'organization', 'year'] })
@ObjectType('DemocraticEvaluation', {
  implements: Node,
  description: '民主评议 — a democratic evaluation of a member by its inflow organization',
})
export class DemocraticEvaluation implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @ManyToOne(() => PartyMember, { ref: true })
  member!: Ref<PartyMember>;

  @ManyToOne(() => PartyOrganization, { ref: true })
  organization!: Ref<PartyOrganization>;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: '评议年度 — the year evaluated' })
  year!: number;

  @Property({ type: 'string', length: 32 })
  @Field(() => EvaluationResult, { description: '评议结果 — the outcome' })
  result!: EvaluationResult;

  /** the formal organization notified (the member's at the time) */
  @ManyToOne(() => PartyOrganization, { ref: true })
  notifiedOrganization!: Ref<PartyOrganization>;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: '通报 — when the result was notified to the member’s formal organization',
  })
  notifiedFormalOrganizationAt?: Date | null;

  @Property({ type: 'datetime' })
  recordedAt!: Date;
}
