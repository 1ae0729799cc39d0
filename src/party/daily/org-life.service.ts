import type { FilterQuery } from '@mikro-orm/core';
import { badInput } from '../../common/errors';
import { isUuid } from '../../common/ids';
import { toPage, type PageArgs } from '../../common/pagination';
import { addDutyRecord } from '../duty/duty.service';
import { DutySource } from '../duty/duty.types';
import { PartyMember } from '../member/member.entity';
import { MobilityRecord } from '../mobility/mobility.entity';
import { onInflowSide } from '../mobility/mobility.rules';
import { OrgLifeActivity } from './org-life.entity';
import { OrgLifeType, type RecordOrgLifeInput } from './org-life.types';
import { PartyOrganization } from '../organization/organization.entity';
import type { PartyContext } from '../party.context';
import {
  partyAccess,
  pathsVisibleSql,
  reaches,
  requireAdmin,
  requireManages,
  requirePartyViewer,
} from '../party.policy';
import { anyOf, cond, FALSE, toFilter, within } from '../party.sql';
import { text } from '../party.input';
import { placeholders } from '../../db/reads';
import { findOr404, findOrNull, rawRows } from '../party.support';

const MAX_ATTENDEES = 500;

/** An activity is readable in the scope of its organization, and by a member who attended it. */
export async function canSeeActivity(ctx: PartyContext, a: OrgLifeActivity): Promise<boolean> {
  const access = await partyAccess(ctx);
  if (!access.partyViewer) return false;
  if (reaches(access.read, a.organizationPath)) return true;
  if (!access.memberId) return false;
  const attended = await rawRows(
    ctx,
    'select 1 from org_life_attendance where org_life_activity_id = ? and party_member_id = ?',
    [a.id, access.memberId],
  );
  return attended.length > 0;
}

/** Activities of the organization and those below it, newest first; a member sees those it attended. */
export async function listActivities(
  ctx: PartyContext,
  organizationId: string,
  args: PageArgs,
): Promise<OrgLifeActivity[]> {
  const access = await requirePartyViewer(ctx);
  const page = toPage(args);
  const org = await findOrNull(ctx, PartyOrganization, organizationId);
  if (!org) return [];
  const visible = anyOf(
    pathsVisibleSql(access, '{a}.organization_path'),
    access.memberId
      ? cond(
          'exists (select 1 from org_life_attendance x where x.org_life_activity_id = {a}.id and x.party_member_id = ?)',
          access.memberId,
        )
      : FALSE,
  );
  return ctx.em.find(
    OrgLifeActivity,
    {
      $and: [toFilter(visible), toFilter(within('{a}.organization_path', org.path))],
    } as FilterQuery<OrgLifeActivity>,
    { orderBy: { heldAt: 'desc', id: 'asc' }, limit: page.limit, offset: page.offset },
  );
}

/**
 * 组织生活 with attendance from any organization (一方隶属、参加多重组织生活). For each attendee with an active
 * mobility record it meets OUTFLOW_4 (online study) and, when the organization is on the record's inflow side,
 * INFLOW_3.
 */
export async function recordOrgLife(ctx: PartyContext, input: RecordOrgLifeInput): Promise<OrgLifeActivity> {
  const access = await requireAdmin(ctx);
  const org = await findOr404(ctx, PartyOrganization, input.organizationId, 'organization');
  requireManages(access, org.path);
  const topic = text(input.topic, 'topic', 500);
  const now = ctx.clock.now();
  if (input.heldAt.getTime() > now.getTime())
    throw badInput('heldAt must not be in the future', { field: 'heldAt' });
  const ids = [...new Set(input.attendeeIds)];
  if (ids.length > MAX_ATTENDEES)
    throw badInput(`at most ${MAX_ATTENDEES} attendees`, { field: 'attendeeIds' });
  const attendees = ids.every(isUuid) ? await ctx.em.find(PartyMember, { id: { $in: ids } }) : [];
  if (attendees.length !== ids.length) {
    throw badInput('attendeeIds names someone who is not a party member', { field: 'attendeeIds' });
  }
  const activity = ctx.em.create(OrgLifeActivity, {
    organization: org.id as never,
    organizationPath: org.path,
    type: input.type,
    topic,
    heldAt: input.heldAt,
    online: input.online,
    recordedAt: now,
  });
  activity.attendees.set(attendees);
  const records = ids.length ? await ctx.em.find(MobilityRecord, { activeKey: { $in: ids } }) : [];
  for (const record of records) {
    const duty = {
      organizationId: org.id,
      performedAt: input.heldAt,
      source: DutySource.ORG_LIFE,
      note: topic,
    };
    if (input.type === OrgLifeType.ONLINE_STUDY) addDutyRecord(ctx, record, 'OUTFLOW_4', duty);
    if (onInflowSide(org.path, record)) addDutyRecord(ctx, record, 'INFLOW_3', duty);
  }
  await ctx.em.flush();
  return activity;
}

/** Attendees of a batch of activities in one query, by name. */
export function attendeesOf(ctx: PartyContext, a: OrgLifeActivity): Promise<PartyMember[]> {
  return ctx.loaders
    .get<string, PartyMember[]>('party:attendees', async (ids) => {
      const rows = await rawRows<{ a: string; m: string }>(
        ctx,
        `select org_life_activity_id as a, party_member_id as m from org_life_attendance where org_life_activity_id in (${placeholders(ids.length)})`,
        [...ids],
      );
      const members = await ctx.em.find(
        PartyMember,
        { id: { $in: [...new Set(rows.map((r) => r.m))] } },
        {
          orderBy: { name: 'asc', id: 'asc' },
        },
      );
      const byActivity = new Map<string, Set<string>>(ids.map((id) => [id, new Set()]));
      for (const r of rows) byActivity.get(r.a)?.add(r.m);
      return ids.map((id) => members.filter((m) => byActivity.get(id)!.has(m.id)));
    })
    .load(a.id);
}
