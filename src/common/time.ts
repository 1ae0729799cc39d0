/** Calendar arithmetic in Asia/Shanghai (UTC+8 all year: China has no daylight saving since 1991). */
export const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An ISO instant rendered with +08:00, the way people in the trading system read it. */
export function toShanghaiIso(date: Date): string {
  const local = new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString();
  return `${local.slice(0, 23)}+08:00`;
}

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(date: Date): string {
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 Asia/Shanghai at the start of a calendar date. */
export function startOfShanghaiDay(isoDate: string): Date {
  return new Date(Date.parse(`${isoDate}T00:00:00+08:00`));
}

export function isValidIsoDate(value: string): boolean {
  const m = DATE_PATTERN.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** date + n calendar days (n may be negative). */
export function addDays(isoDate: string, days: number): string {
  const t = Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * date + n calendar months: the same day-of-month, or the last day of the target month when it has no such
 * day (31 Aug + 6 months = 28/29 Feb).
 */
export function addMonths(isoDate: string, months: number): string {
  const m = DATE_PATTERN.exec(isoDate);
  if (!m) throw new RangeError(`not a date: ${isoDate}`);
  const total = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const day = Math.min(Number(m[3]), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whole days from a to b (b − a) between two calendar dates. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
