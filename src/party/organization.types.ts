import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { DateScalar } from '../common/scalars';

export enum OrganizationType {
  COMMITTEE = 'COMMITTEE',
  WORKING_COMMITTEE = 'WORKING_COMMITTEE',
  GENERAL_BRANCH = 'GENERAL_BRANCH',
  BRANCH = 'BRANCH',
}
registerEnumType(OrganizationType, {
  name: 'OrganizationType',
  valuesConfig: {
    COMMITTEE: { description: '党委' },
    WORKING_COMMITTEE: { description: '党工委' },
    GENERAL_BRANCH: { description: '党总支' },
    BRANCH: { description: '党支部' },
  },
});

/** From the top down; the order matters (a child is never at a higher level than its parent). */
export enum AdministrativeLevel {
  CENTRAL = 'CENTRAL',
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
  TOWNSHIP = 'TOWNSHIP',
  VILLAGE = 'VILLAGE',
  UNIT = 'UNIT',
}
registerEnumType(AdministrativeLevel, {
  name: 'AdministrativeLevel',
  valuesConfig: {
    CENTRAL: { description: '中央' },
    PROVINCE: { description: '省级' },
    CITY: { description: '市级' },
    COUNTY: { description: '县级' },
    TOWNSHIP: { description: '乡镇（街道）' },
    VILLAGE: { description: '村（社区）' },
    UNIT: { description: '单位' },
  },
});

export enum MobileOrgBasis {
  OUTFLOW_BASED = 'OUTFLOW_BASED',
  INFLOW_BASED = 'INFLOW_BASED',
}
registerEnumType(MobileOrgBasis, {
  name: 'MobileOrgBasis',
  valuesConfig: {
    OUTFLOW_BASED: { description: '流出地党组织在流入地建立' },
    INFLOW_BASED: { description: '流入地党组织建立' },
  },
});

@InputType('OrganizationFilter')
export class OrganizationFilter {
  @Field(() => ID, { nullable: true, description: 'the organization and everything below it' })
  withinId?: string | null;

  @Field(() => OrganizationType, { nullable: true })
  type?: OrganizationType | null;

  @Field(() => String, {
    nullable: true,
    description: 'leading digits of the 6-digit region code, e.g. 6301',
  })
  regionCodePrefix?: string | null;

  @Field(() => String, { nullable: true, description: 'part of the name, case-insensitive' })
  nameContains?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only mobile-member party organizations' })
  mobileOnly?: boolean | null;
}

@InputType('CreateOrganizationInput')
export class CreateOrganizationInput {
  @Field()
  name!: string;

  @Field(() => OrganizationType)
  type!: OrganizationType;

  @Field(() => AdministrativeLevel)
  level!: AdministrativeLevel;

  @Field({ description: '6-digit administrative division code (行政区划代码)' })
  regionCode!: string;

  @Field(() => ID, { nullable: true, description: 'omit for a root (unscoped ORG_DEPARTMENT only)' })
  parentId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: '具有审批预备党员权限 — committees and working committees only',
  })
  canApproveProbationary?: boolean | null;
}

@InputType('MobileOrganizationInput', { description: '成立流动党员党组织（经县级以上党委批准）' })
export class MobileOrganizationInput {
  @Field()
  name!: string;

  @Field(() => OrganizationType)
  type!: OrganizationType;

  @Field({ description: 'where it works: the 6-digit code of the inflow area' })
  regionCode!: string;

  @Field(() => ID, { description: 'the organization it is affiliated to (隶属关系)' })
  parentId!: string;

  @Field(() => MobileOrgBasis)
  basis!: MobileOrgBasis;

  @Field(() => ID, {
    description:
      'must be a COMMITTEE at COUNTY level or above (县级以上党委批准), and the parent or one of its ancestors',
  })
  approverId!: string;

  @Field(() => DateScalar)
  approvedAt!: string;
}
