import { badInput } from '../common/errors';

/** Trimmed text of 1 to max characters, or BAD_USER_INPUT naming the field. */
export function requiredText(value: string, field: string, max: number): string {
  const trimmed = value.trim();
  if (!trimmed) throw badInput(`${field} must not be empty`, { field });
  if (trimmed.length > max) throw badInput(`${field} is longer than ${max} characters`, { field });
  return trimmed;
}

/** 基本户 account numbers compare as digits (and letters), whatever spaces or dashes a bank puts in */
export const normalizeAccountNumber = (raw: string): string => raw.replace(/[\s-]/g, '').toUpperCase();
