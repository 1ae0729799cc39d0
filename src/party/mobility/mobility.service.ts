import { ref } from '@mikro-orm/core';
import { badInput, forbidden, unauthenticated, DomainError, ErrorCode } from '../../common/errors';
import { toConnection, toPage, type Connection, type PageArgs } from '../../common/pagination';
import { hasRole } from '../../common/viewer';
import { addDays, shanghaiDate, startOfShanghaiDay } from '../../common/time';
import { addDutyRecord } from '../duty/duty.service';
import { DutySource } from '../duty/duty.types';
import { PartyMember } from '../member/member.entity';
import { MemberStatus } from '../member/member.types';
import { MobilityRecord } from './mobility.entity';
import {
  checkEnd,
  checkReport,
  inDestinationRegion,
  shouldTransferFrom,
  requireActive,
  validateContact,
  validateMobilityUpdate,
  validateOutflow,
} from './mobility.rules';
import {
  ContactSide,
  InclusionPath,
  MobilityDirection,
  MobilityStatus,
  type AssignContactInput,
  type EndMobilityInput,
  type MobilityFilter,
  type RegisterOutflowInput,
  type ReportToInflowInput,
  type UpdateMobilityInput,
} from './mobility.types';
import { PartyOrganization } from '../organization/organization.entity';
import type { PartyContext } from '../party.context';
import {
  ADMIN_ROLES,
  canReadRecord,
  isSelf,
  partyAccess,
  reaches,
  recordVisibleSql,
  requireAdmin,
  requireManages,
  requirePartyViewer,
  type PartyAccess,
} from '../party.policy';
import { anyOf, cond, toFilter, within } from '../party.sql';
import { findOr404, findOrNull, flushOrConflict, today } from '../party.support';
import { optionalText } from '../party.input';
import { regionName } from '../organization/regions';
import { dutySpec } from '../duty/duty.service';

const factsForPolicy = (r: MobilityRecord) => ({
  memberId: r.member.id,
  outflowPath: r.outflowPath,
  inflowPath: r.inflowPath ?? null,
});

export async function canSeeRecord(ctx: PartyContext, record: MobilityRecord): Promise<boolean> {
  const access = await partyAccess(ctx);
  return access.partyViewer && canReadRecord(access, factsForPolicy(record));
}

/** Administrators of either side, and the member itself, may reach the member: contact phones in clear. */
export async function reachesMemberOf(ctx: PartyContext, record: MobilityRecord): Promise<boolean> {
  const access = await partyAccess(ctx);
  return (
    isSelf(access, record.member.id) ||
    reaches(access.manage, record.outflowPath) ||
    reaches(access.manage, record.inflowPath)
  );
}

export async function getMobilityRecord(ctx: PartyContext, id: string): Promise<MobilityRecord | null> {
  await requirePartyViewer(ctx);
  const record = await findOrNull(ctx, MobilityRecord, id);
  return record && (await canSeeRecord(ctx, record)) ? record : null;
}

export async function listMobilityRecords(
  ctx: PartyContext,
  args: PageArgs,
  filter?: MobilityFilter | null,
): Promise<Connection<MobilityRecord>> {
  const access = await requirePartyViewer(ctx);
  const page = toPage(args);
  const day = today(ctx);
  const where: object[] = [toFilter(recordVisibleSql(access))];
  if (filter?.withinId) {
    const root = await findOrNull(ctx, PartyOrganization, filter.withinId);
    if (!root) return toConnection([], 0, page);
    const direction = filter.direction ?? MobilityDirection.ANY;
    where.push(
      toFilter(
        anyOf(
          ...(direction !== MobilityDirection.INFLOW ? [within('{a}.outflow_path', root.path)] : []),
          ...(direction !== MobilityDirection.OUTFLOW ? [within('{a}.inflow_path', root.path)] : []),
        ),
      ),
    );
  }
  if (filter?.status?.length) where.push({ status: { $in: filter.status } });
  if (filter?.mobileOnly != null) {
    where.push(
      filter.mobileOnly
        ? { activeKey: { $ne: null }, mobileFrom: { $lte: day } }
        : { activeKey: { $ne: null }, mobileFrom: { $gt: day } },
    );
  }
  if (filter?.destinationRegionCodePrefix) {
    if (!/^\d{1,6}$/.test(filter.destinationRegionCodePrefix)) {
      throw badInput('destinationRegionCodePrefix must be 1 to 6 digits', {
        field: 'destinationRegionCodePrefix',
      });
    }
    where.push(
      toFilter(cond('{a}.destination_region_code like ?', `${filter.destinationRegionCodePrefix}%`)),
    );
  }
  if (filter?.unreportedForDays != null) {
    if (filter.unreportedForDays < 0) throw badInput('unreportedForDays must not be negative');
    where.push({
      status: MobilityStatus.REGISTERED,
      departedOn: { $lt: addDays(day, -filter.unreportedForDays) },
    });
  }
  if (filter?.shouldTransferOnly) {
    where.push({
      activeKey: { $ne: null },
      status: MobilityStatus.REPORTED,
      reportedOn: { $lte: shouldTransferFrom(day, ctx.config.transferSuggestMonths) },
    });
  }
  if (filter?.lostContactOnly) {
    where.push({
      activeKey: { $ne: null },
      lastContactOn: { $lt: addDays(day, -ctx.config.lostContactDays) },
    });
  }
  const [items, total] = await ctx.em.findAndCount(
    MobilityRecord,
    { $and: where },
    { orderBy: { departedOn: 'asc', id: 'asc' }, limit: page.limit, offset: page.offset },
  );
  return toConnection(items, total, page);
}

/** 流出登记, by an administrator of the member's formal organization. */
export async function registerOutflow(
  ctx: PartyContext,
  input: RegisterOutflowInput,
): Promise<MobilityRecord> {
  const access = await requireAdmin(ctx);
  const member = await findOr404(ctx, PartyMember, input.memberId, 'member');
  requireManages(access, member.formalPath, 'member');
  const valid = validateOutflow(input, today(ctx));
  if (await ctx.em.findOne(MobilityRecord, { activeKey: member.id })) {
    throw new DomainError(ErrorCode.CONFLICT, 'the member already has an active mobility record');
  }
  const now = ctx.clock.now();
  const record = ctx.em.create(MobilityRecord, {
    ...valid,
    member: member.id as never,
    activeKey: member.id,
    outflowOrganization: member.formalOrganization.id as never,
    outflowPath: member.formalPath,
    registeredAt: now,
    registeredOn: shanghaiDate(now),
    status: MobilityStatus.REGISTERED,
    probationEndsOn: member.status === MemberStatus.PROBATIONARY ? (member.probationEndsAt ?? null) : null,
    probationExtendedOn:
      member.status === MemberStatus.PROBATIONARY ? (member.probationExtendedOn ?? null) : null,
    knowOutflowDueOn: addDays(valid.departedOn, dutySpec(ctx, 'OUTFLOW_1')?.due?.days ?? 30),
    lastContactAt: now,
    lastContactOn: shanghaiDate(now),
  });
  addDutyRecord(ctx, record, 'OUTFLOW_1', {
    organizationId: member.formalOrganization.id,
    performedAt: now,
    source: DutySource.REGISTRATION,
  });
  if (valid.reportedBeforeLeaving) {
    const beforeLeaving = startOfShanghaiDay(valid.departedOn);
    addDutyRecord(ctx, record, 'MEMBER_1', {
      organizationId: null,
      performedAt: beforeLeaving < now ? beforeLeaving : now,
      source: DutySource.REGISTRATION,
      note: '外出前已向党组织报告',
    });
  }
  await flushOrConflict(ctx, 'the member already has an active mobility record');
  return record;
}

/** The member itself, or an administrator whose scope holds the organization. */
function requireSelfOrManages(access: PartyAccess, ctx: PartyContext, memberId: string, path: string | null) {
  if (isSelf(access, memberId)) return;
  if (hasRole(ctx.viewer, ...ADMIN_ROLES) && reaches(access.manage, path)) return;
  throw forbidden();
}

/** 报到 (流入登记): by the member, or an administrator of the inflow organization; takes effect at once. */
export async function reportToInflow(ctx: PartyContext, input: ReportToInflowInput): Promise<MobilityRecord> {
  if (ctx.viewer.subject === null) throw unauthenticated();
  const access = await partyAccess(ctx);
  const record = await findOr404(ctx, MobilityRecord, input.mobilityRecordId, 'mobility record');
  const inflow = await findOr404(ctx, PartyOrganization, input.inflowOrganizationId, 'inflow organization');
  requireSelfOrManages(access, ctx, record.member.id, inflow.path);
  const now = ctx.clock.now();
  const reportedAt = input.reportedAt ?? now;
  const reportedOn = checkReport(record, reportedAt, now);
  if (inflow.id === record.outflowOrganization.id) {
    throw badInput('the inflow organization must differ from the outflow organization', {
      field: 'inflowOrganizationId',
    });
  }
  if (input.inclusionPath === InclusionPath.MOBILE_PARTY_ORGANIZATION && !inflow.isMobilePartyOrganization) {
    throw badInput('MOBILE_PARTY_ORGANIZATION needs a mobile-member party organization', {
      field: 'inclusionPath',
    });
  }
  const override = optionalText(input.regionOverrideReason, 'regionOverrideReason', 500);
  const inRegion = inDestinationRegion(record.destinationRegionCode, inflow.regionCode);
  if (override && !(hasRole(ctx.viewer, ...ADMIN_ROLES) && reaches(access.manage, inflow.path))) {
    throw forbidden(
      'only an administrator of the inflow organization may accept a report from another region',
    );
  }
  if (!inRegion && !override) {
    throw badInput(
      `the inflow organization (${regionName(inflow.regionCode)}) does not lie in the destination ` +
        `${regionName(record.destinationRegionCode)}; an administrator may accept it with regionOverrideReason`,
      { field: 'inflowOrganizationId', reason: 'REGION_MISMATCH' },
    );
  }
  record.inflowOrganization = ref(inflow);
  record.inflowPath = inflow.path;
  record.reportedToInflowAt = reportedAt;
  record.reportedOn = reportedOn;
  record.inclusionPath = input.inclusionPath;
  record.inflowRegionOverrideReason = inRegion ? null : override;
  record.status = MobilityStatus.REPORTED;
  if (reportedAt > record.lastContactAt) {
    record.lastContactAt = reportedAt;
    record.lastContactOn = reportedOn;
  }
  addDutyRecord(ctx, record, 'INFLOW_1', {
    organizationId: inflow.id,
    performedAt: reportedAt,
    source: DutySource.REPORT,
  });
  addDutyRecord(ctx, record, 'MEMBER_2', {
    organizationId: null,
    performedAt: reportedAt,
    source: DutySource.REPORT,
  });
  await ctx.em.flush();
  return record;
}

/** 确定专人联系: each side names its own contact person. */
export async function assignContact(ctx: PartyContext, input: AssignContactInput): Promise<MobilityRecord> {
  const access = await requireAdmin(ctx);
  const record = await findOr404(ctx, MobilityRecord, input.mobilityRecordId, 'mobility record');
  const outflow = input.side === ContactSide.OUTFLOW;
  requireManages(access, outflow ? record.outflowPath : (record.inflowPath ?? null), 'side of the record');
  requireActive(record);
  const contact = validateContact(input);
  const now = ctx.clock.now();
  if (outflow) {
    record.outflowContactName = contact.name;
    record.outflowContactPhone = contact.phone;
    record.outflowContactAssignedAt = now;
    record.outflowContactSince ??= shanghaiDate(now);
  } else {
    record.inflowContactName = contact.name;
    record.inflowContactPhone = contact.phone;
    record.inflowContactAssignedAt = now;
    record.inflowContactSince ??= shanghaiDate(now);
  }
  await ctx.em.flush();
  return record;
}

/** 情况变化及时报告 (MEMBER_4): by the member, or recorded for it by its outflow organization. */
export async function updateMobility(ctx: PartyContext, input: UpdateMobilityInput): Promise<MobilityRecord> {
  if (ctx.viewer.subject === null) throw unauthenticated();
  const access = await partyAccess(ctx);
  const record = await findOr404(ctx, MobilityRecord, input.mobilityRecordId, 'mobility record');
  requireSelfOrManages(access, ctx, record.member.id, record.outflowPath);
  requireActive(record);
  const { changes, note } = validateMobilityUpdate(input);
  Object.assign(record, changes);
  const byMember = isSelf(access, record.member.id);
  addDutyRecord(ctx, record, 'MEMBER_4', {
    organizationId: byMember ? null : record.outflowOrganization.id,
    performedAt: ctx.clock.now(),
    source: DutySource.MOBILITY_UPDATE,
    note:
      note ??
      Object.entries(changes)
        .map(([k, v]) => `${k}: ${v ?? '—'}`)
        .join('; '),
  });
  await ctx.em.flush();
  return record;
}

/** 返回、转接或其他: the outflow organization closes the record. */
export async function endMobility(ctx: PartyContext, input: EndMobilityInput): Promise<MobilityRecord> {
  const access = await requireAdmin(ctx);
  const record = await findOr404(ctx, MobilityRecord, input.mobilityRecordId, 'mobility record');
  requireManages(access, record.outflowPath, 'mobility record');
  checkEnd(record, input.endedOn, today(ctx));
  closeRecord(record, input.endedOn, input.reason);
  await ctx.em.flush();
  return record;
}

export function closeRecord(
  record: MobilityRecord,
  endedOn: string,
  reason: MobilityRecord['endReason'],
): void {
  record.status = MobilityStatus.ENDED;
  record.endedOn = endedOn;
  record.endReason = reason;
  record.activeKey = null;
}
