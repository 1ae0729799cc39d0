/**
 * 选优配强负责人, 调查摸底, 党建指导员, 党务工作者培训. Leaders are appointed by administrators of the organization
 * above the mobile-member organization (not by the organization itself); instructors are sent by an organization
 * department acting for a county (or higher) committee; surveys and trainings are recorded by administrators of
 * the organization that did them.
 */
import type { EntityClass } from '@mikro-orm/core';
import { badInput } from '../../common/errors';
import { toConnection, toPage, type Connection, type PageArgs } from '../../common/pagination';
import { PartyMember } from '../member/member.entity';
import { MemberStatus } from '../member/member.types';
import { MobilityRecord } from '../mobility/mobility.entity';
import { regionPrefix } from '../mobility/mobility.rules';
import { PartyOrganization } from '../organization/organization.entity';
import { isWithin, PATH_SEGMENT_DIGITS } from '../organization/organization.rules';
import type { PartyContext } from '../party.context';
import {
  canReadPaths,
  maskPhone,
  partyAccess,
  pathsVisibleSql,
  reaches,
  requireAdmin,
  requireManages,
  requirePartyViewer,
} from '../party.policy';
import { anyOf, cond, FALSE, toFilter, within, type SqlCond } from '../party.sql';
import { findOr404, findOrNull, flushOrConflict, rawRows, today } from '../party.support';
import { notInFuture } from '../party.input';
import {
  MobileMemberSurvey,
  MobileOrgLeader,
  PartyBuildingInstructor,
  PartyWorkerTraining,
} from './workforce.entity';
import {
  checkInstructor,
  checkInstructorEnd,
  checkLeaderEnd,
  checkSurvey,
  checkWorkerTraining,
  termEndsOn,
} from './workforce.rules';
import {
  LeaderRole,
  type AppointMobileOrgLeaderInput,
  type AssignPartyBuildingInstructorInput,
  type EndMobileOrgLeaderInput,
  type EndPartyBuildingInstructorInput,
  type RecordMobileMemberSurveyInput,
  type RecordPartyWorkerTrainingInput,
  type WorkforceFilter,
} from './workforce.types';

const parentPathOf = (path: string): string => path.slice(0, -PATH_SEGMENT_DIGITS);
const by = (ctx: PartyContext) => ctx.viewer.subject ?? 'system';

/** Mobile members (6 months on, §2.1) of active records out of or into the subtree of `path` on `day`. */
export async function mobileMembersOn(
  ctx: PartyContext,
  path: string,
  day: string,
  regionCode?: string,
): Promise<number> {
  const out = within('r.outflow_path', path);
  const into = within('r.inflow_path', path);
  const region = regionCode ? regionPrefix(regionCode) : null;
  const rows = await rawRows<{ n: number | string }>(
    ctx,
    `select count(*) as n from mobility_record r
      where (${out.sql} or ${into.sql}) and r.registered_on <= ? and r.mobile_from <= ?
        and (r.ended_on is null or r.ended_on > ?)${region ? ' and substr(r.destination_region_code, 1, ?) = ?' : ''}`,
    [...out.params, ...into.params, day, day, day, ...(region ? [region.length, region] : [])],
  );
  return Number(rows[0]?.n ?? 0);
}

// ─── 负责人 ───

export async function appointLeader(
  ctx: PartyContext,
  input: AppointMobileOrgLeaderInput,
): Promise<MobileOrgLeader> {
  const access = await requireAdmin(ctx);
  const org = await findOr404(ctx, PartyOrganization, input.organizationId, 'organization');
  if (!org.isMobilePartyOrganization || !org.parent) {
    throw badInput('leaders are appointed here for mobile-member party organizations (流动党员党组织)', {
      field: 'organizationId',
    });
  }
  const parentPath = parentPathOf(org.path);
  requireManages(access, parentPath, 'organization above the mobile-member organization');
  const member = await findOr404(ctx, PartyMember, input.memberId, 'member');
  const active = await ctx.em.findOne(MobilityRecord, { activeKey: member.id });
  if (
    member.status !== MemberStatus.FULL ||
    !(isWithin(active?.inflowPath, org.path) || isWithin(member.formalPath, parentPath))
  ) {
    throw badInput(
      'a leader is a full member (正式党员) reported to the organization, or one of the side that set it up',
      { field: 'memberId' },
    );
  }
  const termStartsOn = notInFuture(input.termStartsOn, today(ctx), 'termStartsOn');
  const leader = ctx.em.create(MobileOrgLeader, {
    organization: org.id as never,
    orgPath: org.path,
    member: member.id as never,
    role: input.role,
    termStartsOn,
    termEndsOn: termEndsOn(termStartsOn, org.type),
    secretaryKey: input.role === LeaderRole.SECRETARY ? org.id : null,
    seatKey: `${org.id}:${member.id}`,
    recordedBy: by(ctx),
    recordedAt: ctx.clock.now(),
  });
  await flushOrConflict(ctx, 'the organization has a secretary already, or the member holds a post in it');
  return leader;
}

export async function endLeader(ctx: PartyContext, input: EndMobileOrgLeaderInput): Promise<MobileOrgLeader> {
  const access = await requireAdmin(ctx);
  const leader = await findOr404(ctx, MobileOrgLeader, input.leaderId, 'leader');
  requireManages(access, parentPathOf(leader.orgPath), 'organization above the mobile-member organization');
  checkLeaderEnd(leader, input.endedOn, today(ctx));
  leader.endedOn = input.endedOn;
  leader.endReason = input.reason;
  leader.secretaryKey = null;
  leader.seatKey = null;
  await ctx.em.flush();
  return leader;
}

// ─── 调查摸底 ───

export async function recordSurvey(
  ctx: PartyContext,
  input: RecordMobileMemberSurveyInput,
): Promise<MobileMemberSurvey> {
  const access = await requireAdmin(ctx);
  const org = await findOr404(ctx, PartyOrganization, input.organizationId, 'organization');
  requireManages(access, org.path);
  const survey = ctx.em.create(MobileMemberSurvey, {
    ...checkSurvey(input, today(ctx)),
    organization: org.id as never,
    orgPath: org.path,
    recordedBy: by(ctx),
    recordedAt: ctx.clock.now(),
  });
  await ctx.em.flush();
  return survey;
}

// ─── 党建指导员 ───

export async function assignInstructor(
  ctx: PartyContext,
  input: AssignPartyBuildingInstructorInput,
): Promise<PartyBuildingInstructor> {
  const access = await requireAdmin(ctx, true);
  const assigning = await findOr404(ctx, PartyOrganization, input.assigningOrganizationId, 'organization');
  requireManages(access, assigning.path);
  const target = await findOr404(ctx, PartyOrganization, input.organizationId, 'organization');
  const valid = checkInstructor(input, assigning, target, today(ctx));
  const instructor = ctx.em.create(PartyBuildingInstructor, {
    ...valid,
    assigningOrganization: assigning.id as never,
    assigningPath: assigning.path,
    organization: target.id as never,
    orgPath: target.path,
    mobileMembersAtAssignment: await mobileMembersOn(ctx, target.path, valid.assignedOn),
    recordedBy: by(ctx),
    recordedAt: ctx.clock.now(),
  });
  await ctx.em.flush();
  return instructor;
}

export async function endInstructor(
  ctx: PartyContext,
  input: EndPartyBuildingInstructorInput,
): Promise<PartyBuildingInstructor> {
  const access = await requireAdmin(ctx, true);
  const instructor = await findOr404(ctx, PartyBuildingInstructor, input.instructorId, 'instructor');
  requireManages(access, instructor.assigningPath, 'assigning committee');
  checkInstructorEnd(instructor, input.endedOn, today(ctx));
  instructor.endedOn = input.endedOn;
  instructor.endNote = input.note?.trim() ? input.note.trim().slice(0, 2000) : null;
  await ctx.em.flush();
  return instructor;
}

// ─── 党务工作者培训 ───

export async function recordWorkerTraining(
  ctx: PartyContext,
  input: RecordPartyWorkerTrainingInput,
): Promise<PartyWorkerTraining> {
  const access = await requireAdmin(ctx);
  const org = await findOr404(ctx, PartyOrganization, input.organizationId, 'organization');
  requireManages(access, org.path);
  const training = ctx.em.create(PartyWorkerTraining, {
    ...checkWorkerTraining(input, today(ctx)),
    organization: org.id as never,
    orgPath: org.path,
    recordedBy: by(ctx),
    recordedAt: ctx.clock.now(),
  });
  await ctx.em.flush();
  return training;
}

// ─── reads ───

async function list<T extends object>(
  ctx: PartyContext,
  entity: EntityClass<T>,
  args: PageArgs,
  visible: SqlCond,
  filter: WorkforceFilter | null | undefined,
  columns: { path: string; current?: object },
  orderBy: Record<string, 'asc' | 'desc'>,
): Promise<Connection<T>> {
  const page = toPage(args);
  const where: object[] = [toFilter(visible)];
  if (filter?.withinId) {
    const root = await findOrNull(ctx, PartyOrganization, filter.withinId);
    if (!root) return toConnection([], 0, page);
    where.push(toFilter(within(`{a}.${columns.path}`, root.path)));
  }
  if (filter?.currentOnly && columns.current) where.push(columns.current);
  const [items, total] = await ctx.em.findAndCount(entity, { $and: where } as never, {
    orderBy: { ...orderBy, id: 'asc' } as never,
    limit: page.limit,
    offset: page.offset,
  });
  return toConnection(items, total, page);
}

export async function listLeaders(ctx: PartyContext, args: PageArgs, filter?: WorkforceFilter | null) {
  const access = await requirePartyViewer(ctx);
  const visible = anyOf(
    pathsVisibleSql(access, '{a}.org_path'),
    access.memberId ? cond('{a}.member_id = ?', access.memberId) : FALSE,
  );
  return list(
    ctx,
    MobileOrgLeader,
    args,
    visible,
    filter,
    { path: 'org_path', current: { endedOn: null } },
    {
      termStartsOn: 'desc',
    },
  );
}

export async function listSurveys(ctx: PartyContext, args: PageArgs, filter?: WorkforceFilter | null) {
  const access = await requirePartyViewer(ctx);
  return list(
    ctx,
    MobileMemberSurvey,
    args,
    pathsVisibleSql(access, '{a}.org_path'),
    filter,
    { path: 'org_path' },
    {
      completedOn: 'desc',
    },
  );
}

export async function listInstructors(ctx: PartyContext, args: PageArgs, filter?: WorkforceFilter | null) {
  const access = await requirePartyViewer(ctx);
  return list(
    ctx,
    PartyBuildingInstructor,
    args,
    pathsVisibleSql(access, '{a}.assigning_path', '{a}.org_path'),
    filter,
    { path: 'org_path', current: { endedOn: null } },
    { assignedOn: 'desc' },
  );
}

export async function listWorkerTrainings(
  ctx: PartyContext,
  args: PageArgs,
  filter?: WorkforceFilter | null,
) {
  const access = await requirePartyViewer(ctx);
  return list(
    ctx,
    PartyWorkerTraining,
    args,
    pathsVisibleSql(access, '{a}.org_path'),
    filter,
    { path: 'org_path' },
    {
      endedOn: 'desc',
    },
  );
}

export async function canSeeLeader(ctx: PartyContext, l: MobileOrgLeader): Promise<boolean> {
  const access = await partyAccess(ctx);
  return canReadPaths(access, l.orgPath) || (access.partyViewer && access.memberId === l.member.id);
}

export const canSeeWorkforceRow = async (
  ctx: PartyContext,
  row: MobileMemberSurvey | PartyBuildingInstructor | PartyWorkerTraining,
): Promise<boolean> =>
  canReadPaths(await partyAccess(ctx), row.orgPath, 'assigningPath' in row ? row.assigningPath : null);

/** An instructor's phone in clear for administrators of the assigning committee or the organization served. */
export async function instructorPhone(ctx: PartyContext, i: PartyBuildingInstructor): Promise<string> {
  const access = await partyAccess(ctx);
  return reaches(access.manage, i.assigningPath) || reaches(access.manage, i.orgPath)
    ? i.phone
    : maskPhone(i.phone);
}
