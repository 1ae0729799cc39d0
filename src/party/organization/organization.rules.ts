/** The organization tree: materialized paths, subtree ranges, and what makes an organization acceptable. */
import { badInput, DomainError, ErrorCode } from '../../common/errors';
import { AdministrativeLevel, OrganizationType } from './organization.types';
import { text } from '../party.input';

/** digits per level of `PartyOrganization.path`: up to 99,999 children per parent */
export const PATH_SEGMENT_DIGITS = 5;
const MAX_SEQUENCE = 10 ** PATH_SEGMENT_DIGITS - 1;
/** the path column holds 255 characters */
export const MAX_DEPTH = Math.floor(255 / PATH_SEGMENT_DIGITS) - 1;

/** The path of the seq-th child (1, 2, …) of a parent (null for a root). */
export function childPath(parentPath: string | null, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1 || seq > MAX_SEQUENCE) {
    throw new DomainError(ErrorCode.CONFLICT, `an organization may have at most ${MAX_SEQUENCE} children`);
  }
  return `${parentPath ?? ''}${String(seq).padStart(PATH_SEGMENT_DIGITS, '0')}`;
}

/** The sequence number of the last segment of a path. */
export function lastSequence(path: string): number {
  return Number(path.slice(-PATH_SEGMENT_DIGITS));
}

/**
 * The subtree of `path` as a half-open range [from, to) of paths: every descendant starts with `path`, and
 * for digit strings "starts with P" is the same as "≥ P and < P+1 (same length)" under any collation, so the
 * range uses the plain index (a LIKE prefix would not on a non-C PostgreSQL collation). `to` is null when P is
 * all nines (nothing sorts after it).
 */
export function subtreeRange(path: string): { from: string; to: string | null } {
  if (!/^\d+$/.test(path)) throw new RangeError(`not an organization path: ${path}`);
  const next = (BigInt(path) + 1n).toString().padStart(path.length, '0');
  return { from: path, to: next.length > path.length ? null : next };
}

/** true when `path` is `ancestorPath` or below it */
export const isWithin = (path: string | null | undefined, ancestorPath: string | null | undefined): boolean =>
  !!path && !!ancestorPath && path.startsWith(ancestorPath);

const LEVELS = Object.values(AdministrativeLevel);
export const levelRank = (level: AdministrativeLevel): number => LEVELS.indexOf(level);

/** The level of a mobile-member organization: one below its parent's (UNIT stays UNIT). */
export const levelBelow = (level: AdministrativeLevel): AdministrativeLevel =>
  LEVELS[Math.min(levelRank(level) + 1, LEVELS.length - 1)];

export function checkRegionCode(code: string, field = 'regionCode'): string {
  if (!/^[1-9]\d{5}$/.test(code)) {
    throw badInput(`${field} must be a 6-digit administrative division code (行政区划代码)`, { field });
  }
  return code;
}

export const checkName = (name: string, field = 'name'): string => text(name, field, 200);

interface ParentFacts {
  level: AdministrativeLevel;
  depth: number;
}

/** A new organization under `parent` (null: a root). */
export function checkNewOrganization(
  input: {
    name: string;
    type: OrganizationType;
    level: AdministrativeLevel;
    regionCode: string;
    canApproveProbationary?: boolean | null;
  },
  parent: ParentFacts | null,
): { name: string; regionCode: string; canApproveProbationary: boolean } {
  const name = checkName(input.name);
  const regionCode = checkRegionCode(input.regionCode);
  if (parent && levelRank(input.level) < levelRank(parent.level)) {
    throw badInput(`a ${input.level} organization cannot sit below a ${parent.level} one`, {
      field: 'level',
    });
  }
  if (parent && parent.depth + 1 > MAX_DEPTH)
    throw badInput('the tree is too deep here', { field: 'parentId' });
  const canApprove = input.canApproveProbationary ?? false;
  if (canApprove && !isCommittee(input.type)) {
    throw badInput('only a committee or working committee (党（工）委) may approve probationary members', {
      field: 'canApproveProbationary',
    });
  }
  return { name, regionCode, canApproveProbationary: canApprove };
}

export const isCommittee = (type: OrganizationType): boolean =>
  type === OrganizationType.COMMITTEE || type === OrganizationType.WORKING_COMMITTEE;

/**
 * 流动党员党组织 are approved by a party committee (党委) at county level or above (县级以上党委批准).
 */
export function checkMobileOrgApprover(approver: {
  type: OrganizationType;
  level: AdministrativeLevel;
}): void {
  if (
    approver.type !== OrganizationType.COMMITTEE ||
    levelRank(approver.level) > levelRank(AdministrativeLevel.COUNTY)
  ) {
    throw new DomainError(
      ErrorCode.APPROVER_LEVEL_TOO_LOW,
      'a mobile-member party organization needs the approval of a party committee at county level or above',
    );
  }
}
