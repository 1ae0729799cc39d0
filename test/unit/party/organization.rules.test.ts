import { ErrorCode } from '../../../src/common/errors';
import {
  checkMobileOrgApprover,
  checkNewOrganization,
  childPath,
  isWithin,
  levelBelow,
  subtreeRange,
} from '../../../src/party/organization/organization.rules';
import { AdministrativeLevel, OrganizationType } from '../../../src/party/organization/organization.types';

const codeOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
};

describe('materialized organization paths', () => {
  it('appends a 5-digit sequence per level', () => {
    expect(childPath(null, 1)).toBe('00001');
    expect(childPath('00001', 12)).toBe('0000100012');
    expect(codeOf(() => childPath('00001', 100000))).toBe(ErrorCode.CONFLICT);
  });

  it('turns a subtree into an index range that holds every descendant and nothing else', () => {
    expect(subtreeRange('0000100012')).toEqual({ from: '0000100012', to: '0000100013' });
    expect(subtreeRange('0000199999')).toEqual({ from: '0000199999', to: '0000200000' });
    expect(subtreeRange('99999')).toEqual({ from: '99999', to: null });
    const { from, to } = subtreeRange('0000100012');
    for (const inside of ['0000100012', '000010001200001', '00001000129999999999']) {
      expect(inside >= from && inside < to!).toBe(true);
      expect(isWithin(inside, '0000100012')).toBe(true);
    }
    for (const outside of ['0000100011', '0000100013', '00001', '000010001300001']) {
      expect(outside >= from && outside < to!).toBe(false);
      expect(isWithin(outside, '0000100012')).toBe(false);
    }
  });
});

describe('organizations', () => {
  const county = { level: AdministrativeLevel.COUNTY, depth: 2 };

  it('refuses a child above its parent’s level, a bad region code, and approval rights for a branch', () => {
    const input = {
      name: '某党支部',
      type: OrganizationType.BRANCH,
      level: AdministrativeLevel.VILLAGE,
      regionCode: '630102',
    };
    expect(checkNewOrganization(input, county)).toMatchObject({
      name: '某党支部',
      canApproveProbationary: false,
    });
    expect(codeOf(() => checkNewOrganization({ ...input, level: AdministrativeLevel.CITY }, county))).toBe(
      ErrorCode.BAD_USER_INPUT,
    );
    expect(codeOf(() => checkNewOrganization({ ...input, regionCode: '63010' }, county))).toBe(
      ErrorCode.BAD_USER_INPUT,
    );
    expect(codeOf(() => checkNewOrganization({ ...input, canApproveProbationary: true }, county))).toBe(
      ErrorCode.BAD_USER_INPUT,
    );
    expect(
      checkNewOrganization(
        { ...input, type: OrganizationType.WORKING_COMMITTEE, canApproveProbationary: true },
        county,
      ).canApproveProbationary,
    ).toBe(true);
  });

  it('lets only a party committee at county level or above approve a mobile-member organization', () => {
    for (const level of [
      AdministrativeLevel.CENTRAL,
      AdministrativeLevel.PROVINCE,
      AdministrativeLevel.CITY,
      AdministrativeLevel.COUNTY,
    ]) {
      expect(
        codeOf(() => checkMobileOrgApprover({ type: OrganizationType.COMMITTEE, level })),
      ).toBeUndefined();
    }
    for (const level of [
      AdministrativeLevel.TOWNSHIP,
      AdministrativeLevel.VILLAGE,
      AdministrativeLevel.UNIT,
    ]) {
      expect(codeOf(() => checkMobileOrgApprover({ type: OrganizationType.COMMITTEE, level }))).toBe(
        ErrorCode.APPROVER_LEVEL_TOO_LOW,
      );
    }
    expect(
      codeOf(() =>
        checkMobileOrgApprover({
          type: OrganizationType.WORKING_COMMITTEE,
          level: AdministrativeLevel.COUNTY,
        }),
      ),
    ).toBe(ErrorCode.APPROVER_LEVEL_TOO_LOW);
    expect(levelBelow(AdministrativeLevel.COUNTY)).toBe(AdministrativeLevel.TOWNSHIP);
    expect(levelBelow(AdministrativeLevel.UNIT)).toBe(AdministrativeLevel.UNIT);
  });
});
