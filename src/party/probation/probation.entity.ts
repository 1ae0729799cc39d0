import { Entity, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import { Node } from '../../common/node';
import { DateScalar, DateTimeScalar } from '../../common/scalars';
import { PartyMember } from '../member/member.entity';
import { MobilityRecord } from '../mobility/mobility.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { ProbationOutcome } from './probation.types';

/** 预备期满的决定 — one decision of the member's branch (DOMAIN.md §2.6a); never changed once recorded. */
@Entity({ tableName: 'probation_decision' })
@ObjectType('ProbationDecision', {
  implements: Node,
  description: '预备期满的决定 — a branch’s decision on a probationary member: convert, extend or cancel',
})
export class ProbationDecision implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @ManyToOne(() => PartyMember, { ref: true, index: true })
  member!: Ref<PartyMember>;

  /** the branch that decided (the member's formal organization) */
  @ManyToOne(() => PartyOrganization, { ref: true })
  organization!: Ref<PartyOrganization>;

  /** the member's active mobility record when decided, if any (its OUTFLOW_3 is met by the decision) */
  @ManyToOne(() => MobilityRecord, { ref: true, nullable: true })
  mobilityRecord?: Ref<MobilityRecord> | null;

  @Property({ type: 'string', length: 16 })
  @Field(() => ProbationOutcome, { description: '决定 — CONVERT, EXTEND or CANCEL' })
  outcome!: ProbationOutcome;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '支部大会日期 — the meeting day' })
  meetingOn!: string;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '原预备期满日 — the end of probation the decision was about' })
  probationEndsAt!: string;

  @Property({ type: 'string', length: 1000, nullable: true })
  @Field(() => String, { nullable: true, description: '理由 — required for EXTEND and CANCEL' })
  reason?: string | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: '延长月数 — EXTEND: 6 to 12' })
  extensionMonths?: number | null;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, { nullable: true, description: '延长后的预备期满日 — EXTEND: the new end' })
  newProbationEndsAt?: string | null;

  @Property({ type: 'string', length: 1000, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: '流入地党组织意见 — the inflow organization’s opinion',
  })
  inflowOpinion?: string | null;

  @Property({ type: 'string', length: 200 })
  recordedBy!: string;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'when it was recorded' })
  recordedAt!: Date;
}
