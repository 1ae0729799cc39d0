/**
 * Numbers that protect bidders: from node:crypto, never derived from ids, bidders or counters, so none reveals who
 * applied or how many did.
 */
import { randomInt } from 'node:crypto';

/** n random decimal digits, the first not 0. */
export function randomDigits(n: number): string {
  let out = String(randomInt(1, 10));
  while (out.length < n) out += String(randomInt(0, 10));
  return out;
}

/** 保证金账号: 19 random digits. */
export const newDepositAccountNumber = (): string => randomDigits(19);
