import { ErrorCode } from '../../../src/common/errors';
import {
  checkIdNumber,
  checkMobilePhone,
  idNumberCheckChar,
  validateNewMember,
} from '../../../src/party/member/member.rules';
import { Gender, MemberStatus } from '../../../src/party/member/member.types';
import { maskIdNumber, maskPhone } from '../../../src/party/party.policy';

const codeOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
};

describe('personal data', () => {
  it('checks the GB 11643 check character of a 身份证号', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X'); // the standard's own example
    expect(checkIdNumber('11010519491231002x')).toBe('11010519491231002X');
    expect(codeOf(() => checkIdNumber('110105194912310021'))).toBe(ErrorCode.BAD_USER_INPUT);
    expect(codeOf(() => checkIdNumber('6301021990'))).toBe(ErrorCode.BAD_USER_INPUT);
  });

  it('accepts 11-digit mobile numbers only', () => {
    expect(checkMobilePhone('138 1234 5678')).toBe('13812345678');
    expect(codeOf(() => checkMobilePhone('0971-6146324'))).toBe(ErrorCode.BAD_USER_INPUT);
  });

  it('masks identity numbers to the first and last four, phones to the first three and last four', () => {
    expect(maskIdNumber('630102199001211234')).toBe('6301**********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0971-6146324')).toBe('097*****6324');
    expect(maskIdNumber('1234')).toBe('****');
  });
});

describe('members', () => {
  const input = {
    name: ' 张三 ',
    gender: Gender.MALE,
    status: MemberStatus.PROBATIONARY,
    joinedAt: '2024-03-31',
    formalOrganizationId: 'x',
  };

  it('gives a probationary member a year of probation unless told otherwise', () => {
    expect(validateNewMember(input, '2024-11-01')).toMatchObject({
      name: '张三',
      probationEndsAt: '2025-03-31',
    });
    expect(validateNewMember({ ...input, probationEndsAt: '2025-06-30' }, '2024-11-01').probationEndsAt).toBe(
      '2025-06-30',
    );
    expect(codeOf(() => validateNewMember({ ...input, probationEndsAt: '2024-03-31' }, '2024-11-01'))).toBe(
      ErrorCode.BAD_USER_INPUT,
    );
    expect(
      codeOf(() =>
        validateNewMember(
          { ...input, status: MemberStatus.FULL, probationEndsAt: '2025-01-01' },
          '2024-11-01',
        ),
      ),
    ).toBe(ErrorCode.BAD_USER_INPUT);
  });

  it('refuses future dates and members admitted before 18', () => {
    expect(codeOf(() => validateNewMember({ ...input, joinedAt: '2024-11-02' }, '2024-11-01'))).toBe(
      ErrorCode.BAD_USER_INPUT,
    );
    expect(codeOf(() => validateNewMember({ ...input, birthDate: '2010-01-01' }, '2024-11-01'))).toBe(
      ErrorCode.BAD_USER_INPUT,
    );
  });
});
