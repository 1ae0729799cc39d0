/**
 * The contract's four scalars. Inputs are checked strictly (values in variables fail with BAD_USER_INPUT,
 * inline literals with GraphQL's own validation error); outputs are canonical.
 */
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { formatMoney, parseMoney, type Fen } from './money';
import { parseDecimal } from './decimal';
import { isValidIsoDate, toShanghaiIso } from './time';

function stringLiteral(ast: ValueNode, scalar: string): string {
  if (ast.kind !== Kind.STRING) throw new TypeError(`${scalar} must be written as a string literal`);
  return ast.value;
}

export const MoneyScalar = new GraphQLScalarType<Fen, string>({
  name: 'Money',
  description:
    '金额（元） — amount in CNY yuan as a decimal string with at most 2 fraction digits, e.g. "754180000.00". Inputs accept "754180000", "754180000.5", "754180000.50"; never floats, exponents or signs.',
  serialize(value) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      throw new TypeError('Money must be held as whole fen');
    return formatMoney(value);
  },
  parseValue: (value) => parseMoney(value),
  parseLiteral: (ast) => parseMoney(stringLiteral(ast, 'Money')),
});

export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: '精确小数 — exact decimal string (areas, ratios, percents), e.g. "86788.68".',
  serialize(value) {
    if (typeof value !== 'string') throw new TypeError('Decimal must be held as a string');
    return value;
  },
  parseValue: (value) => parseDecimal(value),
  parseLiteral: (ast) => parseDecimal(stringLiteral(ast, 'Decimal')),
});

/** Calendar date YYYY-MM-DD (Asia/Shanghai). Held as the same string inside. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: '日期 — calendar date YYYY-MM-DD (Asia/Shanghai).',
  serialize(value) {
    if (typeof value !== 'string' || !isValidIsoDate(value))
      throw new TypeError('Date must be held as YYYY-MM-DD');
    return value;
  },
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => parseDate(stringLiteral(ast, 'Date')),
});

export function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isValidIsoDate(value)) {
    throw new TypeError('Date must be a calendar date YYYY-MM-DD, e.g. "2024-12-12"');
  }
  return value;
}

const DATE_TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** ISO-8601 instant; an offset (Z or ±HH:MM) is required, since a bare local time is ambiguous. */
export function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string') throw new TypeError('DateTime must be an ISO-8601 string with an offset');
  const m = DATE_TIME_PATTERN.exec(value);
  if (!m || !isValidIsoDate(`${m[1]}-${m[2]}-${m[3]}`)) {
    throw new TypeError('DateTime must be ISO-8601 with an offset, e.g. "2024-12-12T14:30:00+08:00"');
  }
  const [hh, mm, ss] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (hh > 23 || mm > 59 || ss > 59) throw new TypeError('DateTime has an impossible time of day');
  if (m[9] !== undefined && (Number(m[9]) > 14 || Number(m[10]) > 59))
    throw new TypeError('DateTime offset out of range');
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new TypeError('DateTime is not a valid instant');
  return date;
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description:
    '时刻 — ISO-8601 instant with an offset; the server writes Asia/Shanghai (+08:00). Compare instants, not strings.',
  serialize(value) {
    const date =
      value instanceof Date
        ? value
        : typeof value === 'string' || typeof value === 'number'
          ? new Date(value)
          : null;
    if (!date || Number.isNaN(date.getTime())) throw new TypeError('DateTime must be held as a Date');
    return toShanghaiIso(date);
  },
  parseValue: (value) => parseDateTime(value),
  parseLiteral: (ast) => parseDateTime(stringLiteral(ast, 'DateTime')),
});

/** graphql-scalars' JSONObject, described in our terms. */
export const JsonObjectScalar = new GraphQLScalarType({
  ...GraphQLJSONObject.toConfig(),
  description: 'JSON 对象 — a JSON object (ECMA-404), such as the variables of a GraphQL operation',
});
