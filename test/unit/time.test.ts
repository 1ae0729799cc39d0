import {
  addDays,
  addMonths,
  daysBetween,
  shanghaiDate,
  startOfShanghaiDay,
  toShanghaiIso,
} from '../../src/common/time';

describe('calendar arithmetic', () => {
  it.each([
    ['2024-08-31', 6, '2025-02-28'],
    ['2023-08-31', 6, '2024-02-29'],
    ['2024-03-31', 6, '2024-09-30'],
    ['2024-01-15', 6, '2024-07-15'],
    ['2024-07-31', 6, '2025-01-31'],
    ['2024-12-31', 2, '2025-02-28'],
    ['2024-05-01', -6, '2023-11-01'],
  ])('%s + %i months = %s', (from, months, expected) => {
    expect(addMonths(from, months)).toBe(expected);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2024-12-30', 3)).toBe('2025-01-02');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(daysBetween('2024-12-12', '2024-12-18')).toBe(6);
  });

  it('reads instants on the Asia/Shanghai calendar', () => {
    expect(shanghaiDate(new Date('2024-12-11T16:00:00Z'))).toBe('2024-12-12');
    expect(shanghaiDate(new Date('2024-12-11T15:59:59Z'))).toBe('2024-12-11');
    expect(startOfShanghaiDay('2024-12-18').toISOString()).toBe('2024-12-17T16:00:00.000Z');
    expect(toShanghaiIso(new Date('2024-12-12T07:00:00Z'))).toBe('2024-12-12T15:00:00.000+08:00');
  });
});
