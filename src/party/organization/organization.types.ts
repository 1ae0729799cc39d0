import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { DateScalar } from '../../common/scalars';

export enum OrganizationType {
  COMMITTEE = 'COMMITTEE',
  WORKING_COMMITTEE = 'WORKING_COMMITTEE',
  GENERAL_BRANCH = 'GENERAL_BRANCH',
  BRANCH = 'BRANCH',
}
registerEnumType(OrganizationType, {
  name: 'OrganizationType',
  description: '党组织类别 — the kind of a party organization',
  valuesConfig: {
    COMMITTEE: { description: '党委 — party committee' },
    WORKING_COMMITTEE: { description: '党工委 — party working committee' },
    GENERAL_BRANCH: { description: '党总支 — general party branch' },
    BRANCH: { description: '党支部 — party branch' },
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
  description: '层级 — the administrative level of a party organization, from the top down',
  valuesConfig: {
    CENTRAL: { description: '中央 — central' },
    PROVINCE: { description: '省级 — province' },
    CITY: { description: '市级 — city' },
    COUNTY: { description: '县级 — county' },
    TOWNSHIP: { description: '乡镇（街道） — township or street' },
    VILLAGE: { description: '村（社区） — village or community' },
    UNIT: { description: '单位 — a work unit' },
  },
});

export enum MobileOrgBasis {
  OUTFLOW_BASED = 'OUTFLOW_BASED',
  INFLOW_BASED = 'INFLOW_BASED',
}
registerEnumType(MobileOrgBasis, {
  name: 'MobileOrgBasis',
  description: '流动党员党组织成立方式 — which side set up a mobile-member party organization',
  valuesConfig: {
    OUTFLOW_BASED: {
      description: '流出地党组织在流入地建立 — set up by the outflow side in the inflow area',
    },
    INFLOW_BASED: { description: '流入地党组织建立 — set up by the inflow side' },
  },
});

@InputType('OrganizationFilter', {
  description: '党组织筛选 — which organizations to list; all given conditions apply',
})
export class OrganizationFilter {
  @Field(() => ID, { nullable: true, description: 'the organization and everything below it' })
  withinId?: string | null;

  @Field(() => OrganizationType, { nullable: true, description: 'only organizations of this kind' })
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

@InputType('CreateOrganizationInput', { description: '党组织 — a new party organization in the tree' })
export class CreateOrganizationInput {
  @Field({ description: 'name; unique among its siblings (CONFLICT)' })
  name!: string;

  @Field(() => OrganizationType, { description: '党组织类别 — kind of organization' })
  type!: OrganizationType;

  @Field(() => AdministrativeLevel, { description: '层级 — level; never above the parent’s level' })
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

@InputType('MobileOrganizationInput', {
  description:
    '成立流动党员党组织（经县级以上党委批准） — setting up a mobile-member party organization, approved by a party committee at county level or above',
})
export class MobileOrganizationInput {
  @Field({ description: 'name; unique among its siblings (CONFLICT)' })
  name!: string;

  @Field(() => OrganizationType, { description: '党组织类别 — kind of organization' })
  type!: OrganizationType;

  @Field({ description: 'where it works: the 6-digit code of the inflow area' })
  regionCode!: string;

  @Field(() => ID, { description: 'the organization it is affiliated to (隶属关系)' })
  parentId!: string;

  @Field(() => MobileOrgBasis, { description: '成立方式 — set up by the outflow or the inflow side' })
  basis!: MobileOrgBasis;

  @Field(() => ID, {
    description:
      'must be a COMMITTEE at COUNTY level or above (县级以上党委批准), and the parent or one of its ancestors',
  })
  approverId!: string;

  @Field(() => DateScalar, { description: '批准日期 — date of the approval' })
  approvedAt!: string;
}
