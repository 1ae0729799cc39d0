/**
 * Who does the work (DOMAIN.md §2.5–2.6, the opinion's 选优配强负责人, 调查摸底, 选派党建指导员, 党务工作者培训). Pure.
 */
import { badInput, DomainError, ErrorCode } from '../../common/errors';
import { addMonths } from '../../common/time';
import { checkContactPhone } from '../member/member.rules';
import { checkName, checkRegionCode, isWithin, levelRank } from '../organization/organization.rules';
import { AdministrativeLevel, OrganizationType } from '../organization/organization.types';
import { notInFuture, optionalText, text } from '../party.input';
import type {
  AssignPartyBuildingInstructorInput,
  RecordMobileMemberSurveyInput,
  RecordPartyWorkerTrainingInput,
} from './workforce.types';

/** 党的基层委员会每届任期5年，总支部委员会、支部委员会每届任期3年 */
export function termYears(type: OrganizationType): number {
  return type === OrganizationType.COMMITTEE || type === OrganizationType.WORKING_COMMITTEE ? 5 : 3;
}

export const termEndsOn = (termStartsOn: string, type: OrganizationType): string =>
  addMonths(termStartsOn, termYears(type) * 12);

/** A term ends once, on or after it started. */
export function checkLeaderEnd(
  l: { termStartsOn: string; endedOn?: string | null },
  endedOn: string,
  today: string,
) {
  if (l.endedOn) throw new DomainError(ErrorCode.INVALID_TRANSITION, 'this term has ended already');
  notInFuture(endedOn, today, 'endedOn');
  if (endedOn < l.termStartsOn)
    throw badInput('endedOn must not be before termStartsOn', { field: 'endedOn' });
}

const count = (value: number, field: string): number => {
  if (!Number.isInteger(value) || value < 0 || value > 1_000_000) {
    throw badInput(`${field} must be a whole number from 0 to 1,000,000`, { field });
  }
  return value;
};

/** The figures of a survey are parts of what was found. */
export function checkSurvey(input: RecordMobileMemberSurveyInput, today: string) {
  notInFuture(input.completedOn, today, 'completedOn');
  if (input.startedOn > input.completedOn) {
    throw badInput('startedOn must not be after completedOn', { field: 'startedOn' });
  }
  const found = count(input.foundCount, 'foundCount');
  const reported = count(input.reportedCount, 'reportedCount');
  const lost = count(input.lostContactCount, 'lostContactCount');
  const unregistered = count(input.unregisteredCount, 'unregisteredCount');
  if (reported + lost > found) {
    throw badInput('reported and lost-contact members are among those found (reported + lost ≤ found)', {
      field: 'reportedCount',
    });
  }
  if (unregistered > found) {
    throw badInput('unregistered members are among those found', { field: 'unregisteredCount' });
  }
  return {
    regionCode: checkRegionCode(input.regionCode),
    startedOn: input.startedOn,
    completedOn: input.completedOn,
    foundCount: found,
    reportedCount: reported,
    lostContactCount: lost,
    unregisteredCount: unregistered,
    findings: text(input.findings, 'findings', 2000),
    measures: optionalText(input.measures, 'measures', 2000),
  };
}

/**
 * 县级党委选派党建指导员: the assigning organization is a party committee at county level or above
 * (APPROVER_LEVEL_TOO_LOW otherwise), and the organization it sends to lies strictly below it.
 */
export function checkInstructor(
  input: AssignPartyBuildingInstructorInput,
  assigning: { type: OrganizationType; level: AdministrativeLevel; path: string },
  target: { path: string },
  today: string,
) {
  if (
    assigning.type !== OrganizationType.COMMITTEE ||
    levelRank(assigning.level) > levelRank(AdministrativeLevel.COUNTY)
  ) {
    throw new DomainError(
      ErrorCode.APPROVER_LEVEL_TOO_LOW,
      'a party-building instructor is sent by a party committee at county level or above (县级党委)',
    );
  }
  if (target.path === assigning.path || !isWithin(target.path, assigning.path)) {
    throw badInput('the instructor is sent to an organization below the assigning committee', {
      field: 'organizationId',
    });
  }
  notInFuture(input.assignedOn, today, 'assignedOn');
  if (input.plannedEndOn && input.plannedEndOn <= input.assignedOn) {
    throw badInput('plannedEndOn must be after assignedOn', { field: 'plannedEndOn' });
  }
  return {
    name: checkName(input.name, 'name').slice(0, 100),
    phone: checkContactPhone(input.phone),
    workUnit: text(input.workUnit, 'workUnit', 200),
    tasks: text(input.tasks, 'tasks', 2000),
    assignedOn: input.assignedOn,
    plannedEndOn: input.plannedEndOn ?? null,
  };
}

export function checkInstructorEnd(
  i: { assignedOn: string; endedOn?: string | null },
  endedOn: string,
  today: string,
): void {
  if (i.endedOn) throw new DomainError(ErrorCode.INVALID_TRANSITION, 'this assignment has ended already');
  notInFuture(endedOn, today, 'endedOn');
  if (endedOn < i.assignedOn) throw badInput('endedOn must not be before assignedOn', { field: 'endedOn' });
}

export const MAX_TRAINEES = 500;

export function checkWorkerTraining(input: RecordPartyWorkerTrainingInput, today: string) {
  notInFuture(input.endedOn, today, 'endedOn');
  if (input.startedOn > input.endedOn)
    throw badInput('startedOn must not be after endedOn', { field: 'startedOn' });
  if (!Number.isInteger(input.hours) || input.hours < 1 || input.hours > 200) {
    throw badInput('hours must be a whole number from 1 to 200', { field: 'hours' });
  }
  const trainees = input.trainees.map((t) => text(t, 'trainees', 200));
  if (trainees.length < 1 || trainees.length > MAX_TRAINEES || new Set(trainees).size !== trainees.length) {
    throw badInput(`trainees lists 1 to ${MAX_TRAINEES} distinct people`, { field: 'trainees' });
  }
  return {
    title: text(input.title, 'title', 200),
    focus: input.focus,
    startedOn: input.startedOn,
    endedOn: input.endedOn,
    hours: input.hours,
    online: input.online,
    traineeCount: trainees.length,
    traineeList: trainees.join('\n'),
  };
}
