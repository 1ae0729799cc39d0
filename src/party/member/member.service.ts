import { badInput } from '../../common/errors';
import { containsText } from '../../common/orm-types';
import { toConnection, toPage, type Connection, type PageArgs } from '../../common/pagination';
import type { CreateMemberInput, MemberFilter, UpdateMemberInput } from './member.types';
import { PartyMember } from './member.entity';
import { validateMemberUpdate, validateNewMember } from './member.rules';
import { PartyOrganization } from '../organization/organization.entity';
import { OrganizationType } from '../organization/organization.types';
import type { PartyContext } from '../party.context';
import { loadActiveRecord } from '../party.loaders';
import {
  canReadMember,
  memberVisibleSql,
  requireAdmin,
  requireManages,
  requirePartyViewer,
  showsPersonalData,
  maskIdNumber,
  maskPhone,
  type MemberFacts,
  partyAccess,
} from '../party.policy';
import { cond, toFilter, within } from '../party.sql';
import { findOr404, findOrNull, flushOrConflict, today } from '../party.support';

/** The facts the policy needs about a member (its active record's inflow, through a loader). */
export async function memberFacts(ctx: PartyContext, member: PartyMember): Promise<MemberFacts> {
  const active = await loadActiveRecord(ctx, member.id);
  return { id: member.id, formalPath: member.formalPath, activeInflowPath: active?.inflowPath ?? null };
}

export async function canSeeMember(ctx: PartyContext, member: PartyMember): Promise<boolean> {
  const access = await partyAccess(ctx);
  return access.partyViewer && canReadMember(access, await memberFacts(ctx, member));
}

export async function getMember(ctx: PartyContext, id: string): Promise<PartyMember | null> {
  await requirePartyViewer(ctx);
  const member = await findOrNull(ctx, PartyMember, id);
  return member && (await canSeeMember(ctx, member)) ? member : null;
}

export async function listMembers(
  ctx: PartyContext,
  args: PageArgs,
  filter?: MemberFilter | null,
): Promise<Connection<PartyMember>> {
  await requirePartyViewer(ctx);
  const page = toPage(args);
  const where: object[] = [toFilter(await memberVisibleSql(ctx))];
  if (filter?.withinId) {
    const root = await findOrNull(ctx, PartyOrganization, filter.withinId);
    if (!root) return toConnection([], 0, page);
    where.push(toFilter(within('{a}.formal_path', root.path)));
  }
  if (filter?.nameContains) where.push(containsText('name', filter.nameContains));
  if (filter?.status) where.push({ status: filter.status });
  if (filter?.mobileOnly != null) {
    const mobile = `exists (select 1 from mobility_record r where r.active_key = {a}.id and r.mobile_from <= ?)`;
    where.push(toFilter(cond(filter.mobileOnly ? mobile : `not ${mobile}`, today(ctx))));
  }
  const [items, total] = await ctx.em.findAndCount(
    PartyMember,
    { $and: where },
    { orderBy: { name: 'asc', id: 'asc' }, limit: page.limit, offset: page.offset },
  );
  return toConnection(items, total, page);
}

/** idNumber / phone as this viewer may see them. */
export async function personalField(
  ctx: PartyContext,
  member: PartyMember,
  field: 'idNumber' | 'phone',
): Promise<string | null> {
  const value = member[field];
  if (!value) return null;
  const access = await partyAccess(ctx);
  if (showsPersonalData(access, await memberFacts(ctx, member))) return value;
  return field === 'idNumber' ? maskIdNumber(value) : maskPhone(value);
}

/** ORG_ADMIN / ORG_DEPARTMENT: a member of a branch in scope. */
export async function createMember(ctx: PartyContext, input: CreateMemberInput): Promise<PartyMember> {
  const access = await requireAdmin(ctx);
  const branch = await findOr404(ctx, PartyOrganization, input.formalOrganizationId, 'organization');
  requireManages(access, branch.path);
  if (branch.type !== OrganizationType.BRANCH) {
    throw badInput('a member’s formal organization is a branch (党支部)', { field: 'formalOrganizationId' });
  }
  const valid = validateNewMember(input, today(ctx));
  const member = ctx.em.create(PartyMember, {
    ...valid,
    formalOrganization: branch.id as never,
    formalPath: branch.path,
    createdAt: ctx.clock.now(),
  });
  await flushOrConflict(ctx, 'a member with this idNumber already exists');
  return member;
}

/** Administrators of the member's formal organization. */
export async function updateMember(
  ctx: PartyContext,
  id: string,
  input: UpdateMemberInput,
): Promise<PartyMember> {
  const access = await requireAdmin(ctx);
  const member = await findOr404(ctx, PartyMember, id, 'member');
  requireManages(access, member.formalPath, 'member');
  ctx.em.assign(member, validateMemberUpdate(input, member, today(ctx)));
  await flushOrConflict(ctx, 'a member with this idNumber already exists');
  return member;
}
