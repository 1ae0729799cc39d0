import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import { Node } from '../../common/node';
import { DateScalar, DateTimeScalar } from '../../common/scalars';
import { PartyMember } from '../member/member.entity';
import { Gender } from '../member/member.types';
import { PartyOrganization } from '../organization/organization.entity';
import { ActivistMethod, ApplicantStatus, ApplicantTrainingKind, HandoverStatus } from './recruitment.types';

/**
 * 入党申请人 / 入党积极分子 received by a mobile-member organization (DOMAIN.md §2.6a). Not a member: `idNumber` and
 * `phone` are personal data the resolver masks (party.policy.ts). `holderPath` copies the holding organization's
 * path and `pendingToPath` the receiving one's during a handover, so scope filters need no join. `liveKey` is the
 * idNumber while the application is live, so one person has one live application.
 */
@Entity({ tableName: 'membership_applicant' })
@Index({ properties: ['holderPath', 'status'] })
@ObjectType('MembershipApplicant', {
  implements: Node,
  description: '入党申请人 — a mobile worker who applied for membership at a mobile-member organization',
})
export class MembershipApplicant implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @Property({ type: 'string', length: 100 })
  @Field({ description: '姓名 — name' })
  name!: string;

  @Property({ type: 'string', length: 32 })
  @Field(() => Gender, { description: '性别 — gender' })
  gender!: Gender;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '出生日期 — birth date' })
  birthDate!: string;

  @Property({ type: 'string', length: 18 })
  idNumber!: string;

  @Property({ type: 'string', length: 18, nullable: true, unique: true })
  liveKey?: string | null;

  @Property({ type: 'string', length: 20, nullable: true })
  phone?: string | null;

  @Property({ type: 'string', length: 6 })
  @Field({ description: '户籍所在地 — 6-digit administrative division code of the household registration' })
  homeRegionCode!: string;

  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: '工作单位或居住地 — where the applicant works or lives',
  })
  workUnit?: string | null;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '入党申请书落款日期 — the date on the letter' })
  appliedOn!: string;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '收到日期 — the day the organization received the letter' })
  receivedOn!: string;

  /** the mobile-member organization that received the letter (never changes) */
  @ManyToOne(() => PartyOrganization, { ref: true })
  receivingOrganization!: Ref<PartyOrganization>;

  /** the organization training the applicant now (moves on an accepted handover) */
  @ManyToOne(() => PartyOrganization, { ref: true })
  holder!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 255 })
  holderPath!: string;

  @Property({ type: 'string', length: 32 })
  @Field(() => ApplicantStatus, { description: '状态 — APPLIED, ACTIVIST, HANDOVER_PENDING or CLOSED' })
  status!: ApplicantStatus;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, {
    nullable: true,
    description: '谈话日期 — the first talk with the applicant; null until then',
  })
  talkedOn?: string | null;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, {
    nullable: true,
    description: '确定为入党积极分子日期 — null while only an applicant',
  })
  activistSince?: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  @Field(() => ActivistMethod, {
    nullable: true,
    description: '积极分子产生方式 — null while only an applicant',
  })
  activistMethod?: ActivistMethod | null;

  @ManyToOne(() => PartyMember, { ref: true, nullable: true })
  firstContact?: Ref<PartyMember> | null;

  @ManyToOne(() => PartyMember, { ref: true, nullable: true })
  secondContact?: Ref<PartyMember> | null;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, { nullable: true, description: '最近一次考察日期 — the latest ASSESSMENT record' })
  lastAssessmentOn?: string | null;

  /** during HANDOVER_PENDING: the receiving organization */
  @ManyToOne(() => PartyOrganization, { ref: true, nullable: true })
  pendingTo?: Ref<PartyOrganization> | null;

  @Property({ type: 'string', length: 255, nullable: true })
  pendingToPath?: string | null;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, { nullable: true, description: '终止日期 — CLOSED only' })
  closedOn?: string | null;

  @Property({ type: 'string', length: 1000, nullable: true })
  @Field(() => String, { nullable: true, description: '终止原因 — CLOSED only' })
  closeReason?: string | null;

  @Property({ type: 'string', length: 200 })
  recordedBy!: string;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'when the application was recorded' })
  createdAt!: Date;
}

/** 培养教育考察记录 — one talk, training, assessment, thought report or activity; never changed once recorded. */
@Entity({ tableName: 'applicant_training_record' })
@ObjectType('ApplicantTrainingRecord', {
  description: '培养教育考察记录 — a talk, training, assessment, thought report or activity of an applicant',
})
export class ApplicantTrainingRecord {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID' })
  id: string = newId();

  @ManyToOne(() => MembershipApplicant, { ref: true, index: true })
  applicant!: Ref<MembershipApplicant>;

  /** the holding organization when it was recorded */
  @ManyToOne(() => PartyOrganization, { ref: true })
  organization!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 32 })
  @Field(() => ApplicantTrainingKind, { description: '类别 — what was done' })
  kind!: ApplicantTrainingKind;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '日期 — the day' })
  heldOn!: string;

  @Property({ type: 'string', length: 2000 })
  @Field({ description: '内容 — what was done or found' })
  content!: string;

  @ManyToOne(() => PartyMember, { ref: true, nullable: true })
  contact?: Ref<PartyMember> | null;

  @Property({ type: 'string', length: 200 })
  recordedBy!: string;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'when it was recorded' })
  recordedAt!: Date;
}

/** 移交 — an applicant and its record handed from one organization to another; decided by the receiver. */
@Entity({ tableName: 'applicant_handover' })
@Index({ properties: ['fromPath'] })
@Index({ properties: ['toPath'] })
@ObjectType('ApplicantHandover', {
  implements: Node,
  description:
    '入党申请人移交 — an applicant handed over, with its record, to the organization that will take it in',
})
export class ApplicantHandover implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @ManyToOne(() => MembershipApplicant, { ref: true, index: true })
  applicant!: Ref<MembershipApplicant>;

  @ManyToOne(() => PartyOrganization, { ref: true })
  fromOrganization!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 255 })
  fromPath!: string;

  @ManyToOne(() => PartyOrganization, { ref: true })
  toOrganization!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 255 })
  toPath!: string;

  @Property({ type: 'string', length: 32 })
  @Field(() => ApplicantStatus, { description: '移交时所处阶段 — APPLIED or ACTIVIST when handed over' })
  stage!: ApplicantStatus;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '移交日期 — the day it was handed over' })
  requestedOn!: string;

  @Property({ type: 'string', length: 1000 })
  @Field({ description: '移交原因 — why' })
  reason!: string;

  @Property({ type: 'string', length: 32 })
  @Field(() => HandoverStatus, { description: '状态 — PENDING, ACCEPTED or DECLINED' })
  status!: HandoverStatus;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, { nullable: true, description: '接收或退回日期 — null while pending' })
  decidedOn?: string | null;

  @Property({ type: 'string', length: 1000, nullable: true })
  @Field(() => String, { nullable: true, description: '说明 — the receiver’s note (required when declined)' })
  decisionNote?: string | null;

  @Property({ type: 'string', length: 200 })
  requestedBy!: string;

  @Property({ type: 'string', length: 200, nullable: true })
  decidedBy?: string | null;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'when the handover was recorded' })
  requestedAt!: Date;
}
