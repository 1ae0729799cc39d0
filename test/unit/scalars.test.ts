import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { DateScalar, DateTimeScalar, DecimalScalar, MoneyScalar } from '../../src/common/scalars';
import { formatMoney, parseMoney, wanYuan } from '../../src/common/money';
import { divideRounded, percent } from '../../src/common/decimal';

const str = (value: string): ValueNode => ({ kind: Kind.STRING, value });
const int = (value: string): ValueNode => ({ kind: Kind.INT, value });
const float = (value: string): ValueNode => ({ kind: Kind.FLOAT, value });

describe('Money', () => {
  it.each([
    ['754180000', 75_418_000_000],
    ['754180000.5', 75_418_000_050],
    ['754180000.50', 75_418_000_050],
    ['0', 0],
    ['0.01', 1],
    ['12000000.00', 1_200_000_000],
  ])('accepts %s', (input, fen) => {
    expect(MoneyScalar.parseValue(input)).toBe(fen);
    expect(MoneyScalar.parseLiteral(str(input), {})).toBe(fen);
  });

  it.each([
    ['1e6', 'exponent'],
    ['1E6', 'exponent'],
    ['-1', 'sign'],
    ['+1', 'sign'],
    ['1.001', 'three fraction digits'],
    ['007', 'leading zeros'],
    ['00.5', 'leading zeros'],
    [' 1', 'leading whitespace'],
    ['1 ', 'trailing whitespace'],
    ['1.', 'dangling point'],
    ['.5', 'no integer part'],
    ['1,000', 'grouping'],
    ['', 'empty'],
    ['NaN', 'not a number'],
    ['Infinity', 'not a number'],
    ['0x10', 'hex'],
    ['１２', 'full-width digits'],
    ['99999999999999999999', 'huge'],
    ['90071992547409.92', 'just past the largest safe amount'],
  ])('rejects %s (%s)', (input) => {
    expect(() => MoneyScalar.parseValue(input)).toThrow(TypeError);
  });

  it.each([[1e6], [12.5], [true], [null], [{}], [['1']]])('rejects the non-string %p', (input) => {
    expect(() => MoneyScalar.parseValue(input)).toThrow(TypeError);
  });

  it('rejects numeric literals: Money is written as a string', () => {
    expect(() => MoneyScalar.parseLiteral(int('100'), {})).toThrow();
    expect(() => MoneyScalar.parseLiteral(float('1.5'), {})).toThrow();
  });

  it('accepts the largest safe amount exactly', () => {
    expect(parseMoney('90071992547409.91')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('serializes fen as yuan with two fraction digits', () => {
    expect(MoneyScalar.serialize(75_418_000_000)).toBe('754180000.00');
    expect(MoneyScalar.serialize(5)).toBe('0.05');
    expect(MoneyScalar.serialize(0)).toBe('0.00');
    expect(formatMoney(-150)).toBe('-1.50');
    expect(() => MoneyScalar.serialize(1.5)).toThrow();
    expect(() => MoneyScalar.serialize('1.00')).toThrow();
  });

  it('converts 万元 exactly', () => {
    expect(formatMoney(wanYuan(15084))).toBe('150840000.00');
    expect(formatMoney(wanYuan(75418))).toBe('754180000.00');
    expect(formatMoney(wanYuan(1200))).toBe('12000000.00');
  });
});

describe('Decimal', () => {
  it.each(['86788.68', '1.0', '2.3', '0', '100', '-3.5', '0.0000000001'])('accepts %s as given', (input) => {
    expect(DecimalScalar.parseValue(input)).toBe(input);
  });

  it.each(['1e3', '01', '1.', '.5', ' 1', '1 ', '--1', '+1', '-0', '1.00000000001', 'abc', '', '1,5'])(
    'rejects %p',
    (input) => {
      expect(() => DecimalScalar.parseValue(input)).toThrow(TypeError);
    },
  );

  it.each([[1.5], [2], [null], [true]])('rejects the non-string %p', (input) => {
    expect(() => DecimalScalar.parseValue(input)).toThrow(TypeError);
  });

  it('rounds percentages half-up to 2 decimals and gives 0 for an empty denominator', () => {
    expect(percent(1, 3)).toBe('33.33');
    expect(percent(2, 3)).toBe('66.67');
    expect(percent(1, 8)).toBe('12.50');
    expect(percent(1, 200)).toBe('0.50');
    expect(percent(1, 400)).toBe('0.25');
    expect(percent(1, 800)).toBe('0.13'); // 0.125 → 0.13
    expect(percent(5, 0)).toBe('0.00');
    expect(divideRounded(-1n, 8n, 2)).toBe('-0.13');
  });
});

describe('Date', () => {
  it.each(['2024-12-12', '2024-02-29', '2000-02-29'])('accepts %s', (input) => {
    expect(DateScalar.parseValue(input)).toBe(input);
  });

  it.each([
    '2023-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-04-31',
    '2024-1-01',
    '20241212',
    '2024-12-12T00:00:00Z',
    ' 2024-12-12',
    '1900-02-29',
  ])('rejects %p', (input) => {
    expect(() => DateScalar.parseValue(input)).toThrow(TypeError);
  });
});

describe('DateTime', () => {
  it('accepts instants with Z or an offset and compares them as instants', () => {
    const a = DateTimeScalar.parseValue('2024-12-12T14:30:00+08:00');
    const b = DateTimeScalar.parseValue('2024-12-12T06:30:00Z');
    expect(a.getTime()).toBe(b.getTime());
    expect(DateTimeScalar.parseValue('2024-12-12T14:30:00.123456+08:00').getTime()).toBe(
      Date.parse('2024-12-12T06:30:00.123Z'),
    );
  });

  it.each([
    '2024-12-12T14:30:00',
    '2024-12-12',
    '2024-12-12 14:30:00+08:00',
    '2024-02-30T00:00:00Z',
    '2024-12-12T24:00:00Z',
    '2024-12-12T14:30:00+25:00',
    'yesterday',
    '',
  ])('rejects %p', (input) => {
    expect(() => DateTimeScalar.parseValue(input)).toThrow(TypeError);
  });

  it.each([[1733985000000], [null], [{}]])('rejects the non-string %p', (input) => {
    expect(() => DateTimeScalar.parseValue(input)).toThrow(TypeError);
  });

  it('writes instants in Asia/Shanghai', () => {
    expect(DateTimeScalar.serialize(new Date('2024-12-12T06:30:00Z'))).toBe('2024-12-12T14:30:00.000+08:00');
    expect(DateTimeScalar.serialize(new Date('2024-12-31T16:00:00Z'))).toBe('2025-01-01T00:00:00.000+08:00');
  });

  it('throws GraphQL-compatible errors for literals of the wrong kind', () => {
    expect(() => DateTimeScalar.parseLiteral(int('5'), {})).toThrow();
    expect(GraphQLError).toBeDefined();
  });
});
