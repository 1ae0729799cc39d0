/**
 * Access to party data, in one place (DOMAIN.md §3). Every party query, mutation, nested field, node(id) and
 * analytics call asks this module.
 *
 * - read: where a viewer may read members, records and what hangs off them. ORG_ADMIN: the subtree of its scope
 *   claim; ORG_DEPARTMENT and ANALYST: the same, or everything without a claim.
 * - manage: where a viewer may act as an administrator (ORG_ADMIN, ORG_DEPARTMENT) — never an ANALYST.
 * - A member or record is readable when its formal / outflow organization is in reach, or the inflow
 *   organization of its (active) record is; a MEMBER reads itself and its own records.
 * - Organizations are a directory: any signed-in party role reads any organization; counts below it follow
 *   scope.
 * - idNumber and phone are shown only to the member itself and to administrators whose manage reach holds the
 *   member's formal organization or the inflow organization of its active record; everyone else gets them
 *   masked.
 * Out of scope: queries answer null / leave it out of lists; mutations refuse with FORBIDDEN.
 */
import { DomainError, ErrorCode, forbidden, notFound, unauthenticated } from '../common/errors';
import { hasRole, Role, type Viewer } from '../common/viewer';
import { placeholders } from '../db/reads';
import { PartyOrganization } from './organization/organization.entity';
import { isWithin } from './organization/organization.rules';
import { anyOf, cond, FALSE, TRUE, within, type SqlCond } from './party.sql';
import type { PartyContext } from './party.context';
import { rawRows } from './party.support';

/** a subtree, everything, or nothing */
export interface Reach {
  all: boolean;
  path: string | null;
}

const NOWHERE: Reach = { all: false, path: null };
const EVERYWHERE: Reach = { all: true, path: null };

export interface PartyAccess {
  viewer: Viewer;
  /** signed in with ORG_ADMIN, ORG_DEPARTMENT, ANALYST or MEMBER */
  partyViewer: boolean;
  read: Reach;
  manage: Reach;
  /** ORG_ADMIN, ORG_DEPARTMENT or ANALYST: may read analytics (for its read reach) */
  analyst: boolean;
  /** ORG_DEPARTMENT: creates organizations, approves mobile-member organizations, allocates fees */
  department: boolean;
  /** the member a MEMBER acts as */
  memberId: string | null;
  scopeOrganization: PartyOrganization | null;
}

export const PARTY_ROLES = [Role.ORG_ADMIN, Role.ORG_DEPARTMENT, Role.ANALYST, Role.MEMBER];
export const ADMIN_ROLES = [Role.ORG_ADMIN, Role.ORG_DEPARTMENT];
const STAFF_ROLES = [Role.ORG_ADMIN, Role.ORG_DEPARTMENT, Role.ANALYST];

const cache = new WeakMap<object, Promise<PartyAccess>>();

/** The viewer's party access, worked out once per operation. */
export function partyAccess(ctx: PartyContext): Promise<PartyAccess> {
  let access = cache.get(ctx.loaders);
  if (!access) {
    access = resolveAccess(ctx);
    cache.set(ctx.loaders, access);
  }
  return access;
}

async function resolveAccess(ctx: PartyContext): Promise<PartyAccess> {
  const viewer = ctx.viewer;
  const signedIn = viewer.subject !== null;
  const claim = viewer.scopeOrganizationId;
  let scopeOrganization: PartyOrganization | null = null;
  if (signedIn && claim && hasRole(viewer, ...STAFF_ROLES)) {
    scopeOrganization = await ctx.em.findOne(PartyOrganization, { id: claim });
  }
  const scoped: Reach = scopeOrganization ? { all: false, path: scopeOrganization.path } : NOWHERE;
  const unscoped = !claim;
  const reachFor = (roles: Role[], unscopedMeansAll: Role[]): Reach => {
    if (!signedIn || !hasRole(viewer, ...roles)) return NOWHERE;
    if (unscoped) return hasRole(viewer, ...unscopedMeansAll) ? EVERYWHERE : NOWHERE;
    return scoped;
  };
  return {
    viewer,
    partyViewer: signedIn && hasRole(viewer, ...PARTY_ROLES),
    read: reachFor(STAFF_ROLES, [Role.ORG_DEPARTMENT, Role.ANALYST]),
    manage: reachFor(ADMIN_ROLES, [Role.ORG_DEPARTMENT]),
    analyst: signedIn && hasRole(viewer, ...STAFF_ROLES),
    department: signedIn && hasRole(viewer, Role.ORG_DEPARTMENT),
    memberId: signedIn && hasRole(viewer, Role.MEMBER) ? (viewer.memberId ?? null) : null,
    scopeOrganization,
  };
}

export const reaches = (reach: Reach, path: string | null | undefined): boolean =>
  !!path && (reach.all || isWithin(path, reach.path));

/** Party queries: anonymous → UNAUTHENTICATED; a land role → FORBIDDEN. */
export async function requirePartyViewer(ctx: PartyContext): Promise<PartyAccess> {
  if (ctx.viewer.subject === null) throw unauthenticated();
  const access = await partyAccess(ctx);
  if (!access.partyViewer)
    throw forbidden('needs a party role (ORG_ADMIN, ORG_DEPARTMENT, ANALYST or MEMBER)');
  return access;
}

/** Analytics and the lists behind them: ORG_ADMIN, ORG_DEPARTMENT, ANALYST. */
export async function requireAnalyst(ctx: PartyContext): Promise<PartyAccess> {
  if (ctx.viewer.subject === null) throw unauthenticated();
  const access = await partyAccess(ctx);
  if (!access.analyst) throw forbidden('needs ORG_ADMIN, ORG_DEPARTMENT or ANALYST');
  return access;
}

/** An analytics scope must lie within the viewer's read reach; outside it, it does not exist. */
export function requireReadableScope(
  access: PartyAccess,
  scope: PartyOrganization | null,
): PartyOrganization {
  if (!scope || !reaches(access.read, scope.path)) throw notFound('organization');
  return scope;
}

/** Administrative mutations: anonymous → UNAUTHENTICATED; not ORG_ADMIN / ORG_DEPARTMENT → FORBIDDEN. */
export async function requireAdmin(ctx: PartyContext, department = false): Promise<PartyAccess> {
  if (ctx.viewer.subject === null) throw unauthenticated();
  const access = await partyAccess(ctx);
  if (department ? !access.department : !hasRole(ctx.viewer, ...ADMIN_ROLES)) {
    throw forbidden(department ? 'needs ORG_DEPARTMENT' : 'needs ORG_ADMIN or ORG_DEPARTMENT');
  }
  return access;
}

/** The viewer administers `path` (an organization's path), else FORBIDDEN. */
export function requireManages(
  access: PartyAccess,
  path: string | null | undefined,
  what = 'organization',
): void {
  if (!reaches(access.manage, path)) throw forbidden(`this ${what} is outside your scope`);
}

export const isSelf = (access: PartyAccess, memberId: string): boolean => access.memberId === memberId;

// ─── members and records ───

/** What the policy needs to know about a member: its formal organization and its active record's inflow. */
export interface MemberFacts {
  id: string;
  formalPath: string;
  /** inflow organization path of the member's active mobility record, if reported */
  activeInflowPath: string | null;
}

export const canReadMember = (access: PartyAccess, m: MemberFacts): boolean =>
  isSelf(access, m.id) || reaches(access.read, m.formalPath) || reaches(access.read, m.activeInflowPath);

/** idNumber and phone in clear: the member itself, and administrators of its formal or inflow organization. */
export const showsPersonalData = (access: PartyAccess, m: MemberFacts): boolean =>
  isSelf(access, m.id) || reaches(access.manage, m.formalPath) || reaches(access.manage, m.activeInflowPath);

export interface RecordFacts {
  memberId: string;
  outflowPath: string;
  inflowPath: string | null;
}

export const canReadRecord = (access: PartyAccess, r: RecordFacts): boolean =>
  isSelf(access, r.memberId) || reaches(access.read, r.outflowPath) || reaches(access.read, r.inflowPath);

/** `6301**********1234`: the first 4 and last 4 characters of a 身份证号. */
export function maskIdNumber(value: string): string {
  if (value.length <= 8) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}

/** `138****5678`: the first 3 and last 4 digits of a phone number. */
export function maskPhone(value: string): string {
  if (value.length <= 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

// ─── the same rules as SQL, for lists and counts ───

const readWithin = (access: PartyAccess, column: string): SqlCond =>
  access.read.all ? TRUE : access.read.path ? within(column, access.read.path) : FALSE;

const inflowMembersCache = new WeakMap<object, Promise<string[]>>();
/** beyond this many, a subquery per member is cheaper than listing their ids */
const MAX_LISTED_INFLOW_MEMBERS = 5000;

/**
 * Members the viewer may read, on alias `{a}` of party_member: its formal organization in reach, or the member of
 * an active record whose inflow organization is in reach, or itself. The inflow members are looked up first
 * (an index range on mobility_record), so the condition is two index lookups, not a subquery per member.
 */
export async function memberVisibleSql(ctx: PartyContext): Promise<SqlCond> {
  const access = await partyAccess(ctx);
  if (access.read.all) return TRUE;
  let inflowMembers = inflowMembersCache.get(ctx.loaders);
  if (!inflowMembers) {
    const inflow = readWithin(access, 'r.inflow_path');
    inflowMembers =
      inflow === FALSE
        ? Promise.resolve([])
        : rawRows<{ id: string }>(
            ctx,
            `select r.active_key as id from mobility_record r where r.active_key is not null and ${inflow.sql}`,
            inflow.params,
          ).then((rows) => rows.map((r) => r.id));
    inflowMembersCache.set(ctx.loaders, inflowMembers);
  }
  const inflowIds = await inflowMembers;
  const inflow = readWithin(access, 'r.inflow_path');
  return anyOf(
    readWithin(access, '{a}.formal_path'),
    inflowIds.length > MAX_LISTED_INFLOW_MEMBERS
      ? {
          sql: `exists (select 1 from mobility_record r where r.active_key = {a}.id and ${inflow.sql})`,
          params: inflow.params,
        }
      : inflowIds.length
        ? { sql: `{a}.id in (${placeholders(inflowIds.length)})`, params: inflowIds }
        : FALSE,
    access.memberId ? cond('{a}.id = ?', access.memberId) : FALSE,
  );
}

/** Mobility records the viewer may read, on alias `{a}` of mobility_record. */
export function recordVisibleSql(access: PartyAccess): SqlCond {
  if (access.read.all) return TRUE;
  return anyOf(
    readWithin(access, '{a}.outflow_path'),
    readWithin(access, '{a}.inflow_path'),
    access.memberId ? cond('{a}.member_id = ?', access.memberId) : FALSE,
  );
}

/** Rows that hang off two organization paths (transfers, fee allocations). */
export function pathsVisibleSql(access: PartyAccess, ...columns: string[]): SqlCond {
  return anyOf(...columns.map((c) => readWithin(access, c)));
}

// ─── people and work records that hang off organizations (recruitment, workforce) ───

/**
 * 入党申请人 / 入党积极分子 are not members: they belong to the organization that holds them (the one training them)
 * and, while a handover (移交) is pending, to the receiving one as well. Their training contacts (培养联系人,
 * MEMBER) read them too, masked.
 */
export interface ApplicantFacts {
  holderPath: string;
  pendingToPath: string | null;
  contactIds: (string | null | undefined)[];
}

export const canReadApplicant = (access: PartyAccess, a: ApplicantFacts): boolean =>
  reaches(access.read, a.holderPath) ||
  reaches(access.read, a.pendingToPath) ||
  (!!access.memberId && a.contactIds.includes(access.memberId));

/** idNumber and phone in clear: administrators of the holding organization, or of the one receiving a handover. */
export const showsApplicantData = (access: PartyAccess, a: ApplicantFacts): boolean =>
  reaches(access.manage, a.holderPath) || reaches(access.manage, a.pendingToPath);

/** Applicants the viewer may read, on alias `{a}` of membership_applicant. */
export function applicantVisibleSql(access: PartyAccess): SqlCond {
  return anyOf(
    readWithin(access, '{a}.holder_path'),
    readWithin(access, '{a}.pending_to_path'),
    access.memberId
      ? cond('({a}.first_contact_id = ? or {a}.second_contact_id = ?)', access.memberId, access.memberId)
      : FALSE,
  );
}

/** Rows readable by staff whose read scope holds one of the paths (surveys, instructors, trainings). */
export const canReadPaths = (access: PartyAccess, ...paths: (string | null | undefined)[]): boolean =>
  access.partyViewer && paths.some((p) => reaches(access.read, p));

/** A rule error that is neither scope nor role. */
export const notEligible = (message: string): DomainError =>
  new DomainError(ErrorCode.NOT_MOBILE_ELIGIBLE, message);
