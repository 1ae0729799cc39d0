/** Checks of free text and days shared by the party's rules and services. Pure. */
import { badInput } from '../common/errors';

/** Trimmed, not empty, at most `max` characters. */
export function text(value: string, field: string, max: number): string {
  const trimmed = value.trim();
  if (!trimmed) throw badInput(`${field} must not be empty`, { field });
  if (trimmed.length > max) throw badInput(`${field} is longer than ${max} characters`, { field });
  return trimmed;
}

/** Trimmed, at most `max` characters; empty or missing is null. */
export function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  return value?.trim() ? text(value, field, max) : null;
}

export function notInFuture(day: string, today: string, field: string): string {
  if (day > today) throw badInput(`${field} must not be in the future`, { field });
  return day;
}
