import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { DateScalar } from '../../common/scalars';

export enum LeaderRole {
  SECRETARY = 'SECRETARY',
  DEPUTY_SECRETARY = 'DEPUTY_SECRETARY',
  COMMITTEE_MEMBER = 'COMMITTEE_MEMBER',
}
registerEnumType(LeaderRole, {
  name: 'LeaderRole',
  description: '负责人职务 — the post of a leader of a mobile-member party organization',
  valuesConfig: {
    SECRETARY: { description: '书记 — the secretary; one at a time' },
    DEPUTY_SECRETARY: { description: '副书记 — a deputy secretary' },
    COMMITTEE_MEMBER: { description: '委员 — a committee member' },
  },
});

export enum LeaderEndReason {
  TERM_ENDED = 'TERM_ENDED',
  RESIGNED = 'RESIGNED',
  REMOVED = 'REMOVED',
  MOVED_AWAY = 'MOVED_AWAY',
}
registerEnumType(LeaderEndReason, {
  name: 'LeaderEndReason',
  description: '离任原因 — why a leader’s term ended',
  valuesConfig: {
    TERM_ENDED: { description: '任期届满 — the term ran out' },
    RESIGNED: { description: '辞职 — resigned' },
    REMOVED: { description: '免职 — removed' },
    MOVED_AWAY: { description: '离开流入地 — left the area' },
  },
});

export enum TrainingFocus {
  POLITICAL_CAPACITY = 'POLITICAL_CAPACITY',
  POLICY_BUSINESS = 'POLICY_BUSINESS',
  BOTH = 'BOTH',
}
registerEnumType(TrainingFocus, {
  name: 'TrainingFocus',
  description: '培训内容 — what a party workers’ training built up',
  valuesConfig: {
    POLITICAL_CAPACITY: { description: '政治能力 — political capacity' },
    POLICY_BUSINESS: { description: '政策业务 — policy and the work itself' },
    BOTH: { description: '政治能力和政策业务 — both' },
  },
});

@InputType('AppointMobileOrgLeaderInput', {
  description: '选优配强负责人 — the organization above a mobile-member party organization appoints a leader',
})
export class AppointMobileOrgLeaderInput {
  @Field(() => ID, { description: '流动党员党组织 — the mobile-member party organization' })
  organizationId!: string;

  @Field(() => ID, {
    description:
      '党员 — a full member reported to the organization, or a member sent by the side that set it up (its parent’s subtree)',
  })
  memberId!: string;

  @Field(() => LeaderRole, { description: '职务 — secretary, deputy secretary or committee member' })
  role!: LeaderRole;

  @Field(() => DateScalar, { description: '任职日期 — the term starts; not in the future' })
  termStartsOn!: string;
}

@InputType('EndMobileOrgLeaderInput', { description: '离任 — a leader’s term ends' })
export class EndMobileOrgLeaderInput {
  @Field(() => ID, { description: 'the current leader record' })
  leaderId!: string;

  @Field(() => DateScalar, { description: '离任日期 — not before the term started, not in the future' })
  endedOn!: string;

  @Field(() => LeaderEndReason, { description: '离任原因 — why' })
  reason!: LeaderEndReason;
}

@InputType('RecordMobileMemberSurveyInput', {
  description: '调查摸底 — what an organization found when it surveyed the mobile members of an area',
})
export class RecordMobileMemberSurveyInput {
  @Field(() => ID, { description: '开展调查的党组织 — an organization in your scope' })
  organizationId!: string;

  @Field({ description: '调查地区 — 6-digit administrative division code of the area surveyed' })
  regionCode!: string;

  @Field(() => DateScalar, { description: '开始日期 — not after completedOn' })
  startedOn!: string;

  @Field(() => DateScalar, { description: '完成日期 — not in the future' })
  completedOn!: string;

  @Field(() => Int, { description: '摸排流动党员数 — mobile members found' })
  foundCount!: number;

  @Field(() => Int, { description: '其中已报到 — of them, reported to an inflow organization' })
  reportedCount!: number;

  @Field(() => Int, { description: '其中失联 — of them, out of contact' })
  lostContactCount!: number;

  @Field(() => Int, { description: '其中未登记 — of them, not registered before the survey' })
  unregisteredCount!: number;

  @Field({ description: '调查情况 — findings' })
  findings!: string;

  @Field(() => String, { nullable: true, description: '整改措施 — measures taken' })
  measures?: string | null;
}

@InputType('AssignPartyBuildingInstructorInput', {
  description: '选派党建指导员 — a county (or higher) committee sends an instructor to a base organization',
})
export class AssignPartyBuildingInstructorInput {
  @Field(() => ID, { description: '选派党委 — a party committee at county level or above, in your scope' })
  assigningOrganizationId!: string;

  @Field(() => ID, { description: '派驻的基层党组织 — an organization below the assigning committee' })
  organizationId!: string;

  @Field({ description: '姓名 — the instructor’s name' })
  name!: string;

  @Field({ description: '联系电话 — 11-digit mobile number (masked outside the two organizations)' })
  phone!: string;

  @Field({ description: '原单位及职务 — where the instructor comes from' })
  workUnit!: string;

  @Field({ description: '指导任务 — what the instructor is sent to do' })
  tasks!: string;

  @Field(() => DateScalar, { description: '派驻日期 — not in the future' })
  assignedOn!: string;

  @Field(() => DateScalar, { nullable: true, description: '计划结束日期 — after assignedOn' })
  plannedEndOn?: string | null;
}

@InputType('EndPartyBuildingInstructorInput', { description: '结束派驻 — an instructor’s assignment ends' })
export class EndPartyBuildingInstructorInput {
  @Field(() => ID, { description: 'the current assignment' })
  instructorId!: string;

  @Field(() => DateScalar, { description: '结束日期 — not before assignedOn, not in the future' })
  endedOn!: string;

  @Field(() => String, { nullable: true, description: '工作总结 — a note on the work done' })
  note?: string | null;
}

@InputType('RecordPartyWorkerTrainingInput', {
  description: '党务工作者培训 — a training of base party workers who do mobile-member work',
})
export class RecordPartyWorkerTrainingInput {
  @Field(() => ID, { description: '举办党组织 — an organization in your scope' })
  organizationId!: string;

  @Field({ description: '培训名称 — title' })
  title!: string;

  @Field(() => TrainingFocus, { description: '培训内容 — political capacity, policy and business, or both' })
  focus!: TrainingFocus;

  @Field(() => DateScalar, { description: '开始日期' })
  startedOn!: string;

  @Field(() => DateScalar, { description: '结束日期 — not before startedOn, not in the future' })
  endedOn!: string;

  @Field(() => Int, { description: '学时 — class hours, 1 to 200' })
  hours!: number;

  @Field({ description: '线上 — true when held online' })
  online!: boolean;

  @Field(() => [String], {
    description: '参训人员 — the trainees, as 姓名（单位职务）; 1 to 500, no repeats',
  })
  trainees!: string[];
}

@InputType('WorkforceFilter', {
  description: '筛选 — which leaders, surveys, instructors or trainings to list',
})
export class WorkforceFilter {
  @Field(() => ID, { nullable: true, description: 'of this organization or one below it' })
  withinId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only current leaders or instructors' })
  currentOnly?: boolean | null;
}
