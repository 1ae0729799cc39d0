import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import { Node } from '../../common/node';
import { DateScalar, DateTimeScalar } from '../../common/scalars';
import { PartyMember } from '../member/member.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { InclusionPath, MobilityEndReason, MobilityReason, MobilityStatus } from './mobility.types';

/**
 * 流动党员登记 — one outflow of a member, from registration to its end.
 *
 * Calendar facts are stored as YYYY-MM-DD strings computed once in code (`mobileFrom` = departedOn + 6 months,
 * `registeredOn`, `reportedOn`, `lastContactOn` on the Asia/Shanghai calendar), so SQL compares strings and
 * never does date arithmetic. The organizations' paths are copied here so subtree filters and analytics are
 * index ranges on this table alone.
 */
@Entity({ tableName: 'mobility_record' })
@Index({ properties: ['outflowPath', 'registeredOn'] })
@Index({ properties: ['inflowPath', 'reportedOn'] })
@ObjectType('MobilityRecord', {
  implements: Node,
  description:
    '流动党员登记（流出—报到—结束） — a mobility record: outflow registration, report to an inflow organization, end',
})
export class MobilityRecord implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @ManyToOne(() => PartyMember, { ref: true, index: true })
  member!: Ref<PartyMember>;

  /** the member's id while the record is active, else null: a unique index keeps one active record per member */
  @Property({ type: 'uuid', nullable: true, unique: true })
  activeKey?: string | null;

  @ManyToOne(() => PartyOrganization, { ref: true })
  outflowOrganization!: Ref<PartyOrganization>;

  @Property({ type: 'string', length: 255 })
  outflowPath!: string;

  @ManyToOne(() => PartyOrganization, { ref: true, nullable: true })
  inflowOrganization?: Ref<PartyOrganization> | null;

  @Property({ type: 'string', length: 255, nullable: true })
  inflowPath?: string | null;

  @Property({ type: 'string', length: 32 })
  @Field(() => MobilityReason, { description: '外出原因 — reason for leaving' })
  reason!: MobilityReason;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: '外出日期 — the day the member left' })
  departedOn!: string;

  @Property({ type: 'string', length: 6 })
  @Field({ description: '流向地 — 6-digit administrative division code of the destination' })
  destinationRegionCode!: string;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: '流向地址 — address at the destination' })
  destinationAddress?: string | null;

  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: '流入单位 — unit at the destination' })
  destinationUnit?: string | null;

  @Property({ type: 'boolean' })
  @Field({
    description:
      '外出前向正式组织关系所在党组织报告 — the member reported to its formal organization before leaving',
  })
  reportedBeforeLeaving!: boolean;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: '流出登记时间 — when the outflow was registered' })
  registeredAt!: Date;

  @Property({ type: 'string', length: 10 })
  registeredOn!: string;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      '向流入地（单位）基层党组织报到 — when the member reported to the inflow organization; null before',
  })
  reportedToInflowAt?: Date | null;

  @Property({ type: 'string', length: 10, nullable: true })
  reportedOn?: string | null;

  @Property({ type: 'string', length: 32, nullable: true })
  @Field(() => InclusionPath, {
    nullable: true,
    description: '纳入方式 — how the inflow organization took the member in',
  })
  inclusionPath?: InclusionPath | null;

  @Property({ type: 'string', length: 100, nullable: true })
  outflowContactName?: string | null;

  @Property({ type: 'string', length: 20, nullable: true })
  outflowContactPhone?: string | null;

  @Property({ type: 'datetime', nullable: true })
  outflowContactAssignedAt?: Date | null;

  /** the day an outflow contact was first assigned (duty OUTFLOW_2 needs one) */
  @Property({ type: 'string', length: 10, nullable: true })
  outflowContactSince?: string | null;

  @Property({ type: 'string', length: 100, nullable: true })
  inflowContactName?: string | null;

  @Property({ type: 'string', length: 20, nullable: true })
  inflowContactPhone?: string | null;

  @Property({ type: 'datetime', nullable: true })
  inflowContactAssignedAt?: Date | null;

  /** the day an inflow contact was first assigned (duty INFLOW_2 needs one) */
  @Property({ type: 'string', length: 10, nullable: true })
  inflowContactSince?: string | null;

  @Property({ type: 'string', length: 32 })
  @Field(() => MobilityStatus, { description: 'where the record stands' })
  status!: MobilityStatus;

  @Property({ type: 'string', length: 10, nullable: true })
  @Field(() => DateScalar, { nullable: true, description: 'the day the record ended; null while active' })
  endedOn?: string | null;

  @Property({ type: 'string', length: 32, nullable: true })
  @Field(() => MobilityEndReason, {
    nullable: true,
    description: '结束原因 — why it ended; null while active',
  })
  endReason?: MobilityEndReason | null;

  @Property({ type: 'string', length: 10 })
  @Field(() => DateScalar, { description: 'departedOn + 6 months: the day the member counts as 流动党员' })
  mobileFrom!: string;

  /** the member's probationEndsAt when the record was registered, null for a full member (duty OUTFLOW_3) */
  @Property({ type: 'string', length: 10, nullable: true })
  probationEndsOn?: string | null;

  /** the day the member's probation was extended (EXTEND), copied like probationEndsOn (duty OUTFLOW_3) */
  @Property({ type: 'string', length: 10, nullable: true })
  probationExtendedOn?: string | null;

  /** OUTFLOW_1's due day: departedOn + its day count (30), computed in code at registration */
  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'know_outflow_due_on' })
  knowOutflowDueOn?: string | null;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, {
    nullable: true,
    description:
      '跨区域接收说明 — why the inflow organization lies outside the destination’s region (given by the administrator who accepted the report); null when it lies within',
  })
  inflowRegionOverrideReason?: string | null;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'the latest of the registration, the report and the contact duties (OUTFLOW_2, INFLOW_2, MEMBER_3)',
  })
  lastContactAt!: Date;

  @Property({ type: 'string', length: 10 })
  @Index()
  lastContactOn!: string;

  // The last day each duty was met: max(duty_record.performed_on) per duty, kept by addDutyRecord. Nothing is ever
  // recorded for a later day, so as of today or later these are the analytics' "last met" without reading
  // duty_record (src/party/duty/duty.sql.ts); earlier days are computed from duty_record itself.
  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_outflow_1' })
  lastMetOutflow1?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_outflow_2' })
  lastMetOutflow2?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_outflow_3' })
  lastMetOutflow3?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_outflow_4' })
  lastMetOutflow4?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_outflow_5' })
  lastMetOutflow5?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_outflow_6' })
  lastMetOutflow6?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_outflow_7' })
  lastMetOutflow7?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_inflow_1' })
  lastMetInflow1?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_inflow_2' })
  lastMetInflow2?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_inflow_3' })
  lastMetInflow3?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_inflow_4' })
  lastMetInflow4?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_inflow_5' })
  lastMetInflow5?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_inflow_6' })
  lastMetInflow6?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_member_1' })
  lastMetMember1?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_member_2' })
  lastMetMember2?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_member_3' })
  lastMetMember3?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_member_4' })
  lastMetMember4?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, fieldName: 'last_met_member_5' })
  lastMetMember5?: string | null;
}

/** The MobilityRecord property caching the last day a duty was met (OUTFLOW_1 → lastMetOutflow1). */
export function lastMetProperty(dutyCode: string): keyof MobilityRecord {
  const [side, n] = dutyCode.split('_');
  return `lastMet${side[0]}${side.slice(1).toLowerCase()}${n}` as keyof MobilityRecord;
}

/** its column */
export const lastMetColumn = (dutyCode: string): string => `last_met_${dutyCode.toLowerCase()}`;
