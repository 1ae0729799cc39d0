/** 预备期满的决定: CONVERT from the day probation ends, EXTEND once by 6–12 months, CANCEL with a reason. Pure. */
import { badInput, DomainError, ErrorCode } from '../../common/errors';
import { addMonths } from '../../common/time';
import { MemberStatus } from '../member/member.types';
import { notInFuture, optionalText, text } from '../party.input';
import { ProbationOutcome, type DecideProbationInput } from './probation.types';

export const EXTENSION_MONTHS = { min: 6, max: 12 } as const;

export interface ProbationFacts {
  status: MemberStatus;
  joinedAt: string;
  probationEndsAt?: string | null;
  probationExtendedOn?: string | null;
}

export interface CheckedDecision {
  reason: string | null;
  extensionMonths: number | null;
  inflowOpinion: string | null;
  /** EXTEND: the new end of probation */
  newProbationEndsAt: string | null;
}

export function checkProbationDecision(
  member: ProbationFacts,
  input: Pick<DecideProbationInput, 'outcome' | 'meetingOn' | 'reason' | 'extensionMonths' | 'inflowOpinion'>,
  today: string,
): CheckedDecision {
  if (member.status !== MemberStatus.PROBATIONARY) {
    throw new DomainError(
      ErrorCode.INVALID_TRANSITION,
      'only a probationary member’s probation can be decided',
    );
  }
  const endsAt = member.probationEndsAt ?? addMonths(member.joinedAt, 12);
  notInFuture(input.meetingOn, today, 'meetingOn');
  if (input.meetingOn <= member.joinedAt) {
    throw badInput('meetingOn must be after joinedAt', { field: 'meetingOn' });
  }
  const inflowOpinion = optionalText(input.inflowOpinion, 'inflowOpinion', 1000);
  if (input.outcome !== ProbationOutcome.EXTEND && input.extensionMonths != null) {
    throw badInput('extensionMonths is for EXTEND only', { field: 'extensionMonths' });
  }
  switch (input.outcome) {
    case ProbationOutcome.CONVERT:
      if (input.meetingOn < endsAt) {
        throw badInput(`转正 only from the day probation ends (${endsAt})`, { field: 'meetingOn' });
      }
      return {
        reason: optionalText(input.reason, 'reason', 1000),
        extensionMonths: null,
        inflowOpinion,
        newProbationEndsAt: null,
      };
    case ProbationOutcome.EXTEND: {
      if (member.probationExtendedOn) {
        throw new DomainError(
          ErrorCode.INVALID_TRANSITION,
          `the probation was extended once already (${member.probationExtendedOn}); it may not be extended again`,
        );
      }
      const months = input.extensionMonths;
      if (
        months == null ||
        !Number.isInteger(months) ||
        months < EXTENSION_MONTHS.min ||
        months > EXTENSION_MONTHS.max
      ) {
        throw badInput('extensionMonths must be a whole number from 6 to 12', { field: 'extensionMonths' });
      }
      return {
        reason: text(input.reason ?? '', 'reason', 1000),
        extensionMonths: months,
        inflowOpinion,
        newProbationEndsAt: addMonths(endsAt, months),
      };
    }
    case ProbationOutcome.CANCEL:
      return {
        reason: text(input.reason ?? '', 'reason', 1000),
        extensionMonths: null,
        inflowOpinion,
        newProbationEndsAt: null,
      };
  }
}
