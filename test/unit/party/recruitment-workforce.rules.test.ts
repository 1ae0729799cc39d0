import { idNumberCheckChar } from '../../../src/party/member/member.rules';
import { Gender } from '../../../src/party/member/member.types';
import { AdministrativeLevel, OrganizationType } from '../../../src/party/organization/organization.types';
import {
  assessmentDueOn,
  checkContactIds,
  checkDesignation,
  checkHandoverDecision,
  checkNewApplication,
  checkTraining,
  developmentTargetFrom,
  stageOf,
  talkDueOn,
} from '../../../src/party/recruitment/recruitment.rules';
import {
  ApplicantStatus,
  ApplicantTrainingKind,
  HandoverStatus,
} from '../../../src/party/recruitment/recruitment.types';
import {
  checkInstructor,
  checkLeaderEnd,
  checkSurvey,
  checkWorkerTraining,
  termEndsOn,
} from '../../../src/party/workforce/workforce.rules';
import { TrainingFocus } from '../../../src/party/workforce/workforce.types';

const codeOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
};

const idBornOn = (birth: string) => {
  const first17 = `110105${birth.replace(/-/g, '')}123`;
  return `${first17}${idNumberCheckChar(first17)}`;
};

describe('入党申请书', () => {
  const base = {
    organizationId: 'x',
    name: '申请人',
    gender: Gender.FEMALE,
    birthDate: '2006-02-28',
    idNumber: idBornOn('2006-02-28'),
    homeRegionCode: '630102',
    appliedOn: '2024-02-28',
    receivedOn: '2024-03-01',
  };

  it('takes an applicant from the 18th birthday on, not the day before', () => {
    expect(checkNewApplication(base, '2024-03-01').birthDate).toBe('2006-02-28');
    expect(codeOf(() => checkNewApplication({ ...base, appliedOn: '2024-02-27' }, '2024-03-01'))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('refuses a birth date the idNumber does not carry, a bad check digit, a letter after its receipt', () => {
    expect(codeOf(() => checkNewApplication({ ...base, birthDate: '2006-02-27' }, '2024-03-01'))).toBe(
      'BAD_USER_INPUT',
    );
    const badCheck = `${base.idNumber.slice(0, 17)}${base.idNumber[17] === '0' ? '1' : '0'}`;
    expect(codeOf(() => checkNewApplication({ ...base, idNumber: badCheck }, '2024-03-01'))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(() => checkNewApplication({ ...base, appliedOn: '2024-03-02' }, '2024-03-05'))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(() => checkNewApplication({ ...base, receivedOn: '2024-03-02' }, '2024-03-01'))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('is talked to within a month of receipt (month-end safe)', () => {
    expect(talkDueOn('2024-01-31')).toBe('2024-02-29');
    expect(talkDueOn('2024-10-10')).toBe('2024-11-10');
  });
});

describe('入党积极分子', () => {
  const applied = { status: ApplicantStatus.APPLIED, receivedOn: '2024-03-01' };
  const activist = {
    status: ApplicantStatus.ACTIVIST,
    receivedOn: '2024-03-01',
    activistSince: '2024-04-01',
  };

  it('has one or two distinct training contacts', () => {
    expect(checkContactIds(['a'])).toEqual(['a']);
    expect(checkContactIds(['a', 'b'])).toEqual(['a', 'b']);
    for (const ids of [[], ['a', 'a'], ['a', 'b', 'c']]) {
      expect(codeOf(() => checkContactIds(ids))).toBe('BAD_USER_INPUT');
    }
  });

  it('is made from an applicant only, on a day between receipt and today', () => {
    expect(codeOf(() => checkDesignation(applied, '2024-04-01', '2024-04-01'))).toBeUndefined();
    expect(codeOf(() => checkDesignation(activist, '2024-04-01', '2024-04-01'))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => checkDesignation(applied, '2024-02-29', '2024-04-01'))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => checkDesignation(applied, '2024-04-02', '2024-04-01'))).toBe('BAD_USER_INPUT');
  });

  it('is trained and assessed as an activist; an applicant only talked to; a record in transit is frozen', () => {
    expect(
      codeOf(() => checkTraining(applied, ApplicantTrainingKind.TALK, '2024-03-05', '2024-04-01')),
    ).toBeUndefined();
    expect(
      codeOf(() => checkTraining(applied, ApplicantTrainingKind.TRAINING, '2024-03-05', '2024-04-01')),
    ).toBe('INVALID_TRANSITION');
    expect(
      codeOf(() => checkTraining(activist, ApplicantTrainingKind.ASSESSMENT, '2024-03-05', '2024-04-01')),
    ).toBe('BAD_USER_INPUT'); // before becoming an activist
    const inTransit = { ...activist, status: ApplicantStatus.HANDOVER_PENDING };
    expect(
      codeOf(() => checkTraining(inTransit, ApplicantTrainingKind.TALK, '2024-04-01', '2024-04-01')),
    ).toBe('INVALID_TRANSITION');
  });

  it('is assessed every half year and may be considered a development target after a year', () => {
    expect(assessmentDueOn(activist)).toBe('2024-10-01');
    expect(assessmentDueOn({ ...activist, lastAssessmentOn: '2024-08-31' })).toBe('2025-02-28');
    expect(assessmentDueOn(applied)).toBeNull();
    expect(assessmentDueOn({ ...activist, status: ApplicantStatus.CLOSED })).toBeNull();
    expect(developmentTargetFrom(activist)).toBe('2025-04-01');
    expect(developmentTargetFrom({ activistSince: null })).toBeNull();
  });
});

describe('移交', () => {
  const pending = { status: HandoverStatus.PENDING, requestedOn: '2024-05-01' };

  it('is decided once, not before it was made; a decline needs a note', () => {
    expect(checkHandoverDecision(pending, true, null, '2024-05-01', '2024-05-02')).toBeNull();
    expect(checkHandoverDecision(pending, false, ' 不在本地 ', '2024-05-02', '2024-05-02')).toBe('不在本地');
    expect(codeOf(() => checkHandoverDecision(pending, false, '  ', '2024-05-02', '2024-05-02'))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(() => checkHandoverDecision(pending, true, null, '2024-04-30', '2024-05-02'))).toBe(
      'BAD_USER_INPUT',
    );
    const decided = { ...pending, status: HandoverStatus.ACCEPTED };
    expect(codeOf(() => checkHandoverDecision(decided, true, null, '2024-05-02', '2024-05-02'))).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('returns the applicant to its stage (training time runs on)', () => {
    expect(stageOf({ activistSince: '2024-04-01' })).toBe(ApplicantStatus.ACTIVIST);
    expect(stageOf({ activistSince: null })).toBe(ApplicantStatus.APPLIED);
  });
});

describe('who does the work', () => {
  it('gives a branch leader a 3-year term and a committee one 5 years', () => {
    expect(termEndsOn('2024-02-29', OrganizationType.BRANCH)).toBe('2027-02-28');
    expect(termEndsOn('2024-10-01', OrganizationType.GENERAL_BRANCH)).toBe('2027-10-01');
    expect(termEndsOn('2024-10-01', OrganizationType.COMMITTEE)).toBe('2029-10-01');
  });

  it('ends a term once, not before it started', () => {
    expect(
      codeOf(() => checkLeaderEnd({ termStartsOn: '2024-01-01' }, '2024-06-01', '2024-06-01')),
    ).toBeUndefined();
    expect(codeOf(() => checkLeaderEnd({ termStartsOn: '2024-01-01' }, '2023-12-31', '2024-06-01'))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      codeOf(() =>
        checkLeaderEnd({ termStartsOn: '2024-01-01', endedOn: '2024-05-01' }, '2024-06-01', '2024-06-01'),
      ),
    ).toBe('INVALID_TRANSITION');
  });

  const survey = {
    organizationId: 'x',
    regionCode: '110000',
    startedOn: '2024-10-01',
    completedOn: '2024-10-31',
    foundCount: 10,
    reportedCount: 6,
    lostContactCount: 4,
    unregisteredCount: 10,
    findings: '摸排情况',
  };

  it('accepts survey figures that are parts of what was found', () => {
    expect(checkSurvey(survey, '2024-11-01').foundCount).toBe(10);
    for (const change of [
      { reportedCount: 7 },
      { unregisteredCount: 11 },
      { foundCount: 1.5 },
      { lostContactCount: -1 },
    ]) {
      expect(codeOf(() => checkSurvey({ ...survey, ...change }, '2024-11-01'))).toBe('BAD_USER_INPUT');
    }
  });

  const instructor = {
    assigningOrganizationId: 'a',
    organizationId: 'b',
    name: '指导员',
    phone: '13900000000',
    workUnit: '组织部',
    tasks: '指导',
    assignedOn: '2024-10-01',
  };
  const county = { type: OrganizationType.COMMITTEE, level: AdministrativeLevel.COUNTY, path: '0000100001' };

  it('sends instructors from a party committee at county level or above, to organizations below it', () => {
    expect(checkInstructor(instructor, county, { path: '000010000100003' }, '2024-10-01').name).toBe(
      '指导员',
    );
    const township = { ...county, level: AdministrativeLevel.TOWNSHIP };
    expect(
      codeOf(() => checkInstructor(instructor, township, { path: '000010000100003' }, '2024-10-01')),
    ).toBe('APPROVER_LEVEL_TOO_LOW');
    const working = { ...county, type: OrganizationType.WORKING_COMMITTEE };
    expect(
      codeOf(() => checkInstructor(instructor, working, { path: '000010000100003' }, '2024-10-01')),
    ).toBe('APPROVER_LEVEL_TOO_LOW');
    expect(codeOf(() => checkInstructor(instructor, county, { path: county.path }, '2024-10-01'))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(() => checkInstructor(instructor, county, { path: '0000100002' }, '2024-10-01'))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('records trainings with whole hours and distinct trainees', () => {
    const training = {
      organizationId: 'x',
      title: '培训',
      focus: TrainingFocus.POLICY_BUSINESS,
      startedOn: '2024-10-01',
      endedOn: '2024-10-02',
      hours: 8,
      online: true,
      trainees: ['甲', '乙'],
    };
    expect(checkWorkerTraining(training, '2024-10-02')).toMatchObject({
      traineeCount: 2,
      traineeList: '甲\n乙',
    });
    for (const change of [
      { hours: 0 },
      { hours: 201 },
      { trainees: ['甲', ' 甲 '] },
      { endedOn: '2024-10-03' },
    ]) {
      expect(codeOf(() => checkWorkerTraining({ ...training, ...change }, '2024-10-02'))).toBe(
        'BAD_USER_INPUT',
      );
    }
  });
});
