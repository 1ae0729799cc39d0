import { raw, Type } from '@mikro-orm/core';

/**
 * A list of enum names stored as ",A,B," text, so "contains A" is a portable LIKE '%,A,%'
 * on SQLite and PostgreSQL alike.
 */
export class EnumListType extends Type<string[], string> {
  override convertToDatabaseValue(value: string[] | string): string {
    if (typeof value === 'string') return value;
    return `,${value.join(',')},`;
  }

  override convertToJSValue(value: string | string[]): string[] {
    if (Array.isArray(value)) return value;
    return value.split(',').filter(Boolean);
  }

  override getColumnType(): string {
    return 'varchar(255)';
  }
}

/** LIKE pattern for a literal substring (with `escape '\\'`). */
export const likeContains = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * A filter for "column contains text", case-insensitive, with % and _ taken literally, on both databases
 * (SQLite's LIKE has no default escape character).
 */
export function containsText(column: string, text: string): Record<string, []> {
  const fragment = raw(
    (alias: string) => `lower(${alias}.${column}) like ? escape '\\'`,
    [likeContains(text.toLowerCase())],
  );
  return { [fragment as unknown as string]: [] };
}

/** A filter for an EnumListType column holding a value. */
export function listContains(column: string, value: string): Record<string, []> {
  const fragment = raw((alias: string) => `${alias}.${column} like ?`, [`%,${value},%`]);
  return { [fragment as unknown as string]: [] };
}
