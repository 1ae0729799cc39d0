import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../common/scalars';

export enum MobilityReason {
  WORK = 'WORK',
  STUDY = 'STUDY',
  RESIDENCE = 'RESIDENCE',
}
registerEnumType(MobilityReason, {
  name: 'MobilityReason',
  valuesConfig: {
    WORK: { description: '工作单位变化' },
    STUDY: { description: '学习单位变化' },
    RESIDENCE: { description: '居住地变化' },
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
    UNIT_ORGANIZATION: { description: '流入单位党组织' },
    COMMUNITY_ORGANIZATION: { description: '流入地社区（村）党组织' },
    MOBILE_PARTY_ORGANIZATION: { description: '流动党员党组织' },
    SECTOR_ORGANIZATION: { description: '行业或园区党组织' },
  },
});

export enum MobilityStatus {
  REGISTERED = 'REGISTERED',
  REPORTED = 'REPORTED',
  ENDED = 'ENDED',
}
registerEnumType(MobilityStatus, {
  name: 'MobilityStatus',
  valuesConfig: {
    REGISTERED: { description: '流出登记, not yet reported to an inflow organization' },
    REPORTED: { description: '已向流入地（单位）党组织报到' },
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
  valuesConfig: {
    RETURNED: { description: '返回' },
    TRANSFERRED: { description: '组织关系已转接' },
    OTHER: { description: '其他' },
  },
});

export enum MobilityDirection {
  OUTFLOW = 'OUTFLOW',
  INFLOW = 'INFLOW',
  ANY = 'ANY',
}
registerEnumType(MobilityDirection, { name: 'MobilityDirection' });

export enum ContactSide {
  OUTFLOW = 'OUTFLOW',
  INFLOW = 'INFLOW',
}
registerEnumType(ContactSide, { name: 'ContactSide' });

@ObjectType('ContactPerson', { description: '联系人 — the named person who keeps in touch with the member' })
export class ContactPerson {
  @Field()
  name!: string;

  @Field({ description: 'masked like the member’s own phone for viewers who may not reach the member' })
  phone!: string;

  @Field(() => DateTimeScalar)
  assignedAt!: Date;
}

@InputType('MobilityFilter')
export class MobilityFilter {
  @Field(() => ID, {
    nullable: true,
    description: 'records whose outflow or inflow organization (per direction) is this one or below it',
  })
  withinId?: string | null;

  @Field(() => MobilityDirection, { nullable: true, description: 'default ANY' })
  direction?: MobilityDirection | null;

  @Field(() => [MobilityStatus], { nullable: true })
  status?: MobilityStatus[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only those meeting the 6-month definition; false: only those not yet',
  })
  mobileOnly?: boolean | null;

  @Field(() => String, { nullable: true })
  destinationRegionCodePrefix?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'not reported to an inflow organization more than N days after departedOn',
  })
  unreportedForDays?: number | null;

  @Field(() => Boolean, { nullable: true })
  lostContactOnly?: boolean | null;
}

@InputType('RegisterOutflowInput')
export class RegisterOutflowInput {
  @Field(() => ID)
  memberId!: string;

  @Field(() => DateScalar, { description: '外出日期; not in the future' })
  departedOn!: string;

  @Field(() => MobilityReason)
  reason!: MobilityReason;

  @Field({ description: '6-digit code of the destination (流向地)' })
  destinationRegionCode!: string;

  @Field(() => String, { nullable: true })
  destinationAddress?: string | null;

  @Field(() => String, { nullable: true })
  destinationUnit?: string | null;

  @Field({ description: '外出前向党组织报告 (duty MEMBER_1)' })
  reportedBeforeLeaving!: boolean;
}

@InputType('UpdateMobilityInput')
export class UpdateMobilityInput {
  @Field(() => ID)
  mobilityRecordId!: string;

  @Field(() => String, { nullable: true })
  destinationRegionCode?: string | null;

  @Field(() => String, { nullable: true })
  destinationAddress?: string | null;

  @Field(() => String, { nullable: true })
  destinationUnit?: string | null;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

@InputType('ReportToInflowInput')
export class ReportToInflowInput {
  @Field(() => ID)
  mobilityRecordId!: string;

  @Field(() => ID)
  inflowOrganizationId!: string;

  @Field(() => InclusionPath)
  inclusionPath!: InclusionPath;

  @Field(() => DateTimeScalar, { nullable: true, description: 'default now; not before departedOn' })
  reportedAt?: Date | null;
}

@InputType('AssignContactInput')
export class AssignContactInput {
  @Field(() => ID)
  mobilityRecordId!: string;

  @Field(() => ContactSide)
  side!: ContactSide;

  @Field()
  name!: string;

  @Field()
  phone!: string;
}

@InputType('EndMobilityInput')
export class EndMobilityInput {
  @Field(() => ID)
  mobilityRecordId!: string;

  @Field(() => DateScalar)
  endedOn!: string;

  @Field(() => MobilityEndReason)
  reason!: MobilityEndReason;
}
