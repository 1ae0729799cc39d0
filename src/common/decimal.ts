/**
 * Decimals (areas, ratios, percents) travel as strings and are computed with scaled bigints,
 * so "86788.68" stays exactly that and a percentage is rounded half-up exactly once.
 */
const DECIMAL_PATTERN = /^-?(0|[1-9]\d{0,19})(\.\d{1,10})?$/;

export class DecimalFormatError extends TypeError {}

/** Validates a decimal string and returns it as given (no float round trip). */
export function parseDecimal(value: unknown): string {
  if (typeof value !== 'string')
    throw new DecimalFormatError('Decimal must be a decimal string, e.g. "86788.68"');
  if (!DECIMAL_PATTERN.test(value) || value === '-0') {
    throw new DecimalFormatError(
      `"${value.length > 40 ? value.slice(0, 40) + '…' : value}" is not a Decimal: digits with an optional fraction (at most 10 digits), no exponent or spaces`,
    );
  }
  return value;
}

/** The value × 10^scale as a bigint, truncating nothing: throws if the value has more fraction digits. */
export function toScaled(value: string, scale: number): bigint {
  const negative = value.startsWith('-');
  const [intPart, frac = ''] = (negative ? value.slice(1) : value).split('.');
  if (frac.length > scale) throw new RangeError(`${value} has more than ${scale} fraction digits`);
  const scaled = BigInt(intPart) * 10n ** BigInt(scale) + BigInt(frac.padEnd(scale, '0') || '0');
  return negative ? -scaled : scaled;
}

/** numerator / denominator rounded half-up (away from zero) to `digits` fraction digits, as a string. */
export function divideRounded(numerator: bigint, denominator: bigint, digits: number): string {
  if (denominator === 0n) return formatScaled(0n, digits);
  const negative = numerator < 0n !== denominator < 0n && numerator !== 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const factor = 10n ** BigInt(digits);
  const quotient = (n * factor * 2n + d) / (2n * d);
  return formatScaled(negative ? -quotient : quotient, digits);
}

export function formatScaled(scaled: bigint, digits: number): string {
  const negative = scaled < 0n;
  const abs = (negative ? -scaled : scaled).toString().padStart(digits + 1, '0');
  const body = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return negative ? `-${body}` : body;
}

/** percent = part / whole × 100, half-up to 2 decimals; an empty denominator gives "0.00". */
export function percent(part: number | bigint, whole: number | bigint): string {
  return divideRounded(BigInt(part) * 100n, BigInt(whole), 2);
}

/** Product of two decimal strings, exact. */
export function multiplyDecimals(a: string, b: string): { value: bigint; scale: number } {
  const scaleA = (a.split('.')[1] ?? '').length;
  const scaleB = (b.split('.')[1] ?? '').length;
  return { value: toScaled(a, scaleA) * toScaled(b, scaleB), scale: scaleA + scaleB };
}
