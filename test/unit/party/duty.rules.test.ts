import {
  checkDutyDays,
  CONFIGURABLE_DUTY_CODES,
  DEFAULT_DUTY_CATALOG,
  DutyHolder,
  dutyCatalog,
} from '../../../src/party/duty/duty.catalog';
import {
  compliance,
  isLostContact,
  judgeDuty,
  lastMet,
  overdueDuties,
  type DutyEvent,
  type DutyState,
  type RecordFacts,
  type YearlyFacts,
  type ScopedRecord,
} from '../../../src/party/duty/duty.rules';
import { parseDutyDays } from '../../../src/config';

/** departed 5 Jan 2024, registered 10 Jan; reported 1 Feb where a case says so */
const BASE: RecordFacts & YearlyFacts = {
  registeredOn: '2024-01-10',
  departedOn: '2024-01-05',
  mobileFrom: '2024-07-05',
  reportedOn: null,
  endedOn: null,
  probationEndsOn: null,
  probationExtendedOn: null,
  outflowContactSince: null,
  inflowContactSince: null,
};
const REPORTED: Partial<RecordFacts> = { reportedOn: '2024-02-01' };
type Facts = Partial<RecordFacts & YearlyFacts>;

const spec = (code: string) => DEFAULT_DUTY_CATALOG.find((d) => d.code === code)!;
const state = (code: string, facts: Facts, events: DutyEvent[], day: string): DutyState =>
  judgeDuty(spec(code), { ...BASE, ...facts }, lastMet(events, day).get(code) ?? null, day);
const met = (code: string, ...days: string[]): DutyEvent[] =>
  days.map((performedOn) => ({ dutyCode: code, performedOn }));

type Case = [string, Facts, DutyEvent[], string, DutyState];

describe('the duty catalogue', () => {
  it('has 18 duties: 7 of the outflow organization, 6 of the inflow organization, 5 of the member', () => {
    expect(DEFAULT_DUTY_CATALOG).toHaveLength(18);
    const count = (holder: DutyHolder) => DEFAULT_DUTY_CATALOG.filter((d) => d.holder === holder).length;
    expect([
      count(DutyHolder.OUTFLOW_ORGANIZATION),
      count(DutyHolder.INFLOW_ORGANIZATION),
      count(DutyHolder.MEMBER),
    ]).toEqual([7, 6, 5]);
    for (const d of DEFAULT_DUTY_CATALOG) {
      expect(d.title).toMatch(/[\u4e00-\u9fff]/);
      expect(d.description).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(
      Object.fromEntries(
        DEFAULT_DUTY_CATALOG.filter((d) => d.kind === 'CADENCE').map((d) => [d.code, d.cadenceDays]),
      ),
    ).toEqual({
      OUTFLOW_2: 90,
      OUTFLOW_4: 90,
      OUTFLOW_5: 365,
      OUTFLOW_7: 365,
      INFLOW_2: 90,
      INFLOW_3: 30,
      INFLOW_5: 365,
      INFLOW_6: 365,
      MEMBER_3: 90,
      MEMBER_5: 365,
    });
  });

  it('takes configured day counts (DUTY_DAYS) for cadences and the report deadline only', () => {
    const days = parseDutyDays('OUTFLOW_2:60, MEMBER_2:15');
    expect(days).toEqual({ OUTFLOW_2: 60, MEMBER_2: 15 });
    const catalog = dutyCatalog(days);
    expect(catalog.find((d) => d.code === 'OUTFLOW_2')!.cadenceDays).toBe(60);
    expect(catalog.find((d) => d.code === 'MEMBER_2')!.due!.days).toBe(15);
    expect(CONFIGURABLE_DUTY_CODES).toContain('OUTFLOW_1'); // due within 30 days of departure (§2.6a)
    expect(CONFIGURABLE_DUTY_CODES).not.toContain('INFLOW_1');
    expect(() => checkDutyDays(parseDutyDays('INFLOW_1:5'))).toThrow(/DUTY_DAYS/);
    expect(() => parseDutyDays('OUTFLOW_2=60')).toThrow(/DUTY_DAYS/);
    expect(() => parseDutyDays('OUTFLOW_2:0')).toThrow(/DUTY_DAYS/);
  });
});

describe('each duty as of a day', () => {
  const contact = { outflowContactSince: '2024-01-12' };
  const inflowContact = { ...REPORTED, inflowContactSince: '2024-02-03' };
  const cases: Case[] = [
    // OUTFLOW_1: met by the registration itself, due within 30 days of departure; later is met late
    ['OUTFLOW_1', {}, met('OUTFLOW_1', '2024-01-10'), '2024-01-09', 'NOT_APPLICABLE'],
    ['OUTFLOW_1', {}, met('OUTFLOW_1', '2024-01-10'), '2024-01-10', 'FULFILLED'],
    ['OUTFLOW_1', {}, [], '2024-02-04', 'PENDING'],
    ['OUTFLOW_1', {}, [], '2024-02-05', 'OVERDUE'],
    ['OUTFLOW_1', { departedOn: '2023-06-24' }, met('OUTFLOW_1', '2024-01-10'), '2024-01-10', 'LATE'],
    ['OUTFLOW_1', { departedOn: '2023-12-11' }, met('OUTFLOW_1', '2024-01-10'), '2024-01-10', 'FULFILLED'],
    ['OUTFLOW_1', { departedOn: '2023-12-10' }, met('OUTFLOW_1', '2024-01-10'), '2024-01-10', 'LATE'],
    // OUTFLOW_2: every 90 days, only with a named outflow contact
    ['OUTFLOW_2', {}, [], '2024-04-09', 'PENDING'],
    ['OUTFLOW_2', {}, [], '2024-04-10', 'OVERDUE'],
    ['OUTFLOW_2', {}, met('OUTFLOW_2', '2024-03-01'), '2024-03-02', 'PENDING'],
    ['OUTFLOW_2', {}, met('OUTFLOW_2', '2024-03-01'), '2024-04-10', 'OVERDUE'],
    ['OUTFLOW_2', contact, met('OUTFLOW_2', '2024-03-01'), '2024-05-30', 'FULFILLED'],
    ['OUTFLOW_2', contact, met('OUTFLOW_2', '2024-03-01'), '2024-05-31', 'OVERDUE'],
    ['OUTFLOW_2', contact, met('OUTFLOW_2', '2024-03-01', '2024-05-20'), '2024-05-31', 'FULFILLED'],
    ['OUTFLOW_2', contact, [], '2024-02-01', 'PENDING'],
    [
      'OUTFLOW_2',
      { outflowContactSince: '2024-06-01' },
      met('OUTFLOW_2', '2024-03-01'),
      '2024-03-05',
      'PENDING',
    ],
    // OUTFLOW_3: probationary members only, due by the end of probation
    ['OUTFLOW_3', {}, [], '2030-01-01', 'NOT_APPLICABLE'],
    ['OUTFLOW_3', { probationEndsOn: '2024-06-30' }, [], '2024-06-30', 'PENDING'],
    ['OUTFLOW_3', { probationEndsOn: '2024-06-30' }, [], '2024-07-01', 'OVERDUE'],
    [
      'OUTFLOW_3',
      { probationEndsOn: '2024-06-30' },
      met('OUTFLOW_3', '2024-06-20'),
      '2024-07-01',
      'FULFILLED',
    ],
    ['OUTFLOW_3', { probationEndsOn: '2024-06-30' }, met('OUTFLOW_3', '2024-07-15'), '2024-07-10', 'OVERDUE'],
    [
      'OUTFLOW_3',
      { probationEndsOn: '2024-06-30' },
      met('OUTFLOW_3', '2024-07-15'),
      '2024-07-15',
      'FULFILLED',
    ],
    // after an EXTEND on 2024-06-25 the decision falls due again at the new end: only a later one meets it
    [
      'OUTFLOW_3',
      { probationEndsOn: '2024-12-30', probationExtendedOn: '2024-06-25' },
      met('OUTFLOW_3', '2024-06-25'),
      '2024-12-30',
      'PENDING',
    ],
    [
      'OUTFLOW_3',
      { probationEndsOn: '2024-12-30', probationExtendedOn: '2024-06-25' },
      met('OUTFLOW_3', '2024-06-25'),
      '2024-12-31',
      'OVERDUE',
    ],
    [
      'OUTFLOW_3',
      { probationEndsOn: '2024-12-30', probationExtendedOn: '2024-06-25' },
      met('OUTFLOW_3', '2024-06-25', '2024-12-30'),
      '2024-12-31',
      'FULFILLED',
    ],
    // OUTFLOW_4: online study every 90 days from registration
    ['OUTFLOW_4', {}, [], '2024-04-09', 'PENDING'],
    ['OUTFLOW_4', {}, [], '2024-04-10', 'OVERDUE'],
    ['OUTFLOW_4', {}, met('OUTFLOW_4', '2024-03-01'), '2024-05-30', 'FULFILLED'],
    ['OUTFLOW_4', {}, met('OUTFLOW_4', '2024-03-01'), '2024-05-31', 'OVERDUE'],
    ['OUTFLOW_4', {}, met('OUTFLOW_4', '2024-01-02'), '2024-02-01', 'PENDING'], // before its start: does not count
    // OUTFLOW_5 and OUTFLOW_7: yearly
    ['OUTFLOW_5', {}, [], '2025-01-09', 'PENDING'],
    ['OUTFLOW_5', {}, [], '2025-01-10', 'OVERDUE'],
    ['OUTFLOW_5', {}, met('OUTFLOW_5', '2024-12-01'), '2025-01-10', 'FULFILLED'],
    ['OUTFLOW_7', {}, [], '2025-01-10', 'OVERDUE'],
    ['OUTFLOW_7', {}, met('OUTFLOW_7', '2024-06-01'), '2025-06-01', 'FULFILLED'],
    ['OUTFLOW_7', {}, met('OUTFLOW_7', '2024-06-01'), '2025-06-02', 'OVERDUE'],
    // OUTFLOW_6: once in every calendar year the member is mobile (from 2024-07-05), by 31 December
    ['OUTFLOW_6', {}, [], '2024-07-04', 'NOT_APPLICABLE'],
    ['OUTFLOW_6', {}, [], '2024-12-31', 'PENDING'],
    ['OUTFLOW_6', {}, [], '2025-01-01', 'OVERDUE'],
    ['OUTFLOW_6', {}, met('OUTFLOW_6', '2024-09-01'), '2024-12-31', 'FULFILLED'],
    ['OUTFLOW_6', {}, met('OUTFLOW_6', '2024-09-01'), '2025-01-01', 'PENDING'],
    ['OUTFLOW_6', {}, met('OUTFLOW_6', '2024-09-01'), '2026-01-01', 'OVERDUE'],
    ['OUTFLOW_6', {}, met('OUTFLOW_6', '2024-09-01', '2025-03-01'), '2025-06-01', 'FULFILLED'],
    ['OUTFLOW_6', { mobileFrom: '2025-01-05' }, [], '2025-12-31', 'PENDING'], // not mobile in 2024: nothing owed
    ['OUTFLOW_6', { registeredOn: '2025-01-03' }, [], '2025-01-04', 'PENDING'], // registered after 2024 ended
    // INFLOW_1: from the report, met by it
    ['INFLOW_1', {}, [], '2024-03-01', 'NOT_APPLICABLE'],
    ['INFLOW_1', REPORTED, met('INFLOW_1', '2024-02-01'), '2024-01-31', 'NOT_APPLICABLE'],
    ['INFLOW_1', REPORTED, met('INFLOW_1', '2024-02-01'), '2024-02-01', 'FULFILLED'],
    // INFLOW_2: every 90 days from the report, with a named inflow contact
    ['INFLOW_2', REPORTED, [], '2024-05-01', 'PENDING'],
    ['INFLOW_2', REPORTED, [], '2024-05-02', 'OVERDUE'],
    ['INFLOW_2', inflowContact, met('INFLOW_2', '2024-04-01'), '2024-06-30', 'FULFILLED'],
    ['INFLOW_2', inflowContact, met('INFLOW_2', '2024-04-01'), '2024-07-01', 'OVERDUE'],
    ['INFLOW_2', REPORTED, met('INFLOW_2', '2024-04-01'), '2024-05-02', 'OVERDUE'],
    // INFLOW_3: organizational life every 30 days
    ['INFLOW_3', REPORTED, [], '2024-03-02', 'PENDING'],
    ['INFLOW_3', REPORTED, [], '2024-03-03', 'OVERDUE'],
    ['INFLOW_3', REPORTED, met('INFLOW_3', '2024-02-20'), '2024-03-21', 'FULFILLED'],
    ['INFLOW_3', REPORTED, met('INFLOW_3', '2024-02-20'), '2024-03-22', 'OVERDUE'],
    // INFLOW_4: care, as events require
    ['INFLOW_4', {}, met('INFLOW_4', '2024-03-01'), '2024-03-05', 'NOT_APPLICABLE'],
    ['INFLOW_4', REPORTED, [], '2030-01-01', 'PENDING'],
    ['INFLOW_4', REPORTED, met('INFLOW_4', '2024-03-01'), '2024-03-05', 'FULFILLED'],
    // INFLOW_5 and INFLOW_6: yearly from the report
    ['INFLOW_5', REPORTED, [], '2025-01-31', 'PENDING'],
    ['INFLOW_5', REPORTED, [], '2025-02-01', 'OVERDUE'],
    ['INFLOW_5', REPORTED, met('INFLOW_5', '2024-12-20'), '2025-02-01', 'FULFILLED'],
    ['INFLOW_6', REPORTED, [], '2025-02-01', 'OVERDUE'],
    ['INFLOW_6', REPORTED, met('INFLOW_6', '2024-03-01'), '2025-02-01', 'FULFILLED'],
    // MEMBER_1: the report before leaving, due on the day of departure
    ['MEMBER_1', {}, met('MEMBER_1', '2024-01-05'), '2024-01-10', 'FULFILLED'],
    ['MEMBER_1', {}, [], '2024-01-10', 'OVERDUE'],
    ['MEMBER_1', { registeredOn: '2024-01-05' }, [], '2024-01-05', 'PENDING'],
    // MEMBER_2: reported within 30 days of departure
    ['MEMBER_2', {}, [], '2024-02-04', 'PENDING'],
    ['MEMBER_2', {}, [], '2024-02-05', 'OVERDUE'],
    ['MEMBER_2', REPORTED, met('MEMBER_2', '2024-02-01'), '2024-02-05', 'FULFILLED'],
    ['MEMBER_2', { reportedOn: '2024-02-10' }, met('MEMBER_2', '2024-02-10'), '2024-02-09', 'OVERDUE'],
    ['MEMBER_2', { reportedOn: '2024-02-10' }, met('MEMBER_2', '2024-02-10'), '2024-02-10', 'FULFILLED'],
    // MEMBER_3: keeps in touch every 90 days from departure
    ['MEMBER_3', {}, [], '2024-04-04', 'PENDING'],
    ['MEMBER_3', {}, [], '2024-04-05', 'OVERDUE'],
    ['MEMBER_3', {}, met('MEMBER_3', '2024-03-15'), '2024-06-13', 'FULFILLED'],
    ['MEMBER_3', {}, met('MEMBER_3', '2024-03-15'), '2024-06-14', 'OVERDUE'],
    // MEMBER_4: reports changes as they happen
    ['MEMBER_4', {}, [], '2030-01-01', 'PENDING'],
    ['MEMBER_4', {}, met('MEMBER_4', '2024-04-01'), '2024-04-01', 'FULFILLED'],
    // MEMBER_5: a role-model record every year from departure
    ['MEMBER_5', {}, [], '2025-01-04', 'PENDING'],
    ['MEMBER_5', {}, [], '2025-01-05', 'OVERDUE'],
    ['MEMBER_5', {}, met('MEMBER_5', '2024-09-01'), '2025-01-05', 'FULFILLED'],
  ];

  it.each(cases)('%s with %j, met %j, as of %s: %s', (code, facts, events, day, expected) => {
    expect(state(code, facts, events, day)).toBe(expected);
  });

  it('covers every duty of the catalogue', () => {
    expect(new Set(cases.map((c) => c[0]))).toEqual(new Set(DEFAULT_DUTY_CATALOG.map((d) => d.code)));
  });

  it('applies to a record from its registration until the day it ends', () => {
    const ended = { endedOn: '2024-03-01' };
    expect(state('OUTFLOW_4', ended, [], '2024-02-29')).toBe('PENDING');
    expect(state('OUTFLOW_4', ended, [], '2024-03-01')).toBe('NOT_APPLICABLE');
    expect(state('OUTFLOW_4', {}, [], '2024-01-09')).toBe('NOT_APPLICABLE');
  });

  it('lists the overdue duties of a record, with configured cadences', () => {
    const facts = { ...BASE, ...contact };
    const events = [
      ...met('OUTFLOW_1', '2024-01-10'),
      ...met('MEMBER_1', '2024-01-05'),
      ...met('OUTFLOW_2', '2024-02-01'),
    ];
    expect(overdueDuties(DEFAULT_DUTY_CATALOG, facts, events, '2024-02-15').map((d) => d.code)).toEqual([
      'MEMBER_2',
    ]);
    const strict = dutyCatalog({ OUTFLOW_2: 10, MEMBER_2: 45 });
    expect(overdueDuties(strict, facts, events, '2024-02-15').map((d) => d.code)).toEqual(['OUTFLOW_2']);
  });

  it('calls a record 失联 after more than the configured days since the last contact', () => {
    expect(isLostContact('2024-01-01', '2024-06-29', 180)).toBe(false);
    expect(isLostContact('2024-01-01', '2024-06-30', 180)).toBe(true);
  });
});

describe('compliance over a scope', () => {
  const record = (over: Partial<ScopedRecord>): ScopedRecord => ({
    ...BASE,
    outflowInScope: true,
    inflowInScope: false,
    events: [],
    ...over,
  });

  it('counts outflow and member duties where the outflow side is in scope, inflow duties where the inflow side is', () => {
    const day = '2024-05-01';
    const ours = record({
      ...REPORTED,
      events: [...met('OUTFLOW_1', '2024-01-10'), ...met('INFLOW_1', '2024-02-01')],
    });
    const theirs = record({
      ...REPORTED,
      outflowInScope: false,
      inflowInScope: true,
      events: met('INFLOW_1', '2024-02-01'),
    });
    const { rows, withOverdueDuties } = compliance(DEFAULT_DUTY_CATALOG, [ours, theirs], day);
    const row = (code: string) => rows.find((r) => r.code === code)!;
    expect(row('OUTFLOW_1')).toMatchObject({
      applicable: 1,
      fulfilled: 1,
      overdue: 0,
      compliancePercent: '100.00',
    });
    expect(row('INFLOW_1')).toMatchObject({ applicable: 1, fulfilled: 1, overdue: 0 });
    expect(row('OUTFLOW_4')).toMatchObject({
      applicable: 1,
      fulfilled: 0,
      overdue: 1,
      compliancePercent: '0.00',
    });
    expect(row('INFLOW_3')).toMatchObject({ applicable: 1, overdue: 1 });
    expect(row('OUTFLOW_6')).toMatchObject({ applicable: 0 }); // not mobile before 2024-07-05
    expect(row('OUTFLOW_3')).toMatchObject({ applicable: 0, compliancePercent: '0.00' });
    expect(withOverdueDuties).toBe(2);
  });

  it('counts a late registration as met and late, against compliance; a missed year of OUTFLOW_6 as overdue', () => {
    const late = record({
      departedOn: '2023-06-01',
      mobileFrom: '2023-12-01',
      events: met('OUTFLOW_1', '2024-01-10'),
    });
    const onTime = record({ events: met('OUTFLOW_1', '2024-01-10') });
    const { rows } = compliance(DEFAULT_DUTY_CATALOG, [late, onTime], '2025-01-02');
    const row = (code: string) => rows.find((r) => r.code === code)!;
    expect(row('OUTFLOW_1')).toMatchObject({
      applicable: 2,
      fulfilled: 2,
      late: 1,
      overdue: 0,
      compliancePercent: '50.00',
    });
    expect(row('OUTFLOW_6')).toMatchObject({
      applicable: 2,
      fulfilled: 0,
      overdue: 2,
      compliancePercent: '0.00',
    });
  });
});
