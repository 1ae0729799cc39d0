import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../common/scalars';

export enum MobilityReason {
  WORK = 'WORK',
  STUDY = 'STUDY',
  RESIDENCE = 'RESIDENCE',
}
registerEnumType(MobilityReason, {
  name: 'MobilityReason',
  description: '外出原因 — why a member left: a change of work unit, study unit or residence',
  valuesConfig: {
    WORK: { description: '工作单位变化 — work unit changed' },
    STUDY: { description: '学习单位变化 — study unit changed' },
    RESIDENCE: { description: '居住地变化 — residence changed' },
  },
});

export enum InclusionPath {
  UNIT_ORGANIZATION = 'UNIT_ORGANIZATION',
  COMMUNITY_ORGANIZATION = 'COMMUNITY_ORGANIZATION',
  MOBILE_PARTY_ORGANIZATION = 'MOBILE_PARTY_ORGANIZATION',
  SECTOR_ORGANIZATION = 'SECTOR_ORGANIZATION',
}
registerEnumType(InclusionPath, {
  name: 'InclusionPath',
  description: '纳入方式 — how an inflow organization takes a mobile member in',
  valuesConfig: {
    UNIT_ORGANIZATION: { description: '流入单位党组织 — the party organization of the member’s new unit' },
    COMMUNITY_ORGANIZATION: { description: '流入地社区（村）党组织 — the community or village organization' },
    MOBILE_PARTY_ORGANIZATION: { description: '流动党员党组织 — a mobile-member party organization' },
    SECTOR_ORGANIZATION: { description: '行业或园区党组织 — a sector or industrial-park organization' },
  },
});

export enum MobilityStatus {
  REGISTERED = 'REGISTERED',
  REPORTED = 'REPORTED',
  ENDED = 'ENDED',
}
registerEnumType(MobilityStatus, {
  name: 'MobilityStatus',
  description: '流动状态 — where a mobility record stands: registered, reported, ended',
  valuesConfig: {
    REGISTERED: { description: '流出登记, not yet reported to an inflow organization' },
    REPORTED: { description: '已向流入地（单位）党组织报到 — reported to an inflow organization' },
    ENDED: { description: 'ended: returned, transferred, or otherwise closed' },
  },
});

export enum MobilityEndReason {
  RETURNED = 'RETURNED',
  TRANSFERRED = 'TRANSFERRED',
  OTHER = 'OTHER',
}
registerEnumType(MobilityEndReason, {
  name: 'MobilityEndReason',
  description: '结束原因 — why a mobility record ended',
  valuesConfig: {
    RETURNED: { description: '返回 — the member returned' },
    TRANSFERRED: { description: '组织关系已转接 — the formal relationship was transferred' },
    OTHER: { description: '其他 — any other reason' },
  },
});

export enum MobilityDirection {
  OUTFLOW = 'OUTFLOW',
  INFLOW = 'INFLOW',
  ANY = 'ANY',
}
registerEnumType(MobilityDirection, {
  name: 'MobilityDirection',
  description: '流向 — which side of a mobility record a filter looks at',
  valuesConfig: {
    OUTFLOW: { description: '流出 — by the outflow (formal) organization' },
    INFLOW: { description: '流入 — by the inflow organization' },
    ANY: { description: 'either side (the default)' },
  },
});

export enum ContactSide {
  OUTFLOW = 'OUTFLOW',
  INFLOW = 'INFLOW',
}
registerEnumType(ContactSide, {
  name: 'ContactSide',
  description: '联系方 — which organization’s named contact person',
  valuesConfig: {
    OUTFLOW: { description: '流出地（单位）党组织 — the outflow organization’s contact (duty OUTFLOW_2)' },
    INFLOW: { description: '流入地（单位）党组织 — the inflow organization’s contact (duty INFLOW_2)' },
  },
});

@ObjectType('ContactPerson', { description: '联系人 — the named person who keeps in touch with the member' })
export class ContactPerson {
  @Field({ description: '联系人 — name of the contact person' })
  name!: string;

  @Field({ description: 'masked like the member’s own phone for viewers who may not reach the member' })
  phone!: string;

  @Field(() => DateTimeScalar, { description: 'when the contact was assigned' })
  assignedAt!: Date;
}

@InputType('MobilityFilter', {
  description: '流动党员登记筛选 — which mobility records to list; all given conditions apply',
})
export class MobilityFilter {
  @Field(() => ID, {
    nullable: true,
    description: 'records whose outflow or inflow organization (per direction) is this one or below it',
  })
  withinId?: string | null;

  @Field(() => MobilityDirection, { nullable: true, description: 'default ANY' })
  direction?: MobilityDirection | null;

  @Field(() => [MobilityStatus], { nullable: true, description: 'any of these states; default all' })
  status?: MobilityStatus[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only those meeting the 6-month definition; false: only those not yet',
  })
  mobileOnly?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'leading 1 to 6 digits of the destination region code (流向地), e.g. 44',
  })
  destinationRegionCodePrefix?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'still REGISTERED (not reported to an inflow organization) more than N days after departedOn; not negative',
  })
  unreportedForDays?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: only active records that have lost contact (失联: no contact for LOST_CONTACT_DAYS days)',
  })
  lostContactOnly?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      '应转尽转 — true: only active records reported to one inflow organization for TRANSFER_SUGGEST_MONTHS (12) months or more, whose relationship should transfer',
  })
  shouldTransferOnly?: boolean | null;
}

@InputType('RegisterOutflowInput', {
  description: '流出登记 — registration of a member’s outflow by its formal organization',
})
export class RegisterOutflowInput {
  @Field(() => ID, { description: 'the member leaving' })
  memberId!: string;

  @Field(() => DateScalar, { description: '外出日期; not in the future' })
  departedOn!: string;

  @Field(() => MobilityReason, { description: '外出原因 — reason for leaving' })
  reason!: MobilityReason;

  @Field({ description: '6-digit code of the destination (流向地)' })
  destinationRegionCode!: string;

  @Field(() => String, { nullable: true, description: '流向地址 — address at the destination' })
  destinationAddress?: string | null;

  @Field(() => String, { nullable: true, description: '流入单位 — work or study unit at the destination' })
  destinationUnit?: string | null;

  @Field({ description: '外出前向党组织报告 (duty MEMBER_1)' })
  reportedBeforeLeaving!: boolean;
}

@InputType('UpdateMobilityInput', {
  description:
    '外出情况变化报告 — a change of destination reported (duty MEMBER_4); omitted fields stay as they are',
})
export class UpdateMobilityInput {
  @Field(() => ID, { description: 'the active mobility record' })
  mobilityRecordId!: string;

  @Field(() => String, { nullable: true, description: 'new 6-digit destination region code (流向地)' })
  destinationRegionCode?: string | null;

  @Field(() => String, { nullable: true, description: 'new address at the destination' })
  destinationAddress?: string | null;

  @Field(() => String, { nullable: true, description: 'new unit at the destination' })
  destinationUnit?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'a note on the change; a note alone is a valid report',
  })
  note?: string | null;
}

@InputType('ReportToInflowInput', {
  description: '流入报到 — a mobile member’s report to an inflow organization',
})
export class ReportToInflowInput {
  @Field(() => ID, { description: 'the active mobility record' })
  mobilityRecordId!: string;

  @Field(() => ID, {
    description: '流入地（单位）党组织 — the inflow organization; not the outflow organization',
  })
  inflowOrganizationId!: string;

  @Field(() => InclusionPath, {
    description:
      '纳入方式 — how the member is taken in; MOBILE_PARTY_ORGANIZATION needs a mobile-member party organization',
  })
  inclusionPath!: InclusionPath;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: '报到时间 — default now; not before departedOn, not in the future',
  })
  reportedAt?: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      '跨区域接收说明 — the inflow organization must lie in the destination’s region (same code, or within a city/province destination, or the city of a county destination): BAD_USER_INPUT otherwise, unless an administrator of the inflow organization gives this reason, which is recorded (FORBIDDEN for anyone else)',
  })
  regionOverrideReason?: string | null;
}

@InputType('AssignContactInput', {
  description: '确定专人联系 — naming the person who keeps in touch with a mobile member',
})
export class AssignContactInput {
  @Field(() => ID, { description: 'the active mobility record' })
  mobilityRecordId!: string;

  @Field(() => ContactSide, { description: 'the side the contact speaks for; the caller must administer it' })
  side!: ContactSide;

  @Field({ description: '联系人 — name of the contact person' })
  name!: string;

  @Field({ description: '联系电话 — phone of the contact person' })
  phone!: string;
}

@InputType('EndMobilityInput', {
  description: '结束流动 — the outflow organization closes a mobility record',
})
export class EndMobilityInput {
  @Field(() => ID, { description: 'the active mobility record' })
  mobilityRecordId!: string;

  @Field(() => DateScalar, {
    description: 'the day it ended; not in the future, not before the registration',
  })
  endedOn!: string;

  @Field(() => MobilityEndReason, { description: '结束原因 — why it ended' })
  reason!: MobilityEndReason;
}
