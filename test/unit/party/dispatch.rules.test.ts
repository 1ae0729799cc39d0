import {
  checkCommittee,
  checkDueOn,
  checkIssuer,
  checkTransition,
  reportMonth,
  workItemStatus,
} from '../../../src/party/dispatch/dispatch.rules';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('工作调度 rules', () => {
  it('reads an issued item past its due day as OVERDUE, and never an answered one', () => {
    expect(workItemStatus({ state: 'ISSUED', dueOn: '2024-11-10' }, '2024-11-10')).toBe('ISSUED');
    expect(workItemStatus({ state: 'ISSUED', dueOn: '2024-11-10' }, '2024-11-11')).toBe('OVERDUE');
    expect(workItemStatus({ state: 'ANSWERED', dueOn: '2024-11-10' }, '2024-12-01')).toBe('ANSWERED');
    expect(workItemStatus({ state: 'CLOSED', dueOn: '2024-11-10' }, '2024-12-01')).toBe('CLOSED');
  });

  it('lets only a committee at county level or above issue', () => {
    expect(codeOf(() => checkIssuer({ type: 'COMMITTEE', level: 'COUNTY' }))).toBeUndefined();
    expect(codeOf(() => checkIssuer({ type: 'COMMITTEE', level: 'CITY' }))).toBeUndefined();
    expect(codeOf(() => checkIssuer({ type: 'COMMITTEE', level: 'TOWNSHIP' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => checkIssuer({ type: 'BRANCH', level: 'COUNTY' }))).toBe('BAD_USER_INPUT');
  });

  it('sends items only to a base committee with approval power strictly below the issuer', () => {
    expect(
      codeOf(() => checkCommittee({ path: '0000100001', canApproveProbationary: true }, '00001')),
    ).toBeUndefined();
    expect(codeOf(() => checkCommittee({ path: '0000100001', canApproveProbationary: false }, '00001'))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(() => checkCommittee({ path: '00001', canApproveProbationary: true }, '00001'))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(() => checkCommittee({ path: '0000200001', canApproveProbationary: true }, '00001'))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('refuses a past due day and the wrong transitions', () => {
    expect(checkDueOn('2024-11-01', '2024-11-01')).toBe('2024-11-01');
    expect(codeOf(() => checkDueOn('2024-10-31', '2024-11-01'))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => checkTransition({ state: 'ISSUED' }, 'ANSWERED'))).toBeUndefined();
    expect(codeOf(() => checkTransition({ state: 'ANSWERED' }, 'ANSWERED'))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => checkTransition({ state: 'ISSUED' }, 'CLOSED'))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => checkTransition({ state: 'ANSWERED' }, 'CLOSED'))).toBeUndefined();
    expect(codeOf(() => checkTransition({ state: 'CLOSED' }, 'CLOSED'))).toBe('INVALID_TRANSITION');
  });

  it('takes a past month’s figures on its last day and the current month’s today', () => {
    expect(reportMonth('2024-02', '2024-11-01')).toEqual({
      first: '2024-02-01',
      last: '2024-02-29',
      asOf: '2024-02-29',
    });
    expect(reportMonth('2024-11', '2024-11-15')).toEqual({
      first: '2024-11-01',
      last: '2024-11-30',
      asOf: '2024-11-15',
    });
    expect(codeOf(() => reportMonth('2024-12', '2024-11-15'))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => reportMonth('2024-13', '2024-11-15'))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => reportMonth('', '2024-11-15'))).toBe('BAD_USER_INPUT');
  });
});
