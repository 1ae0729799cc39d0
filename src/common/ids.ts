import { randomUUID } from 'node:crypto';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** A fresh random id: unguessable, so no id reveals how many records exist. */
export const newId = (): string => randomUUID();

export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);
