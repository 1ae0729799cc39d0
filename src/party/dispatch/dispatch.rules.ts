/** 工作调度: who issues to whom, the states of a work item, the month of a report. Pure. */
import { badInput, DomainError, ErrorCode } from '../../common/errors';
import { addDays, addMonths, isValidIsoDate } from '../../common/time';
import { isWithin } from '../organization/organization.rules';
import { AdministrativeLevel, OrganizationType } from '../organization/organization.types';
import { WorkItemStatus } from './dispatch.types';

/** the stored states; OVERDUE is read from the day */
export const STORED = { ISSUED: 'ISSUED', ANSWERED: 'ANSWERED', CLOSED: 'CLOSED' } as const;

export function workItemStatus(item: { state: string; dueOn: string }, today: string): WorkItemStatus {
  if (item.state === STORED.ISSUED)
    return item.dueOn < today ? WorkItemStatus.OVERDUE : WorkItemStatus.ISSUED;
  return item.state as WorkItemStatus;
}

const ISSUING_LEVELS: string[] = [
  AdministrativeLevel.CENTRAL,
  AdministrativeLevel.PROVINCE,
  AdministrativeLevel.CITY,
  AdministrativeLevel.COUNTY,
];

/** 县级以上党委组织部门: the issuer is a committee at county level or above. */
export function checkIssuer(org: { type: OrganizationType | string; level: string }): void {
  if (org.type !== OrganizationType.COMMITTEE || !ISSUING_LEVELS.includes(org.level)) {
    throw badInput('work items are issued by a committee at county level or above', {
      field: 'issuingOrganizationId',
    });
  }
}

/** 承办单位: a base committee that may approve probationary members, strictly below the issuer. */
export function checkCommittee(
  committee: { path: string; canApproveProbationary: boolean },
  issuerPath: string,
): void {
  if (
    !committee.canApproveProbationary ||
    committee.path === issuerPath ||
    !isWithin(committee.path, issuerPath)
  ) {
    throw badInput(
      'the receiving organization must be a base committee that may approve probationary members, below the issuer',
      { field: 'committeeId' },
    );
  }
}

export function checkDueOn(dueOn: string, today: string): string {
  if (dueOn < today) throw badInput('dueOn must be today or later', { field: 'dueOn' });
  return dueOn;
}

/** issued (overdue or not) → answered; answered → closed */
export function checkTransition(item: { state: string }, to: 'ANSWERED' | 'CLOSED'): void {
  const from = to === 'ANSWERED' ? STORED.ISSUED : STORED.ANSWERED;
  if (item.state !== from) {
    throw new DomainError(
      ErrorCode.INVALID_TRANSITION,
      to === 'ANSWERED'
        ? 'only an issued work item can be answered'
        : 'only an answered work item can be closed',
    );
  }
}

/** A report month `YYYY-MM`: its first day and the day its figures are taken (its last day, or today within it). */
export function reportMonth(month: string, today: string): { first: string; last: string; asOf: string } {
  const first = `${month}-01`;
  if (!/^\d{4}-\d{2}$/.test(month) || !isValidIsoDate(first)) {
    throw badInput('month must be YYYY-MM', { field: 'month' });
  }
  if (first > today) throw badInput('month must not be in the future', { field: 'month' });
  const last = addDays(addMonths(first, 1), -1);
  return { first, last, asOf: last < today ? last : today };
}
