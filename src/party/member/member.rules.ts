/** What makes a member's data acceptable, and the probationary → full transition. Pure. */
import { badInput } from '../../common/errors';
import { addMonths } from '../../common/time';
import { checkName } from '../organization/organization.rules';
import { notInFuture } from '../party.input';
import { MemberStatus, type CreateMemberInput, type UpdateMemberInput } from './member.types';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The GB 11643 check character of the first 17 digits of a 身份证号. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

/** An 18-character 身份证号 with a valid check character; a lower-case x is normalized to X. */
export function checkIdNumber(value: string, field = 'idNumber'): string {
  const id = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id) || idNumberCheckChar(id.slice(0, 17)) !== id[17]) {
    throw badInput('idNumber must be an 18-character 身份证号 with a valid check digit', { field });
  }
  return id;
}

/** An 11-digit mainland mobile number. */
export function checkMobilePhone(value: string, field = 'phone'): string {
  const phone = value.replace(/[\s-]/g, '');
  if (!/^1[3-9]\d{9}$/.test(phone)) throw badInput(`${field} must be an 11-digit mobile number`, { field });
  return phone;
}

/** A mobile number, or a landline with its area code (e.g. 0971-6146324), as contact people may give. */
export function checkContactPhone(value: string, field = 'phone'): string {
  const phone = value.trim();
  if (!/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/.test(phone)) {
    throw badInput(`${field} must be a mobile number or a landline with its area code`, { field });
  }
  return phone;
}

export interface NewMemberData {
  name: string;
  gender: CreateMemberInput['gender'];
  birthDate: string | null;
  status: MemberStatus;
  joinedAt: string;
  probationEndsAt: string | null;
  idNumber: string | null;
  phone: string | null;
}

/** 预备期一年: a probationary member's probation ends a year after admission unless given. */
export function validateNewMember(input: CreateMemberInput, today: string): NewMemberData {
  const birthDate = input.birthDate ? notInFuture(input.birthDate, today, 'birthDate') : null;
  const joinedAt = notInFuture(input.joinedAt, today, 'joinedAt');
  if (birthDate && addMonths(birthDate, 18 * 12) > joinedAt) {
    throw badInput('a member joins at 18 or older', { field: 'joinedAt' });
  }
  let probationEndsAt: string | null = null;
  if (input.status === MemberStatus.PROBATIONARY) {
    probationEndsAt = input.probationEndsAt ?? addMonths(joinedAt, 12);
    if (probationEndsAt <= joinedAt) {
      throw badInput('probationEndsAt must be after joinedAt', { field: 'probationEndsAt' });
    }
  } else if (input.probationEndsAt) {
    throw badInput('probationEndsAt is for PROBATIONARY members only', { field: 'probationEndsAt' });
  }
  return {
    name: checkName(input.name).slice(0, 100),
    gender: input.gender,
    birthDate,
    status: input.status,
    joinedAt,
    probationEndsAt,
    idNumber: input.idNumber ? checkIdNumber(input.idNumber) : null,
    phone: input.phone ? checkMobilePhone(input.phone) : null,
  };
}

export function validateMemberUpdate(
  input: UpdateMemberInput,
  member: { joinedAt: string },
  today: string,
): Partial<Pick<NewMemberData, 'name' | 'birthDate' | 'idNumber' | 'phone'>> {
  const changes: Partial<Pick<NewMemberData, 'name' | 'birthDate' | 'idNumber' | 'phone'>> = {};
  if (input.name != null) changes.name = checkName(input.name).slice(0, 100);
  if (input.birthDate != null) {
    changes.birthDate = notInFuture(input.birthDate, today, 'birthDate');
    if (addMonths(changes.birthDate, 18 * 12) > member.joinedAt) {
      throw badInput('a member joins at 18 or older', { field: 'birthDate' });
    }
  }
  if (input.idNumber != null) changes.idNumber = checkIdNumber(input.idNumber);
  if (input.phone != null) changes.phone = checkMobilePhone(input.phone);
  if (Object.keys(changes).length === 0) throw badInput('nothing to change');
  return changes;
}
