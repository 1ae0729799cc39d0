import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { badInput, DomainError, ErrorCode, forbidden } from '../../common/errors';
import { isUuid } from '../../common/ids';
import { containsText } from '../../common/orm-types';
import { toConnection, toPage, type Connection, type PageArgs } from '../../common/pagination';
import { PartyMember } from '../member/member.entity';
import { PartyOrganization } from './organization.entity';
import {
  checkMobileOrgApprover,
  checkName,
  checkNewOrganization,
  checkRegionCode,
  childPath,
  isWithin,
  lastSequence,
  levelBelow,
} from './organization.rules';
import type {
  CreateOrganizationInput,
  MobileOrganizationInput,
  OrganizationFilter,
} from './organization.types';
import type { PartyContext } from '../party.context';
import { loadById, loadMany, loadScalar } from '../party.loaders';
import {
  memberVisibleSql,
  partyAccess,
  reaches,
  recordVisibleSql,
  requireAdmin,
  requireManages,
  requirePartyViewer,
} from '../party.policy';
import { aliased, allOf, TRUE, toFilter, within, withinMostRows, type SqlCond } from '../party.sql';
import { notInFuture } from '../party.input';
import { findOr404, findOrNull, rawRows, today } from '../party.support';
import { dialectOf } from '../../db/orm';
import { read } from '../../db/reads';

/** Organizations are a directory: any party viewer reads any of them. */
export async function getOrganization(ctx: PartyContext, id: string): Promise<PartyOrganization | null> {
  await requirePartyViewer(ctx);
  return isUuid(id) ? loadById(ctx, PartyOrganization, id) : null;
}

export async function listOrganizations(
  ctx: PartyContext,
  args: PageArgs,
  filter?: OrganizationFilter | null,
): Promise<Connection<PartyOrganization>> {
  await requirePartyViewer(ctx);
  const page = toPage(args);
  const where: object[] = [];
  if (filter?.withinId) {
    const root = await findOrNull(ctx, PartyOrganization, filter.withinId);
    if (!root) return toConnection([], 0, page);
    where.push(toFilter(within('{a}.path', root.path)));
  }
  if (filter?.type) where.push({ type: filter.type });
  if (filter?.regionCodePrefix) {
    if (!/^\d{1,6}$/.test(filter.regionCodePrefix)) {
      throw badInput('regionCodePrefix must be 1 to 6 digits', { field: 'regionCodePrefix' });
    }
    where.push(toFilter({ sql: '{a}.region_code like ?', params: [`${filter.regionCodePrefix}%`] }));
  }
  if (filter?.nameContains) where.push(containsText('name', filter.nameContains));
  if (filter?.mobileOnly) where.push({ isMobilePartyOrganization: true });
  const [items, total] = await ctx.em.findAndCount(
    PartyOrganization,
    { $and: where },
    { orderBy: { path: 'asc' }, limit: page.limit, offset: page.offset },
  );
  return toConnection(items, total, page);
}

export const childrenOf = (ctx: PartyContext, org: PartyOrganization): Promise<PartyOrganization[]> =>
  loadMany(ctx, PartyOrganization, 'parent', org.id, { path: 'asc' });

/**
 * Counts below an organization follow the viewer's scope: what the viewer may read within the organization's
 * subtree. One UNION ALL statement per batch of organizations.
 */
async function countBelow(
  ctx: PartyContext,
  path: string,
  kind: 'members' | 'outflow' | 'inflow',
): Promise<number> {
  const access = await partyAccess(ctx);
  const whole = reaches(access.read, path);
  const table = kind === 'members' ? 'party_member' : 'mobility_record';
  const visible: SqlCond = whole
    ? TRUE
    : kind === 'members'
      ? await memberVisibleSql(ctx)
      : recordVisibleSql(access);
  const column = { members: 'formal_path', outflow: 'outflow_path', inflow: 'inflow_path' }[kind];
  return loadScalar(ctx, `${kind}:${whole}`, path, (path) => {
    const where = aliased(
      allOf(
        within(`{a}.${column}`, path),
        kind === 'members' ? TRUE : { sql: '{a}.active_key is not null', params: [] },
        visible,
      ),
      'x',
    );
    return { sql: `select count(*) from ${table} x where ${where.sql}`, params: where.params };
  });
}

export const memberCountOf = (ctx: PartyContext, org: PartyOrganization) =>
  countBelow(ctx, org.path, 'members');

/**
 * A subtree holding this many pages (up to the one asked for) or more is walked in list order on SQLite (see
 * `withinMostRows`); a smaller one is read through its path range and sorted, which reads fewer rows.
 */
const WALK_IN_ORDER_PAGES = 4;

/**
 * `Organization.members`: a page of the members whose formal organization is `org` or below, in your scope, by
 * name — the page of every organization asked for in a tick from one UNION ALL statement (a subtree is a path
 * range, and subtrees may nest, so one window partition would not do); the total is `memberCount`. Each part is
 * a plain `order by name, id limit offset` that the `(name, id, formal_path)` index answers in order, testing
 * the subtree on the index entry (no window over the whole subtree); its count, read first (the same statement
 * as `memberCount`), leaves out pages past the end and tells SQLite which plan to take.
 */
export async function membersBelow(
  ctx: PartyContext,
  org: PartyOrganization,
  args: PageArgs,
): Promise<Connection<PartyMember>> {
  const access = await requirePartyViewer(ctx);
  const page = toPage(args);
  const [items, total] = await Promise.all([
    ctx.loaders
      .get<string, PartyMember[]>(`party:membersBelow:${page.offset}:${page.limit}`, async (paths) => {
        const [visible, totals] = await Promise.all([
          memberVisibleSql(ctx),
          Promise.all(paths.map((path) => countBelow(ctx, path, 'members'))),
        ]);
        const sqlite = dialectOf(ctx.em) === 'sqlite';
        const parts: SqlCond[] = [];
        paths.forEach((path, i) => {
          if (page.limit === 0 || totals[i] <= page.offset) return;
          const walk = sqlite && totals[i] >= WALK_IN_ORDER_PAGES * (page.offset + page.limit);
          const where = aliased(
            allOf(
              walk ? withinMostRows('{a}.formal_path', path) : within('{a}.formal_path', path),
              reaches(access.read, path) ? TRUE : visible,
            ),
            'x',
          );
          parts.push({
            sql:
              `select * from (select ${i} as page_key__, x.* from party_member x where ${where.sql} ` +
              `order by x.name, x.id limit ? offset ?) p${i}`,
            params: [...where.params, page.limit, page.offset],
          });
        });
        const pages = paths.map((): Record<string, unknown>[] => []);
        if (parts.length) {
          // one part keeps its own order; parts joined by UNION ALL are put in order again (cheap: pages only)
          const sql =
            parts.length === 1
              ? parts[0].sql
              : `select * from (${parts.map((p) => p.sql).join(' union all ')}) pages order by page_key__, name, id`;
          const rows = await rawRows<Record<string, unknown>>(
            ctx,
            sql,
            parts.flatMap((p) => p.params),
          );
          for (const { page_key__: key, ...member } of rows) pages[Number(key)].push(member);
        }
        return pages.map((rows) => read.map(ctx, PartyMember, rows));
      })
      .load(org.path),
    memberCountOf(ctx, org),
  ]);
  return toConnection(items, total, page);
}

export const outflowCountOf = (ctx: PartyContext, org: PartyOrganization) =>
  countBelow(ctx, org.path, 'outflow');
export const inflowCountOf = (ctx: PartyContext, org: PartyOrganization) =>
  countBelow(ctx, org.path, 'inflow');

/** Inserts under the next free path of the parent; retries if another insert took the same path. */
async function insertOrganization(
  ctx: PartyContext,
  parent: PartyOrganization | null,
  data: Partial<PartyOrganization> & Pick<PartyOrganization, 'name'>,
): Promise<PartyOrganization> {
  for (let attempt = 0; ; attempt++) {
    const em = ctx.em.fork();
    const sibling = await em.findOne(
      PartyOrganization,
      { parent: parent?.id ?? null },
      { orderBy: { path: 'desc' }, fields: ['path'] },
    );
    const path = childPath(parent?.path ?? null, sibling ? lastSequence(sibling.path) + 1 : 1);
    const org = em.create(PartyOrganization, {
      ...data,
      parent: parent?.id ?? null,
      path,
      depth: parent ? parent.depth + 1 : 0,
      createdAt: ctx.clock.now(),
    } as PartyOrganization);
    try {
      await em.flush();
      return ctx.em.merge(org);
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      const sameName = await ctx.em
        .fork()
        .findOne(PartyOrganization, { parent: parent?.id ?? null, name: data.name });
      if (sameName) {
        throw new DomainError(ErrorCode.CONFLICT, `an organization named ${data.name} already exists there`);
      }
      if (attempt >= 4) throw error;
    }
  }
}

async function checkSiblingName(ctx: PartyContext, parent: PartyOrganization | null, name: string) {
  if (await ctx.em.findOne(PartyOrganization, { parent: parent?.id ?? null, name })) {
    throw new DomainError(ErrorCode.CONFLICT, `an organization named ${name} already exists there`);
  }
}

/** ORG_DEPARTMENT: an organization under one in its scope; a root only without a scope claim. */
export async function createOrganization(
  ctx: PartyContext,
  input: CreateOrganizationInput,
): Promise<PartyOrganization> {
  const access = await requireAdmin(ctx, true);
  let parent: PartyOrganization | null = null;
  if (input.parentId) {
    parent = await findOr404(ctx, PartyOrganization, input.parentId, 'parent organization');
    requireManages(access, parent.path);
  } else if (!access.manage.all) {
    throw forbidden('only an organization department without a scope claim creates a root organization');
  }
  const valid = checkNewOrganization(input, parent);
  await checkSiblingName(ctx, parent, valid.name);
  return insertOrganization(ctx, parent, { ...valid, type: input.type, level: input.level });
}

/**
 * 流动党员党组织: set up under an organization in the department's scope, approved by a party committee at
 * county level or above that is that organization or one of its ancestors.
 */
export async function establishMobileOrganization(
  ctx: PartyContext,
  input: MobileOrganizationInput,
): Promise<PartyOrganization> {
  const access = await requireAdmin(ctx, true);
  const parent = await findOr404(ctx, PartyOrganization, input.parentId, 'parent organization');
  requireManages(access, parent.path);
  const approver = await findOr404(ctx, PartyOrganization, input.approverId, 'approving organization');
  checkMobileOrgApprover(approver);
  if (!isWithin(parent.path, approver.path)) {
    throw badInput('the approving committee must be the parent organization or above it', {
      field: 'approverId',
    });
  }
  const name = checkName(input.name);
  const regionCode = checkRegionCode(input.regionCode);
  const approvedAt = notInFuture(input.approvedAt, today(ctx), 'approvedAt');
  await checkSiblingName(ctx, parent, name);
  return insertOrganization(ctx, parent, {
    name,
    type: input.type,
    level: levelBelow(parent.level),
    regionCode,
    canApproveProbationary: false,
    isMobilePartyOrganization: true,
    mobileOrgBasis: input.basis,
    approvedBy: approver.id as never,
    approvedAt,
  });
}
