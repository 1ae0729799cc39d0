/**
 * 发展党员 at mobile-member organizations (DOMAIN.md §2.6a, with the party's rules on recruitment): an applicant is
 * 18 or older and talked to within a month; an activist has one or two full members as training contacts and is
 * assessed every half year; an applicant or activist is handed over with its record to the organization that will
 * take it in, where the training time runs on. Pure.
 */
import { badInput, DomainError, ErrorCode } from '../../common/errors';
import { addMonths } from '../../common/time';
import { checkIdNumber, checkMobilePhone } from '../member/member.rules';
import { checkName, checkRegionCode } from '../organization/organization.rules';
import { notInFuture, optionalText } from '../party.input';
import {
  ApplicantStatus,
  ApplicantTrainingKind,
  HandoverStatus,
  type ReceiveApplicationInput,
} from './recruitment.types';

/** 党组织收到入党申请书后，应当在一个月内派人同入党申请人谈话 */
export const TALK_WITHIN_MONTHS = 1;
/** 党支部每半年对入党积极分子进行一次考察 */
export const ASSESSMENT_EVERY_MONTHS = 6;
/** 经过一年以上培养教育和考察 an activist may be considered as a development target (发展对象) */
export const TRAINING_MONTHS_BEFORE_TARGET = 12;
export const MAX_CONTACTS = 2;

const transition = (message: string) => new DomainError(ErrorCode.INVALID_TRANSITION, message);

export function checkNewApplication(input: ReceiveApplicationInput, today: string) {
  const idNumber = checkIdNumber(input.idNumber);
  const birthDate = notInFuture(input.birthDate, today, 'birthDate');
  if (idNumber.slice(6, 14) !== birthDate.replace(/-/g, '')) {
    throw badInput('birthDate does not agree with the idNumber', { field: 'birthDate' });
  }
  const receivedOn = notInFuture(input.receivedOn ?? today, today, 'receivedOn');
  if (input.appliedOn > receivedOn) {
    throw badInput('appliedOn must not be after receivedOn', { field: 'appliedOn' });
  }
  if (addMonths(birthDate, 18 * 12) > input.appliedOn) {
    throw badInput('an applicant is 18 or older on the day of the application (年满十八岁)', {
      field: 'appliedOn',
    });
  }
  return {
    name: checkName(input.name).slice(0, 100),
    gender: input.gender,
    birthDate,
    idNumber,
    phone: input.phone ? checkMobilePhone(input.phone) : null,
    homeRegionCode: checkRegionCode(input.homeRegionCode, 'homeRegionCode'),
    workUnit: optionalText(input.workUnit, 'workUnit', 200),
    appliedOn: input.appliedOn,
    receivedOn,
  };
}

/** One or two distinct training contacts. */
export function checkContactIds(ids: string[]): string[] {
  const unique = [...new Set(ids)];
  if (unique.length < 1 || unique.length > MAX_CONTACTS || unique.length !== ids.length) {
    throw badInput('an activist has one or two distinct training contacts (培养联系人)', {
      field: 'contactMemberIds',
    });
  }
  return unique;
}

interface ApplicantState {
  status: ApplicantStatus;
  receivedOn: string;
  activistSince?: string | null;
}

/** A day of the applicant's record: not before the letter was received, not in the future. */
export function checkDay(a: { receivedOn: string }, day: string, today: string, field: string): string {
  notInFuture(day, today, field);
  if (day < a.receivedOn) throw badInput(`${field} must not be before receivedOn`, { field });
  return day;
}

export function checkDesignation(a: ApplicantState, designatedOn: string, today: string): void {
  if (a.status !== ApplicantStatus.APPLIED)
    throw transition('only an applicant (APPLIED) can be made an activist');
  checkDay(a, designatedOn, today, 'designatedOn');
}

export function checkContactChange(a: ApplicantState): void {
  if (a.status !== ApplicantStatus.ACTIVIST)
    throw transition('training contacts are for activists (ACTIVIST)');
}

export function checkTraining(
  a: ApplicantState,
  kind: ApplicantTrainingKind,
  heldOn: string,
  today: string,
): void {
  if (a.status === ApplicantStatus.APPLIED && kind !== ApplicantTrainingKind.TALK) {
    throw transition('an applicant who is not yet an activist has talks only');
  }
  if (a.status !== ApplicantStatus.APPLIED && a.status !== ApplicantStatus.ACTIVIST) {
    throw transition('the record is frozen while handed over, and closed once closed');
  }
  checkDay(a, heldOn, today, 'heldOn');
  if (kind === ApplicantTrainingKind.ASSESSMENT && a.activistSince && heldOn < a.activistSince) {
    throw badInput('an assessment is not before the applicant became an activist', { field: 'heldOn' });
  }
}

/** A handover or closing starts from APPLIED or ACTIVIST only. */
export function checkLive(a: ApplicantState, what: string): void {
  if (a.status !== ApplicantStatus.APPLIED && a.status !== ApplicantStatus.ACTIVIST) {
    throw transition(`${what} needs an applicant or activist (APPLIED or ACTIVIST)`);
  }
}

export function checkHandoverDecision(
  h: { status: HandoverStatus; requestedOn: string },
  accept: boolean,
  note: string | null | undefined,
  decidedOn: string,
  today: string,
): string | null {
  if (h.status !== HandoverStatus.PENDING) throw transition('only a pending handover can be decided');
  notInFuture(decidedOn, today, 'decidedOn');
  if (decidedOn < h.requestedOn) {
    throw badInput('decidedOn must not be before the handover', { field: 'decidedOn' });
  }
  const text = optionalText(note, 'note', 1000);
  if (!accept && !text) throw badInput('a declined handover needs a note (退回原因)', { field: 'note' });
  return text;
}

/** The stage an applicant returns to once a handover is decided: its training time runs on (接续培养). */
export const stageOf = (a: { activistSince?: string | null }): ApplicantStatus =>
  a.activistSince ? ApplicantStatus.ACTIVIST : ApplicantStatus.APPLIED;

/** The talk is due within a month of receiving the letter. */
export const talkDueOn = (receivedOn: string): string => addMonths(receivedOn, TALK_WITHIN_MONTHS);

/** The next half-yearly assessment of an activist; null for anyone else. */
export function assessmentDueOn(a: {
  status: ApplicantStatus;
  activistSince?: string | null;
  lastAssessmentOn?: string | null;
}): string | null {
  if (
    !a.activistSince ||
    (a.status !== ApplicantStatus.ACTIVIST && a.status !== ApplicantStatus.HANDOVER_PENDING)
  ) {
    return null;
  }
  return addMonths(a.lastAssessmentOn ?? a.activistSince, ASSESSMENT_EVERY_MONTHS);
}

/** The day an activist has had a year of training (可列为发展对象); null for a mere applicant. */
export const developmentTargetFrom = (a: { activistSince?: string | null }): string | null =>
  a.activistSince ? addMonths(a.activistSince, TRAINING_MONTHS_BEFORE_TARGET) : null;
