import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar, DecimalScalar } from '../common/scalars';
import { DutyDefinition } from '../party/duty/duty.types';
import { PartyOrganization } from '../party/organization/organization.entity';

export enum MobilityDimension {
  DESTINATION_REGION = 'DESTINATION_REGION',
  OUTFLOW_ORGANIZATION = 'OUTFLOW_ORGANIZATION',
  INFLOW_ORGANIZATION = 'INFLOW_ORGANIZATION',
  REASON = 'REASON',
  DEPARTURE_MONTH = 'DEPARTURE_MONTH',
  STATUS = 'STATUS',
}
registerEnumType(MobilityDimension, {
  name: 'MobilityDimension',
  description:
    '统计维度 — what mobilityBreakdown groups by. INFLOW_ORGANIZATION counts the active records whose inflow organization is in scope; every other dimension counts those whose outflow organization is',
  valuesConfig: {
    DESTINATION_REGION: { description: '流向地 (6-digit code, labelled with its name)' },
    OUTFLOW_ORGANIZATION: {
      description: '流出党组织 — by outflow organization (key: its id, label: its name)',
    },
    INFLOW_ORGANIZATION: {
      description: '流入党组织 — by inflow organization (key: its id, label: its name)',
    },
    REASON: { description: '外出原因 — by reason for leaving; every reason is listed' },
    DEPARTURE_MONTH: { description: '外出月份 (YYYY-MM)' },
    STATUS: { description: '流动状态 — REGISTERED / REPORTED as of asOf; both are listed' },
  },
});

@ObjectType('MobileMemberSummary', {
  description: '流动党员概况 — summary of mobile party members over an organization’s subtree, as of a day',
})
export class MobileMemberSummary {
  @Field(() => PartyOrganization, { description: 'the organization whose subtree is summarized' })
  scope!: PartyOrganization;

  @Field(() => DateScalar, { description: 'the day the figures are judged on' })
  asOf!: string;

  @Field(() => Int, { description: 'active records whose outflow organization is in scope' })
  outflowActive!: number;

  @Field(() => Int, { description: 'active records whose inflow organization is in scope' })
  inflowActive!: number;

  @Field(() => Int, { description: 'active outflow records that meet the 6-month definition' })
  mobileMembers!: number;

  @Field(() => Int, { description: 'active outflow records not reported to an inflow organization' })
  unreported!: number;

  @Field(() => DecimalScalar, {
    description: 'reported / (reported + unreported) over active outflow records, percent',
  })
  reportedRatePercent!: string;

  @Field(() => DecimalScalar, {
    description: 'active outflow records with an outflow contact person assigned, percent',
  })
  contactAssignedRatePercent!: string;

  @Field(() => Int, {
    description:
      'active records with at least one overdue duty held in scope (outflow and member duties where the outflow organization is in scope, inflow duties where the inflow organization is)',
  })
  withOverdueDuties!: number;
}

@ObjectType('CountBucket', { description: '分组计数 — one group of a breakdown and its count' })
export class CountBucket {
  @Field({
    description:
      'the group: a 6-digit region code, an organization id, a MobilityReason, a MobilityStatus or a YYYY-MM month',
  })
  key!: string;

  @Field({ description: 'the group’s name for people (region or organization name, 2024年11月, …)' })
  label!: string;

  @Field(() => Int, { description: 'number of active mobility records in the group' })
  count!: number;
}

@ObjectType('DutyComplianceRow', {
  description: '履责情况 — compliance with one duty of the 责任清单 over a subtree',
})
export class DutyComplianceRow {
  @Field(() => DutyDefinition, { description: '责任清单事项 — the duty' })
  duty!: DutyDefinition;

  @Field(() => Int, {
    description:
      'active records for which the duty applies and whose holder is in scope (outflow and member duties: outflow organization in scope; inflow duties: inflow organization)',
  })
  applicable!: number;

  @Field(() => Int, { description: 'of those, records where the duty is met as of asOf (on time or late)' })
  fulfilled!: number;

  @Field(() => Int, {
    description:
      '逾期履责 — of the fulfilled, records where the duty was met after its due day (OUTFLOW_1: registered more than 30 days after departure)',
  })
  late!: number;

  @Field(() => Int, { description: 'of those, records where the duty is overdue as of asOf' })
  overdue!: number;

  @Field(() => DecimalScalar, {
    description:
      '(applicable − overdue − late) / applicable × 100: the share not in breach (not yet due counts as compliant; met late counts as a breach)',
  })
  compliancePercent!: string;
}
