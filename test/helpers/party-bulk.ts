/**
 * Bulk party data for the N+1 test, written straight through the ORM (inserts, no services: registering a
 * hundred outflows over GraphQL takes seconds):
 *
 *   R 批量省委 → O 流出县委 → 50 branches, 3 members each; the first 130 of them have an active mobility record
 *                            out of their branch, the first 110 of those reported to a branch of I
 *              → S 小县委   → 5 branches, 3 members each, all with an active record reported to a branch of I
 *              → I 流入县委 → 5 branches, no members of their own
 *
 * Each record has contacts on both sides and two duty records; members have care records, evaluations and
 * role-model records; branch O1 holds 30 organizational-life activities with attendees. Each branch of O and S
 * has a (rejected) relationship transfer of its first member to a branch of I, and a fee allocation from its
 * county with two expenses.
 */
import type { EntityManager } from '@mikro-orm/core';
import { newId } from '../../src/common/ids';
import { addDays, addMonths, startOfShanghaiDay } from '../../src/common/time';
import { CareRecord } from '../../src/party/care/care.entity';
import { CareKind } from '../../src/party/care/care.types';
import { DutyRecord } from '../../src/party/duty/duty.entity';
import { DutySource } from '../../src/party/duty/duty.types';
import { DemocraticEvaluation } from '../../src/party/daily/evaluation.entity';
import { EvaluationResult } from '../../src/party/daily/evaluation.types';
import { FeeExpense, PartyFeeAllocation } from '../../src/party/fee/fee.entity';
import { FeePurpose } from '../../src/party/fee/fee.types';
import { PartyMember } from '../../src/party/member/member.entity';
import { Gender, MemberStatus } from '../../src/party/member/member.types';
import { MobilityRecord } from '../../src/party/mobility/mobility.entity';
import { InclusionPath, MobilityReason, MobilityStatus } from '../../src/party/mobility/mobility.types';
import { OrgLifeActivity } from '../../src/party/daily/org-life.entity';
import { OrgLifeType } from '../../src/party/daily/org-life.types';
import { PartyOrganization } from '../../src/party/organization/organization.entity';
import { childPath } from '../../src/party/organization/organization.rules';
import { AdministrativeLevel, OrganizationType } from '../../src/party/organization/organization.types';
import { RoleModelRecord } from '../../src/party/care/role-model.entity';
import { RoleModelKind } from '../../src/party/care/role-model.types';
import { RelationshipTransfer } from '../../src/party/transfer/transfer.entity';
import { TransferStatus } from '../../src/party/transfer/transfer.types';
import { personalData } from './party';

export interface BulkParty {
  root: string;
  /** the outflow county, with 50 branches */
  outflowCounty: string;
  /** a county like the outflow county, with 5 branches */
  smallCounty: string;
  /** the inflow county, with 5 branches */
  inflowCounty: string;
  outflowBranches: string[];
  inflowBranches: string[];
  /** the branch holding the org-life activities */
  activityBranch: string;
}

/** active records out of O, and how many of those are reported to I */
export const OUTFLOW_RECORDS = 130;
export const OUTFLOW_REPORTED = 110;
/** active records in all, and reported to I in all */
export const BULK_RECORDS = OUTFLOW_RECORDS + 15;
export const BULK_REPORTED = OUTFLOW_REPORTED + 15;
export const BULK_ACTIVITIES = 30;

type Row = Record<string, unknown>;

export async function seedBulkParty(em: EntityManager): Promise<BulkParty> {
  const created = startOfShanghaiDay('2024-01-02');
  const organizations: Row[] = [];
  const org = (
    parent: Row | null,
    seq: number,
    name: string,
    type: OrganizationType,
    level: AdministrativeLevel,
  ): Row => {
    const row: Row = {
      id: newId(),
      name,
      type,
      level,
      regionCode: '630102',
      parent: parent?.id ?? null,
      path: childPath((parent?.path as string | undefined) ?? null, seq),
      depth: parent ? (parent.depth as number) + 1 : 0,
      canApproveProbationary: type !== OrganizationType.BRANCH,
      isMobilePartyOrganization: false,
      createdAt: created,
    };
    organizations.push(row);
    return row;
  };
  const lastRoot = await em.findOne(PartyOrganization, { parent: null }, { orderBy: { path: 'desc' } });
  const rootSeq = lastRoot ? Number(lastRoot.path) + 1 : 1;
  const root = org(null, rootSeq, '批量省委', OrganizationType.COMMITTEE, AdministrativeLevel.PROVINCE);
  const outflow = org(root, 1, '流出县委', OrganizationType.COMMITTEE, AdministrativeLevel.COUNTY);
  const small = org(root, 2, '小县委', OrganizationType.COMMITTEE, AdministrativeLevel.COUNTY);
  const inflow = org(root, 3, '流入县委', OrganizationType.COMMITTEE, AdministrativeLevel.COUNTY);
  const branch = (parent: Row, i: number, prefix: string) =>
    org(parent, i, `${prefix}第${i}党支部`, OrganizationType.BRANCH, AdministrativeLevel.VILLAGE);
  const outflowBranches = Array.from({ length: 50 }, (_, i) => branch(outflow, i + 1, '流出'));
  const smallBranches = Array.from({ length: 5 }, (_, i) => branch(small, i + 1, '小县'));
  const inflowBranches = Array.from({ length: 5 }, (_, i) => branch(inflow, i + 1, '流入'));
  await em.insertMany(PartyOrganization, organizations as never[]);

  const members: Row[] = [];
  for (const [b, branchRow] of [...outflowBranches, ...smallBranches].entries()) {
    for (let k = 0; k < 3; k++) {
      members.push({
        id: newId(),
        name: `批量党员${String(b * 3 + k).padStart(3, '0')}`,
        gender: k % 2 ? Gender.FEMALE : Gender.MALE,
        birthDate: '1990-05-01',
        status: MemberStatus.FULL,
        joinedAt: '2015-07-01',
        formalOrganization: branchRow.id,
        formalPath: branchRow.path,
        ...personalData(),
        createdAt: created,
      });
    }
  }
  await em.insertMany(PartyMember, members as never[]);

  const records: Row[] = [];
  const duties: Row[] = [];
  const cares: Row[] = [];
  const evaluations: Row[] = [];
  const roleModels: Row[] = [];
  const mobile = [...members.slice(0, OUTFLOW_RECORDS), ...members.slice(outflowBranches.length * 3)];
  for (const [i, member] of mobile.entries()) {
    const outflowBranch = organizations.find((o) => o.id === member.formalOrganization)!;
    const reported = i < OUTFLOW_REPORTED || i >= OUTFLOW_RECORDS;
    const inflowBranch = reported ? inflowBranches[i % inflowBranches.length] : null;
    const departedOn = `2024-0${1 + (i % 6)}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const registeredAt = startOfShanghaiDay(departedOn);
    const reportedOn = inflowBranch ? addDays(departedOn, 10) : null;
    const recordId = newId();
    records.push({
      id: recordId,
      member: member.id,
      activeKey: member.id,
      outflowOrganization: outflowBranch.id,
      outflowPath: outflowBranch.path,
      inflowOrganization: inflowBranch?.id ?? null,
      inflowPath: inflowBranch?.path ?? null,
      reason: MobilityReason.WORK,
      departedOn,
      destinationRegionCode: '440300',
      reportedBeforeLeaving: true,
      registeredAt,
      registeredOn: departedOn,
      reportedToInflowAt: reportedOn ? startOfShanghaiDay(reportedOn) : null,
      reportedOn,
      inclusionPath: inflowBranch ? InclusionPath.COMMUNITY_ORGANIZATION : null,
      outflowContactName: '流出联系人',
      outflowContactPhone: '13900000001',
      outflowContactAssignedAt: registeredAt,
      outflowContactSince: departedOn,
      inflowContactName: inflowBranch ? '流入联系人' : null,
      inflowContactPhone: inflowBranch ? '13900000002' : null,
      inflowContactAssignedAt: reportedOn ? startOfShanghaiDay(reportedOn) : null,
      inflowContactSince: reportedOn,
      status: inflowBranch ? MobilityStatus.REPORTED : MobilityStatus.REGISTERED,
      mobileFrom: addMonths(departedOn, 6),
      knowOutflowDueOn: addDays(departedOn, 30),
      lastContactAt: registeredAt,
      lastContactOn: departedOn,
      lastMetOutflow1: departedOn,
      lastMetMember2: reportedOn,
    });
    const duty = (dutyCode: string, on: string, organization: Row | null, source: DutySource) =>
      duties.push({
        id: newId(),
        mobilityRecord: recordId,
        dutyCode,
        organization: organization?.id ?? null,
        performedAt: startOfShanghaiDay(on),
        performedOn: on,
        source,
        recordedBy: 'bulk',
        recordedAt: startOfShanghaiDay(on),
      });
    duty('OUTFLOW_1', departedOn, outflowBranch, DutySource.REGISTRATION);
    if (reportedOn) duty('MEMBER_2', reportedOn, null, DutySource.REPORT);
    cares.push({
      id: newId(),
      member: member.id,
      organization: (inflowBranch ?? outflowBranch).id,
      kind: CareKind.VISIT,
      providedOn: '2024-09-01',
      recordedAt: startOfShanghaiDay('2024-09-01'),
    });
    if (inflowBranch) {
      evaluations.push({
        id: newId(),
        member: member.id,
        organization: inflowBranch.id,
        year: 2023,
        result: EvaluationResult.QUALIFIED,
        notifiedOrganization: outflowBranch.id,
        notifiedFormalOrganizationAt: startOfShanghaiDay('2024-01-10'),
        recordedAt: startOfShanghaiDay('2024-01-10'),
      });
    }
    roleModels.push({
      id: newId(),
      member: member.id,
      organization: outflowBranch.id,
      kind: RoleModelKind.VOLUNTEER_SERVICE,
      description: '志愿服务',
      startedOn: '2024-03-01',
      recordedAt: startOfShanghaiDay('2024-03-01'),
    });
  }
  await em.insertMany(MobilityRecord, records as never[]);
  await em.insertMany(DutyRecord, duties as never[]);
  await em.insertMany(CareRecord, cares as never[]);
  await em.insertMany(DemocraticEvaluation, evaluations as never[]);
  await em.insertMany(RoleModelRecord, roleModels as never[]);

  const activityBranch = outflowBranches[0];
  const activities: Row[] = [];
  const attendance: Row[] = [];
  for (let a = 0; a < BULK_ACTIVITIES; a++) {
    const id = newId();
    const heldAt = startOfShanghaiDay(`2024-${String(1 + (a % 9)).padStart(2, '0')}-15`);
    activities.push({
      id,
      organization: activityBranch.id,
      organizationPath: activityBranch.path,
      type: OrgLifeType.BRANCH_ASSEMBLY,
      topic: `主题党日 ${a + 1}`,
      heldAt,
      online: a % 2 === 0,
      recordedAt: heldAt,
    });
    for (let k = 0; k < 3; k++) {
      attendance.push({ org_life_activity_id: id, party_member_id: members[(a + k) % 3].id });
    }
  }
  await em.insertMany(OrgLifeActivity, activities as never[]);
  await em
    .getConnection()
    .execute(
      `insert into org_life_attendance (org_life_activity_id, party_member_id) values ${attendance
        .map(() => '(?, ?)')
        .join(', ')}`,
      attendance.flatMap((r) => [r.org_life_activity_id, r.party_member_id]) as never[],
    );

  const transfers: Row[] = [];
  const allocations: Row[] = [];
  const expenses: Row[] = [];
  for (const [b, branchRow] of [...outflowBranches, ...smallBranches].entries()) {
    const to = inflowBranches[b % inflowBranches.length];
    transfers.push({
      id: newId(),
      member: members[b * 3].id,
      fromOrganization: branchRow.id,
      fromPath: branchRow.path,
      toOrganization: to.id,
      toPath: to.path,
      status: TransferStatus.REJECTED,
      requestedAt: startOfShanghaiDay('2024-08-01'),
      decidedAt: startOfShanghaiDay('2024-08-05'),
      note: '不符合条件',
    });
    const county = branchRow.parent === outflow.id ? outflow : small;
    const allocationId = newId();
    allocations.push({
      id: allocationId,
      fromOrganization: county.id,
      fromPath: county.path,
      toOrganization: branchRow.id,
      toPath: branchRow.path,
      purpose: FeePurpose.ORGANIZATION_ACTIVITIES,
      amount: 100_000,
      spent: 30_000,
      allocatedOn: '2024-07-01',
      createdAt: startOfShanghaiDay('2024-07-01'),
    });
    for (const [k, spentOn] of ['2024-07-10', '2024-08-10'].entries()) {
      expenses.push({
        id: newId(),
        allocation: allocationId,
        amount: 10_000 * (k + 1),
        spentOn,
        note: '活动经费',
        recordedBy: 'bulk',
        recordedAt: startOfShanghaiDay(spentOn),
      });
    }
  }
  await em.insertMany(RelationshipTransfer, transfers as never[]);
  await em.insertMany(PartyFeeAllocation, allocations as never[]);
  await em.insertMany(FeeExpense, expenses as never[]);

  return {
    root: root.id as string,
    outflowCounty: outflow.id as string,
    smallCounty: small.id as string,
    inflowCounty: inflow.id as string,
    outflowBranches: outflowBranches.map((b) => b.id as string),
    inflowBranches: inflowBranches.map((b) => b.id as string),
    activityBranch: activityBranch.id as string,
  };
}
