import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import { Node } from '../../common/node';
import { DateScalar, DateTimeScalar } from '../../common/scalars';
import { PartyMember } from '../member/member.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { LeaderEndReason, LeaderRole, TrainingFocus } from './workforce.types';

/**
 * 流动党员党组织负责人 (选优配强): one member's post in one term. `secretaryKey` is the organization's id while this is
 * its current secretary and `seatKey` organization:member while the post is held, so the database itself refuses
 * two secretaries or two posts for one member.
 */
@Entity({ tableName: 'mobile_org_leader' })
@Index({ properties: ['orgPath'] })
@ObjectType('MobileOrgLeader', {
  implements: Node,
  description: '流动党员党组织负责人 — a leader of a mobile-member party organization, with the term',
})
export class MobileOrgLeader implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @ManyToOne(() => PartyOrganization, { ref: true })
  organization!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 255 })
  orgPath!: string;

  @ManyToOne(() => PartyMember, { ref: true, index: true })
  member!: Ref<PartyMember>;

  @Property({ type: 'string', length: 32 })
  @Field(() => LeaderRole, { description: '职务 — the post' })
  role!: LeaderRole;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '任职日期 — the term started' })
  termStartsOn!: string;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, {
    description: '届满日期 — 3 years for a branch or general branch, 5 for a committee (换届)',
  })
  termEndsOn!: string;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, { nullable: true, description: '离任日期 — null while in office' })
  endedOn?: string | null;

  @Property({ type: 'string', length: 32, nullable: true })
  @Field(() => LeaderEndReason, { nullable: true, description: '离任原因 — null while in office' })
  endReason?: LeaderEndReason | null;

  @Property({ type: 'string', length: 40, nullable: true, unique: true })
  secretaryKey?: string | null;

  @Property({ type: 'string', length: 80, nullable: true, unique: true })
  seatKey?: string | null;

  @Property({ type: 'string', length: 200 })
  recordedBy!: string;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'when the appointment was recorded' })
  recordedAt!: Date;
}

/** 调查摸底 — one survey of the mobile members of an area, as the surveying organization recorded it. */
@Entity({ tableName: 'mobile_member_survey' })
@Index({ properties: ['orgPath'] })
@ObjectType('MobileMemberSurvey', {
  implements: Node,
  description: '调查摸底 — a survey of the mobile members of an area, with what it found',
})
export class MobileMemberSurvey implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @ManyToOne(() => PartyOrganization, { ref: true })
  organization!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 255 })
  orgPath!: string;

  @Property({ type: 'string', length: 6 })
  @Field({ description: '调查地区 — 6-digit administrative division code' })
  regionCode!: string;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '开始日期' })
  startedOn!: string;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '完成日期' })
  completedOn!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: '摸排流动党员数 — mobile members found' })
  foundCount!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: '其中已报到 — reported to an inflow organization' })
  reportedCount!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: '其中失联 — out of contact' })
  lostContactCount!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: '其中未登记 — not registered before the survey' })
  unregisteredCount!: number;

  @Property({ type: 'string', length: 2000 })
  @Field({ description: '调查情况 — findings' })
  findings!: string;

  @Property({ type: 'string', length: 2000, nullable: true })
  @Field(() => String, { nullable: true, description: '整改措施 — measures taken' })
  measures?: string | null;

  @Property({ type: 'string', length: 200 })
  recordedBy!: string;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'when it was recorded' })
  recordedAt!: Date;
}

/** 党建指导员 — sent by a county (or higher) committee to a base organization with many mobile members. */
@Entity({ tableName: 'party_building_instructor' })
@Index({ properties: ['assigningPath'] })
@Index({ properties: ['orgPath'] })
@ObjectType('PartyBuildingInstructor', {
  implements: Node,
  description:
    '党建指导员 — an instructor a county committee sends to a base organization with many mobile members',
})
export class PartyBuildingInstructor implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @ManyToOne(() => PartyOrganization, { ref: true })
  assigningOrganization!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 255 })
  assigningPath!: string;

  @ManyToOne(() => PartyOrganization, { ref: true })
  organization!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 255 })
  orgPath!: string;

  @Property({ type: 'string', length: 100 })
  @Field({ description: '姓名 — the instructor’s name' })
  name!: string;

  @Property({ type: 'string', length: 20 })
  phone!: string;

  @Property({ type: 'string', length: 200 })
  @Field({ description: '原单位及职务 — where the instructor comes from' })
  workUnit!: string;

  @Property({ type: 'string', length: 2000 })
  @Field({ description: '指导任务 — what the instructor is sent to do' })
  tasks!: string;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '派驻日期' })
  assignedOn!: string;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, { nullable: true, description: '计划结束日期 — if set' })
  plannedEndOn?: string | null;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, { nullable: true, description: '结束日期 — null while assigned' })
  endedOn?: string | null;

  @Property({ type: 'string', length: 2000, nullable: true })
  @Field(() => String, { nullable: true, description: '工作总结 — the note when the assignment ended' })
  endNote?: string | null;

  @Property({ type: 'integer' })
  @Field(() => Int, {
    description:
      '派驻时流动党员数 — the organization’s mobile members (active records out of it or into it, 6 months on) on assignedOn',
  })
  mobileMembersAtAssignment!: number;

  @Property({ type: 'string', length: 200 })
  recordedBy!: string;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'when it was recorded' })
  recordedAt!: Date;
}

/** 党务工作者培训 — one training of the base party workers who do mobile-member work. */
@Entity({ tableName: 'party_worker_training' })
@Index({ properties: ['orgPath'] })
@ObjectType('PartyWorkerTraining', {
  implements: Node,
  description: '党务工作者培训 — a training of base party workers in political capacity and policy',
})
export class PartyWorkerTraining implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @ManyToOne(() => PartyOrganization, { ref: true })
  organization!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 255 })
  orgPath!: string;

  @Property({ type: 'string', length: 200 })
  @Field({ description: '培训名称 — title' })
  title!: string;

  @Property({ type: 'string', length: 32 })
  @Field(() => TrainingFocus, { description: '培训内容 — what it built up' })
  focus!: TrainingFocus;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '开始日期' })
  startedOn!: string;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '结束日期' })
  endedOn!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: '学时 — class hours' })
  hours!: number;

  @Property({ type: 'boolean' })
  @Field({ description: '线上 — held online' })
  online!: boolean;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: '参训人数 — number of trainees' })
  traineeCount!: number;

  /** one trainee per line */
  @Property({ type: 'text' })
  traineeList!: string;

  @Property({ type: 'string', length: 200 })
  recordedBy!: string;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'when it was recorded' })
  recordedAt!: Date;
}
