/**
 * Money is exact: integers of fen (分) inside, decimal yuan strings outside. Never a binary float.
 * The largest amount is Number.MAX_SAFE_INTEGER fen (about 9 × 10^13 yuan), far above any land price.
 */
export type Fen = number;

const MONEY_PATTERN = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;

export class MoneyFormatError extends TypeError {}

/** Parses a yuan decimal string ("754180000", "754180000.5", "754180000.50") into fen. */
export function parseMoney(value: unknown): Fen {
  if (typeof value !== 'string')
    throw new MoneyFormatError('Money must be a decimal string in yuan, e.g. "754180000.00"');
  const match = MONEY_PATTERN.exec(value);
  if (!match) {
    throw new MoneyFormatError(
      `"${value.length > 40 ? value.slice(0, 40) + '…' : value}" is not Money: digits with at most 2 fraction digits, no sign, exponent, spaces or leading zeros`,
    );
  }
  const fen = BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) throw new MoneyFormatError('Money is too large');
  return Number(fen);
}

export function formatMoney(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) throw new TypeError(`not an amount of fen: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}${yuan}.${cents.toString().padStart(2, '0')}`;
}

/** 万元 figures of a notice: 15084 万元 → 150,840,000.00 yuan. */
export function wanYuan(wan: number): Fen {
  if (!Number.isSafeInteger(wan * 10_000 * 100)) throw new TypeError('amount too large');
  return wan * 10_000 * 100;
}

export const yuan = (amount: number): Fen => Math.round(amount * 100);
