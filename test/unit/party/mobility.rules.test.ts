import {
  daysUnreported,
  isMobileToday,
  lostContactToday,
  memberSide,
  mobileFromOf,
  onInflowSide,
} from '../../../src/party/mobility/mobility.rules';
import { MobilityStatus } from '../../../src/party/mobility/mobility.types';

const record = (over: Partial<Parameters<typeof isMobileToday>[0]> = {}) => ({
  status: MobilityStatus.REGISTERED,
  departedOn: '2024-01-15',
  mobileFrom: mobileFromOf('2024-01-15'),
  lastContactOn: '2024-01-20',
  ...over,
});

describe('the 6-month definition of 流动党员', () => {
  it.each([
    ['2023-08-31', '2024-02-29'], // leap year
    ['2024-08-31', '2025-02-28'],
    ['2024-08-30', '2025-02-28'],
    ['2024-08-29', '2025-02-28'],
    ['2023-08-29', '2024-02-29'],
    ['2024-08-28', '2025-02-28'],
    ['2024-03-31', '2024-09-30'],
    ['2024-12-31', '2025-06-30'],
    ['2024-05-31', '2024-11-30'],
    ['2024-01-15', '2024-07-15'],
    ['2024-07-31', '2025-01-31'],
    ['2024-09-01', '2025-03-01'],
  ])('departed %s → mobile from %s', (departedOn, mobileFrom) => {
    expect(mobileFromOf(departedOn)).toBe(mobileFrom);
  });

  it('counts an active record as mobile from mobileFrom on, not the day before', () => {
    const r = record({ departedOn: '2024-08-31', mobileFrom: mobileFromOf('2024-08-31') });
    expect(isMobileToday(r, '2025-02-27')).toBe(false);
    expect(isMobileToday(r, '2025-02-28')).toBe(true);
    expect(isMobileToday(r, '2025-03-01')).toBe(true);
  });

  it('never counts an ended record', () => {
    expect(isMobileToday(record({ status: MobilityStatus.ENDED }), '2030-01-01')).toBe(false);
    expect(isMobileToday(record({ status: MobilityStatus.REPORTED }), '2030-01-01')).toBe(true);
  });
});

describe('失联 and unreported days', () => {
  it('flags lost contact only after more than the configured days without contact', () => {
    const r = record({ lastContactOn: '2024-01-01' });
    expect(lostContactToday(r, '2024-06-29', 180)).toBe(false); // 180 days
    expect(lostContactToday(r, '2024-06-30', 180)).toBe(true); // 181 days
    expect(lostContactToday(r, '2024-01-31', 30)).toBe(false);
    expect(lostContactToday(r, '2024-02-01', 30)).toBe(true);
    expect(lostContactToday({ ...r, status: MobilityStatus.ENDED }, '2030-01-01', 180)).toBe(false);
  });

  it('counts days since departure while not reported', () => {
    expect(daysUnreported(record(), '2024-02-14')).toBe(30);
    expect(daysUnreported(record({ status: MobilityStatus.REPORTED }), '2024-02-14')).toBeNull();
    expect(daysUnreported(record({ status: MobilityStatus.ENDED }), '2024-02-14')).toBeNull();
  });
});

describe('sides of a record', () => {
  // province 00001 → city 0000100001 → county A …00001 (outflow branch below), county B …00002 (inflow below)
  const r = { outflowPath: '00001000010000100001', inflowPath: '00001000010000200003' };

  it('puts the inflow organization, those below it, and its ancestors up to the common one on the inflow side', () => {
    expect(onInflowSide('00001000010000200003', r)).toBe(true);
    expect(onInflowSide('0000100001000020000300001', r)).toBe(true);
    expect(onInflowSide('000010000100002', r)).toBe(true);
    expect(onInflowSide('0000100001', r)).toBe(false); // above both sides
    expect(onInflowSide('00001000010000100001', r)).toBe(false);
    expect(onInflowSide('00001000010000200004', r)).toBe(false); // a sibling of the inflow organization
    expect(onInflowSide('00001', { outflowPath: r.outflowPath, inflowPath: null })).toBe(false);
  });

  it('tells the formal side from the inflow side of a member', () => {
    const member = { formalPath: r.outflowPath };
    expect(memberSide('000010000100001', member, r)).toBe('FORMAL');
    expect(memberSide('000010000100002', member, r)).toBe('INFLOW');
    expect(memberSide('000010000100002', member, null)).toBeNull();
    expect(memberSide('00002', member, r)).toBeNull();
  });
});
