import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { DateScalar } from '../../common/scalars';
import { Gender } from '../member/member.types';

/**
 * Where an applicant stands (DOMAIN.md §2.6a): APPLIED → ACTIVIST; either → HANDOVER_PENDING → back to its stage at
 * the receiving organization (accepted) or at the sending one (declined); APPLIED / ACTIVIST → CLOSED.
 */
export enum ApplicantStatus {
  APPLIED = 'APPLIED',
  ACTIVIST = 'ACTIVIST',
  HANDOVER_PENDING = 'HANDOVER_PENDING',
  CLOSED = 'CLOSED',
}
registerEnumType(ApplicantStatus, {
  name: 'ApplicantStatus',
  description: '入党申请人状态 — where a membership applicant stands',
  valuesConfig: {
    APPLIED: { description: '入党申请人 — the application was received' },
    ACTIVIST: { description: '入党积极分子 — made an activist, with training contacts' },
    HANDOVER_PENDING: {
      description: '移交待接收 — handed over, waiting for the receiving organization; the record is frozen',
    },
    CLOSED: { description: '终止 — withdrawn or no longer pursued, with a reason' },
  },
});

export enum ActivistMethod {
  MEMBER_RECOMMENDATION = 'MEMBER_RECOMMENDATION',
  MASS_ORGANIZATION_RECOMMENDATION = 'MASS_ORGANIZATION_RECOMMENDATION',
}
registerEnumType(ActivistMethod, {
  name: 'ActivistMethod',
  description: '入党积极分子产生方式 — how the activist was put forward',
  valuesConfig: {
    MEMBER_RECOMMENDATION: { description: '党员推荐 — recommended by party members' },
    MASS_ORGANIZATION_RECOMMENDATION: {
      description: '群团组织推优 — recommended by a mass organization (共青团, 工会, 妇联)',
    },
  },
});

export enum ApplicantTrainingKind {
  TALK = 'TALK',
  TRAINING = 'TRAINING',
  ASSESSMENT = 'ASSESSMENT',
  THOUGHT_REPORT = 'THOUGHT_REPORT',
  ACTIVITY = 'ACTIVITY',
}
registerEnumType(ApplicantTrainingKind, {
  name: 'ApplicantTrainingKind',
  description: '培养教育考察记录类别 — what a training and education record is',
  valuesConfig: {
    TALK: {
      description: '谈话 — the talk with the applicant, due within a month of receiving the application',
    },
    TRAINING: { description: '培训 — a training course or lecture (activists only)' },
    ASSESSMENT: { description: '考察 — the half-yearly assessment of an activist (每半年考察一次)' },
    THOUGHT_REPORT: { description: '思想汇报 — a thought report received from the activist' },
    ACTIVITY: { description: '参加活动 — taking part in an activity of the organization (activists only)' },
  },
});

export enum HandoverStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
}
registerEnumType(HandoverStatus, {
  name: 'HandoverStatus',
  description: '移交状态 — where a handover of an applicant stands',
  valuesConfig: {
    PENDING: { description: '待接收 — requested, not yet decided by the receiving organization' },
    ACCEPTED: { description: '已接收 — the receiving organization took the applicant and its record over' },
    DECLINED: { description: '退回 — the receiving organization declined, with a reason' },
  },
});

@InputType('ReceiveApplicationInput', {
  description: '接收入党申请书 — a mobile-member organization receives a mobile worker’s application',
})
export class ReceiveApplicationInput {
  @Field(() => ID, {
    description: '接收的党组织 — a mobile-member party organization (or one below it) in your scope',
  })
  organizationId!: string;

  @Field({ description: '姓名 — name' })
  name!: string;

  @Field(() => Gender, { description: '性别 — gender' })
  gender!: Gender;

  @Field(() => DateScalar, {
    description: '出生日期 — birth date; must agree with the idNumber; 18 or older',
  })
  birthDate!: string;

  @Field({ description: '身份证号 — 18-character identity number with a valid check digit' })
  idNumber!: string;

  @Field(() => String, { nullable: true, description: '联系电话 — 11-digit mobile number' })
  phone?: string | null;

  @Field({ description: '户籍所在地 — 6-digit administrative division code of the household registration' })
  homeRegionCode!: string;

  @Field(() => String, {
    nullable: true,
    description: '工作单位或居住地 — where the applicant works or lives',
  })
  workUnit?: string | null;

  @Field(() => DateScalar, {
    description: '入党申请书落款日期 — the date on the letter; not after receivedOn',
  })
  appliedOn!: string;

  @Field(() => DateScalar, { nullable: true, description: '收到日期 — default today; not in the future' })
  receivedOn?: string | null;
}

@InputType('DesignateActivistInput', {
  description: '确定入党积极分子 — the holding organization makes an applicant an activist',
})
export class DesignateActivistInput {
  @Field(() => ID, { description: 'the applicant (APPLIED)' })
  applicantId!: string;

  @Field(() => DateScalar, {
    description: '确定日期 — the committee meeting; not before receivedOn, not in the future',
  })
  designatedOn!: string;

  @Field(() => ActivistMethod, { description: '产生方式 — member or mass-organization recommendation' })
  method!: ActivistMethod;

  @Field(() => [ID], {
    description:
      '培养联系人 — one or two full members of the holding organization (formally, or reported to it as inflow members)',
  })
  contactMemberIds!: string[];
}

@InputType('AssignTrainingContactsInput', {
  description: '调整培养联系人 — replace an activist’s training contacts',
})
export class AssignTrainingContactsInput {
  @Field(() => ID, { description: 'the activist' })
  applicantId!: string;

  @Field(() => [ID], { description: '培养联系人 — one or two full members, as for designateActivist' })
  contactMemberIds!: string[];
}

@InputType('RecordApplicantTrainingInput', {
  description: '培养教育考察记录 — a talk, training, assessment, thought report or activity',
})
export class RecordApplicantTrainingInput {
  @Field(() => ID, { description: 'the applicant or activist' })
  applicantId!: string;

  @Field(() => ApplicantTrainingKind, { description: '类别 — TALK for anyone; the rest for activists' })
  kind!: ApplicantTrainingKind;

  @Field(() => DateScalar, {
    description: '日期 — not before the application was received, not in the future',
  })
  heldOn!: string;

  @Field({ description: '内容 — what was done or found' })
  content!: string;

  @Field(() => ID, {
    nullable: true,
    description: '培养联系人 — one of the applicant’s current contacts, if it was theirs',
  })
  contactMemberId?: string | null;
}

@InputType('RequestApplicantHandoverInput', {
  description: '移交 — hand an applicant and its record over to the organization that will take it in',
})
export class RequestApplicantHandoverInput {
  @Field(() => ID, { description: 'the applicant (APPLIED or ACTIVIST)' })
  applicantId!: string;

  @Field(() => ID, {
    description: '接收党支部 — a party branch (党支部) other than the holding organization',
  })
  toOrganizationId!: string;

  @Field({ description: '移交原因 — why (e.g. returned to the home county)' })
  reason!: string;

  @Field(() => DateScalar, { nullable: true, description: '移交日期 — default today; not in the future' })
  requestedOn?: string | null;
}

@InputType('DecideApplicantHandoverInput', {
  description: '接收或退回 — the receiving organization accepts or declines a handover',
})
export class DecideApplicantHandoverInput {
  @Field(() => ID, { description: 'the pending handover' })
  handoverId!: string;

  @Field({ description: 'true: 接收 (ACCEPTED); false: 退回 (DECLINED, note required)' })
  accept!: boolean;

  @Field(() => String, { nullable: true, description: '说明 — required when declining' })
  note?: string | null;

  @Field(() => DateScalar, { nullable: true, description: '日期 — default today; not before the request' })
  decidedOn?: string | null;
}

@InputType('CloseApplicationInput', {
  description: '终止 — the applicant withdrew, or the organization no longer pursues the application',
})
export class CloseApplicationInput {
  @Field(() => ID, { description: 'the applicant (APPLIED or ACTIVIST)' })
  applicantId!: string;

  @Field(() => DateScalar, { description: '日期 — not before receivedOn, not in the future' })
  closedOn!: string;

  @Field({ description: '原因 — why (required)' })
  reason!: string;
}

@InputType('ApplicantFilter', { description: '入党申请人筛选 — which applicants to list' })
export class ApplicantFilter {
  @Field(() => ID, { nullable: true, description: 'held by this organization or one below it' })
  withinId?: string | null;

  @Field(() => ApplicantStatus, { nullable: true, description: 'only this status' })
  status?: ApplicantStatus | null;
}
