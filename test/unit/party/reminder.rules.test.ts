import { DEFAULT_DUTY_CATALOG } from '../../../src/party/duty/duty.catalog';
import { inDestinationRegion } from '../../../src/party/mobility/mobility.rules';
import { checkProbationDecision } from '../../../src/party/probation/probation.rules';
import { ProbationOutcome } from '../../../src/party/probation/probation.types';
import { MemberStatus } from '../../../src/party/member/member.types';
import { wantedReminders, type ReminderFacts } from '../../../src/party/reminder/reminder.rules';

const codeOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
};

describe('the inflow organization lies in the destination’s region', () => {
  it.each([
    ['440305', '440305', true], // same county
    ['440300', '440305', true], // within a city destination
    ['440000', '440305', true], // within a province destination
    ['440305', '440300', true], // the city of a county destination
    ['110105', '110000', true], // 北京市 covers 朝阳区
    ['440300', '110000', false], // 深圳 vs 北京 (the case)
    ['440305', '440306', false], // another county of the city
    ['440300', '440100', false], // another city of the province
  ])('destination %s, organization %s: %s', (destination, organization, expected) => {
    expect(inDestinationRegion(destination, organization)).toBe(expected);
  });
});

describe('probation decisions', () => {
  const member = { status: MemberStatus.PROBATIONARY, joinedAt: '2023-10-01', probationEndsAt: '2024-10-01' };
  const decide = (input: Partial<Parameters<typeof checkProbationDecision>[1]>, facts = member) =>
    codeOf(() =>
      checkProbationDecision(
        facts,
        { outcome: ProbationOutcome.CONVERT, meetingOn: '2024-10-01', ...input },
        '2024-11-01',
      ),
    );
  it('converts from the day probation ends, not before, not in the future', () => {
    expect(decide({})).toBeUndefined();
    expect(decide({ meetingOn: '2024-09-30' })).toBe('BAD_USER_INPUT');
    expect(decide({ meetingOn: '2024-11-02' })).toBe('BAD_USER_INPUT');
    expect(decide({}, { ...member, status: MemberStatus.FULL })).toBe('INVALID_TRANSITION');
  });
  it('extends once by 6 to 12 months with a reason; cancels with a reason', () => {
    const extend = { outcome: ProbationOutcome.EXTEND, reason: '继续考察' };
    expect(decide({ ...extend, extensionMonths: 6 })).toBeUndefined();
    expect(decide({ ...extend, extensionMonths: 12 })).toBeUndefined();
    expect(decide({ ...extend, extensionMonths: 5 })).toBe('BAD_USER_INPUT');
    expect(decide({ ...extend, extensionMonths: 6.5 })).toBe('BAD_USER_INPUT');
    expect(decide({ ...extend, reason: null, extensionMonths: 6 })).toBe('BAD_USER_INPUT');
    expect(
      decide({ ...extend, extensionMonths: 6 }, { ...member, probationExtendedOn: '2024-10-01' } as never),
    ).toBe('INVALID_TRANSITION');
    expect(
      checkProbationDecision(member, { ...extend, meetingOn: '2024-10-01', extensionMonths: 6 }, '2024-11-01')
        .newProbationEndsAt,
    ).toBe('2025-04-01');
    expect(decide({ outcome: ProbationOutcome.CANCEL })).toBe('BAD_USER_INPUT');
    expect(decide({ outcome: ProbationOutcome.CANCEL, reason: '不具备党员条件' })).toBeUndefined();
    expect(decide({ extensionMonths: 6 })).toBe('BAD_USER_INPUT'); // months are for EXTEND only
  });
});

describe('the reminders a record should have open', () => {
  const facts = (over: Partial<ReminderFacts> = {}, met: Record<string, string> = {}): ReminderFacts => ({
    id: 'r',
    registeredOn: '2024-01-10',
    departedOn: '2024-01-05',
    mobileFrom: '2024-07-05',
    reportedOn: null,
    endedOn: null,
    probationEndsOn: null,
    probationExtendedOn: null,
    outflowContactSince: null,
    inflowContactSince: null,
    reported: false,
    lastMet: (code) => met[code] ?? null,
    ...over,
  });
  const keys = (f: ReminderFacts, day: string) =>
    wantedReminders(DEFAULT_DUTY_CATALOG, f, day, { unreportedDays: 30, dueSoonDays: 7 })
      .map((w) => `${w.kind}:${w.dutyCode ?? '-'}:${w.dueOn}`)
      .sort();

  it('urges an unreported member after 30 days, and duties due within 7 days or overdue, never member duties', () => {
    expect(keys(facts({}, { OUTFLOW_1: '2024-01-10' }), '2024-02-04')).toEqual([]);
    expect(keys(facts({}, { OUTFLOW_1: '2024-01-10' }), '2024-02-05')).toEqual(['UNREPORTED:-:2024-02-04']);
    expect(keys(facts({}, { OUTFLOW_1: '2024-01-10' }), '2024-04-03')).toEqual([
      'DUE_SOON:OUTFLOW_2:2024-04-09',
      'DUE_SOON:OUTFLOW_4:2024-04-09',
      'UNREPORTED:-:2024-02-04',
    ]);
    expect(keys(facts({}, { OUTFLOW_1: '2024-01-10', OUTFLOW_4: '2024-04-01' }), '2024-04-10')).toEqual([
      'OVERDUE:OUTFLOW_2:2024-04-09',
      'UNREPORTED:-:2024-02-04',
    ]);
  });
});
