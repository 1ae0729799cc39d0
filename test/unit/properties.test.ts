/**
 * Properties that hold for every input, checked on many generated ones (fast-check): the scalars, money,
 * decimals, calendar arithmetic, tokens, passwords, sign-in lock-out, parcel rules, query limits and redaction.
 */
import fc from 'fast-check';
import {
  GraphQLInputObjectType,
  GraphQLNonNull,
  GraphQLString,
  Kind,
  parse,
  type FragmentDefinitionNode,
} from 'graphql';
import { formatMoney, MoneyFormatError, parseMoney } from '../../src/common/money';
import {
  DecimalFormatError,
  divideRounded,
  formatScaled,
  parseDecimal,
  percent,
  toScaled,
} from '../../src/common/decimal';
import { DateTimeScalar, MoneyScalar, parseDate, parseDateTime } from '../../src/common/scalars';
import {
  addDays,
  addMonths,
  daysBetween,
  isValidIsoDate,
  shanghaiDate,
  startOfShanghaiDay,
  toShanghaiIso,
} from '../../src/common/time';
import { DomainError, ErrorCode } from '../../src/common/errors';
import { Role } from '../../src/common/viewer';
import { signToken, viewerFromAuthorization } from '../../src/auth/token';
import { hashPassword, parseStoredHash, verifyPassword } from '../../src/auth/password';
import { decideSignIn, LOCKOUT, normalizeUsername, type LockoutState } from '../../src/auth/sign-in.rules';
import { maxGrossFloorArea, validateParcelInput } from '../../src/land/parcel/parcel.rules';
import { LandUse, ObligationKind, type CreateParcelInput } from '../../src/land/parcel/parcel.types';
import { measureOperation } from '../../src/server/http/limits';
import { REDACTED, summarizeArguments, summarizeRaw } from '../../src/server/audit/audit.redact';
import { decodeCursor, encodeCursor, MAX_PAGE_SIZE, toPage } from '../../src/common/pagination';
import { likeContains } from '../../src/common/orm-types';

const MONEY = /^(0|[1-9]\d*)(\.\d{1,2})?$/;
const DECIMAL = /^-?(0|[1-9]\d{0,19})(\.\d{1,10})?$/;
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.stringMatching(/^-?\d{0,25}(\.\d{0,12})?(e\d)?$/),
);

function throwsOnly<T>(fn: () => T, ...allowed: (new (...args: never[]) => Error)[]): T | undefined {
  try {
    return fn();
  } catch (error) {
    if (!allowed.some((type) => error instanceof type)) throw error;
    return undefined;
  }
}

describe('Money', () => {
  it('round-trips every amount of fen through its yuan string', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (fen) => {
        const text = formatMoney(fen);
        expect(text).toMatch(/^\d+\.\d{2}$/);
        expect(parseMoney(text)).toBe(fen);
        expect(MoneyScalar.parseValue(MoneyScalar.serialize(fen))).toBe(fen);
      }),
    );
  });

  it('accepts exactly the canonical decimal strings, and nothing else, with a typed error', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const fen = throwsOnly(() => parseMoney(text), MoneyFormatError);
        if (fen === undefined) return;
        expect(text).toMatch(MONEY);
        expect(Number.isSafeInteger(fen)).toBe(true);
        expect(parseMoney(formatMoney(fen))).toBe(fen);
      }),
    );
  });

  it('never accepts a JSON number, boolean, object or list', () => {
    fc.assert(
      fc.property(
        fc.jsonValue().filter((v) => typeof v !== 'string'),
        (value) => {
          expect(() => MoneyScalar.parseValue(value)).toThrow(TypeError);
        },
      ),
    );
  });
});

describe('Decimal', () => {
  it('accepts exactly the documented pattern', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const value = throwsOnly(() => parseDecimal(text), DecimalFormatError);
        if (value !== undefined) {
          expect(text).toMatch(DECIMAL);
          expect(value).toBe(text);
        }
      }),
    );
  });

  it('scales and formats without losing a digit', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 0, max: 12 }),
        (v, digits) => {
          expect(toScaled(formatScaled(v, digits), digits)).toBe(v);
        },
      ),
    );
  });

  it('rounds a quotient half-up, within half a unit of the last digit', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 6 }),
        (n, d, digits) => {
          const q = toScaled(divideRounded(n, d, digits), digits);
          const exact = n * 10n ** BigInt(digits);
          const error = q * d - exact;
          expect(2n * (error < 0n ? -error : error)).toBeLessThanOrEqual(d);
        },
      ),
    );
  });

  it('gives percentages between 0 and 100 for a part of a whole', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (a, b) => {
        const [part, whole] = a <= b ? [a, b] : [b, a];
        const p = toScaled(percent(part, whole), 2);
        expect(p >= 0n && p <= 10000n).toBe(true);
      }),
    );
  });
});

const instant = fc.date({
  min: new Date('1950-01-01T00:00:00Z'),
  max: new Date('2999-12-30T00:00:00Z'),
  noInvalidDate: true,
});
const isoDate = instant.map((d) => d.toISOString().slice(0, 10));

describe('DateTime and Date', () => {
  it('round-trips every instant through its +08:00 string', () => {
    fc.assert(
      fc.property(instant, (date) => {
        const text = toShanghaiIso(date);
        expect(text).toMatch(/\+08:00$/);
        expect(parseDateTime(text).getTime()).toBe(date.getTime());
        expect(DateTimeScalar.parseValue(DateTimeScalar.serialize(date)).getTime()).toBe(date.getTime());
      }),
    );
  });

  it('turns any string into a valid instant or a TypeError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyText,
          instant.map((d) => d.toISOString().replace('Z', '+25:00')),
        ),
        (text) => {
          const date = throwsOnly(() => parseDateTime(text), TypeError);
          if (date) expect(Number.isNaN(date.getTime())).toBe(false);
          const day = throwsOnly(() => parseDate(text), TypeError);
          if (day) expect(isValidIsoDate(day)).toBe(true);
        },
      ),
    );
  });

  it('adds and subtracts days exactly, and months onto a valid day no later in the month', () => {
    fc.assert(
      fc.property(
        isoDate,
        fc.integer({ min: -3000, max: 3000 }),
        fc.integer({ min: -240, max: 240 }),
        (d, n, m) => {
          expect(addDays(addDays(d, n), -n)).toBe(d);
          expect(daysBetween(d, addDays(d, n))).toBe(n);
          const later = addMonths(d, m);
          expect(
            isValidIsoDate(later) || Number(later.slice(0, 4)) < 1900 || Number(later.slice(0, 4)) > 2999,
          ).toBe(true);
          expect(Number(later.slice(8))).toBeLessThanOrEqual(Number(d.slice(8)));
          expect(shanghaiDate(startOfShanghaiDay(d))).toBe(d);
        },
      ),
    );
  });
});

const SECRET = 'property-test-secret-0123456789';
const roles = fc.subarray(Object.values(Role), { minLength: 1 });
// jsonwebtoken reads a clock of 0 (1970-01-01) as "no clock given": server clocks are far from it
const serverClock = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2100-01-01T00:00:00Z'),
  noInvalidDate: true,
});

describe('tokens', () => {
  it('give back the claims they were signed with, judged on the given clock', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 100 }),
        roles,
        fc.option(fc.uuid(), { nil: undefined }),
        serverClock,
        (sub, r, scope, now) => {
          const { token } = signToken(SECRET, { sub, roles: r, scopeOrganizationId: scope }, 60, now);
          const viewer = viewerFromAuthorization(`Bearer ${token}`, SECRET, now);
          expect(viewer).toMatchObject({ subject: sub, roles: [...new Set(r)], scopeOrganizationId: scope });
          expect(() =>
            viewerFromAuthorization(`Bearer ${token}`, SECRET, new Date(now.getTime() + 61_000)),
          ).toThrow(DomainError);
        },
      ),
    );
  });

  it('refuse any change to a signed token', () => {
    fc.assert(
      fc.property(
        roles,
        fc.nat(),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
        (r, at, c) => {
          const now = new Date('2024-12-12T00:00:00Z');
          const { token } = signToken(SECRET, { sub: 'u', roles: r }, 60, now);
          const i = at % token.length;
          fc.pre(token[i] !== c && token[i] !== '.');
          const changed = token.slice(0, i) + c + token.slice(i + 1);
          let viewer;
          try {
            viewer = viewerFromAuthorization(`Bearer ${changed}`, SECRET, now);
          } catch (error) {
            expect((error as DomainError).extensions.code).toBe(ErrorCode.UNAUTHENTICATED);
            return;
          }
          // base64url has spare bits at the end of a segment: a change there may decode to the same bytes
          expect(viewer).toMatchObject({ subject: 'u', roles: [...new Set(r)] });
        },
      ),
    );
  });

  it('answer any Authorization header with a viewer or UNAUTHENTICATED, never anything else', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyText,
          anyText.map((t) => `Bearer ${t}`),
        ),
        (header) => {
          try {
            viewerFromAuthorization(header, SECRET, new Date());
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            expect((error as DomainError).extensions.code).toBe(ErrorCode.UNAUTHENTICATED);
          }
        },
      ),
    );
  });
});

describe('passwords', () => {
  const cheap = { log2N: 10, r: 8, p: 1 };
  it('verify the password hashed and no other', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 64 }),
        fc.string({ maxLength: 64 }),
        async (password, other) => {
          const stored = await hashPassword(password, cheap);
          expect(stored).not.toContain(password.length > 3 ? password : '\u0000');
          expect(await verifyPassword(stored, password)).toBe(true);
          if (other.normalize('NFC') !== password.normalize('NFC'))
            expect(await verifyPassword(stored, other)).toBe(false);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('never accept a stored value that is not a well-formed hash', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, fc.string(), async (stored, password) => {
        if (!parseStoredHash(stored)) expect(await verifyPassword(stored, password)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });
});

describe('sign-in lock-out', () => {
  type Step = { waitMs: number; correct: boolean };
  const steps = fc.array(
    fc.record({ waitMs: fc.integer({ min: 0, max: 20 * 60 * 1000 }), correct: fc.boolean() }),
    { maxLength: 40 },
  );

  it('behaves like the model: 5 failures in a row lock for 15 minutes; nothing gets in while locked', () => {
    fc.assert(
      fc.property(steps, (list: Step[]) => {
        let state: LockoutState = { failedAttempts: 0, lockedUntil: null };
        let now = Date.parse('2024-11-01T00:00:00Z');
        // the model
        let failuresInRow = 0;
        let lockedUntil = 0;
        for (const step of list) {
          now += step.waitMs;
          const decision = decideSignIn(state, step.correct, new Date(now));
          const locked = now < lockedUntil;
          if (locked) {
            expect(decision.allowed).toBe(false);
            expect(decision.next).toEqual(state);
          } else {
            if (lockedUntil && now >= lockedUntil) {
              failuresInRow = 0;
              lockedUntil = 0;
            }
            expect(decision.allowed).toBe(step.correct);
            failuresInRow = step.correct ? 0 : failuresInRow + 1;
            if (failuresInRow >= LOCKOUT.maxFailures) lockedUntil = now + LOCKOUT.lockMs;
            expect(decision.next.lockedUntil?.getTime() ?? 0).toBe(lockedUntil);
          }
          state = decision.next;
        }
      }),
    );
  });

  it('normalizes usernames to a fixed point', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        const name = normalizeUsername(raw);
        if (name !== null) expect(normalizeUsername(name)).toBe(name);
      }),
    );
  });
});

const decimalString = (maxInt: number, maxFrac: number) =>
  fc
    .tuple(fc.integer({ min: 0, max: maxInt }), fc.integer({ min: 0, max: maxFrac }), fc.nat())
    .map(([i, digits, f]) =>
      digits === 0 ? String(i) : `${i}.${String(f).padStart(digits, '0').slice(-digits)}`,
    );

const parcelInput: fc.Arbitrary<CreateParcelInput> = fc.record({
  code: fc.string({ maxLength: 80 }),
  city: fc.string({ maxLength: 80 }),
  district: fc.string({ maxLength: 80 }),
  location: fc.string({ maxLength: 600 }),
  areaSqm: decimalString(1_000_000, 10),
  landUses: fc.array(fc.constantFrom(...Object.values(LandUse)), { maxLength: 6 }),
  planning: fc.record(
    {
      floorAreaRatioMin: fc.option(decimalString(20, 4)),
      floorAreaRatioMax: fc.option(decimalString(20, 4)),
      buildingDensityMaxPercent: fc.option(decimalString(150, 2)),
      greenRatioMinPercent: fc.option(decimalString(150, 2)),
      buildingHeightMaxM: fc.option(decimalString(500, 2)),
    },
    { requiredKeys: [] },
  ),
  leaseTerms: fc.array(
    fc.record({
      landUse: fc.constantFrom(...Object.values(LandUse)),
      years: fc.integer({ min: -5, max: 100 }),
    }),
    { maxLength: 4 },
  ),
  obligations: fc.option(
    fc.array(
      fc.record({
        kind: fc.constantFrom(...Object.values(ObligationKind)),
        description: fc.string({ maxLength: 50 }),
        households: fc.option(fc.integer({ min: -3, max: 500 })),
        areaSqm: fc.option(decimalString(100_000, 2)),
        recipient: fc.option(fc.string({ maxLength: 20 })),
      }),
      { maxLength: 3 },
    ),
  ),
  notes: fc.option(fc.array(fc.string({ maxLength: 30 }), { maxLength: 60 })),
});

describe('parcel rules', () => {
  it('accept a parcel or refuse it with BAD_USER_INPUT naming a field, never anything else', () => {
    fc.assert(
      fc.property(parcelInput, (input) => {
        let valid: CreateParcelInput;
        try {
          valid = validateParcelInput(input);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe(ErrorCode.BAD_USER_INPUT);
          expect(typeof (error as DomainError).extensions.field).toBe('string');
          return;
        }
        expect(valid.code).toBe(valid.code.trim());
        expect(valid.code.length).toBeGreaterThan(0);
        expect(valid.landUses.length).toBeGreaterThan(0);
        for (const term of valid.leaseTerms) {
          expect(term.years).toBeGreaterThanOrEqual(1);
          expect(term.years).toBeLessThanOrEqual(70);
          expect(valid.landUses).toContain(term.landUse);
        }
        expect(toScaled(valid.areaSqm, 10) > 0n).toBe(true);
      }),
    );
  });

  it('compute the most floor area as area × ratio, rounded half-up to 2 decimals', () => {
    fc.assert(
      fc.property(
        decimalString(10_000_000, 4),
        fc.option(decimalString(30, 4), { nil: null }),
        (area, ratio) => {
          const result = maxGrossFloorArea(area, ratio);
          if (ratio === null) return expect(result).toBeNull();
          const exact = toScaled(area, 4) * toScaled(ratio, 4); // scale 8
          expect(toScaled(result!, 2)).toBe((exact + 500_000n) / 1_000_000n);
        },
      ),
    );
  });
});

describe('query limits', () => {
  type Tree = { name: string; alias: boolean; children: Tree[] };
  const tree: fc.Arbitrary<Tree[]> = fc.letrec<{ node: Tree; nodes: Tree[] }>((tie) => ({
    node: fc.record({
      name: fc.constantFrom('a', 'b', 'c'),
      alias: fc.boolean(),
      children: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constant<Tree[]>([]),
        tie('nodes'),
      ),
    }),
    nodes: fc.array(tie('node'), { minLength: 1, maxLength: 3 }),
  })).nodes;

  let n = 0;
  const inline = (nodes: Tree[]): string =>
    nodes
      .map(
        (t) =>
          `${t.alias ? `x${n++}: ` : ''}${t.name}${t.children.length ? ` { ${inline(t.children)} }` : ''}`,
      )
      .join(' ');
  /** the same selections with every child set moved into a fragment of its own, spread where it was */
  const withFragments = (nodes: Tree[], fragments: string[]): string =>
    nodes
      .map((t) => {
        if (!t.children.length) return `${t.alias ? `x${n++}: ` : ''}${t.name}`;
        const name = `F${fragments.length}`;
        fragments.push('');
        const i = fragments.length - 1;
        fragments[i] = `fragment ${name} on T { ${withFragments(t.children, fragments)} }`;
        return `${t.alias ? `x${n++}: ` : ''}${t.name} { ...${name} }`;
      })
      .join(' ');
  const measure = (source: string) => {
    const doc = parse(source);
    const fragments = new Map(
      doc.definitions.flatMap((d) =>
        d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d as FragmentDefinitionNode]] : [],
      ),
    );
    const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
    return measureOperation(op as never, fragments);
  };
  const depth = (nodes: Tree[]): number =>
    Math.max(...nodes.map((t) => 1 + (t.children.length ? depth(t.children) : 0)));
  const count = (nodes: Tree[]): number => nodes.reduce((s, t) => s + 1 + count(t.children), 0);
  const aliases = (nodes: Tree[]): number =>
    nodes.reduce((s, t) => s + (t.alias ? 1 : 0) + aliases(t.children), 0);

  it('measure depth, fields, aliases and root fields the same with or without fragments', () => {
    fc.assert(
      fc.property(tree, (nodes) => {
        const plain = measure(`{ ${inline(nodes)} }`);
        const fragments: string[] = [];
        const body = withFragments(nodes, fragments);
        const viaFragments = measure(`{ ${body} } ${fragments.join(' ')}`);
        const expected = {
          depth: depth(nodes),
          fields: count(nodes),
          aliases: aliases(nodes),
          rootFields: nodes.length,
        };
        expect(plain).toMatchObject(expected);
        expect(viaFragments).toMatchObject(expected);
      }),
    );
  });
});

describe('audit redaction', () => {
  const Input = new GraphQLInputObjectType({
    name: 'In',
    fields: {
      password: { type: GraphQLString },
      note: { type: GraphQLString },
      certificatePem: { type: GraphQLString },
    },
  });
  const args = [
    {
      name: 'password',
      type: new GraphQLNonNull(GraphQLString),
      description: null,
      defaultValue: undefined,
      deprecationReason: null,
      extensions: {},
      astNode: undefined,
    },
    {
      name: 'input',
      type: Input,
      description: null,
      defaultValue: undefined,
      deprecationReason: null,
      extensions: {},
      astNode: undefined,
    },
  ];
  const secret = fc.string({ minLength: 8 }).map((s) => `S3cr3t!${s}`);

  it('never keeps a password or a certificate, typed or raw', () => {
    fc.assert(
      fc.property(secret, secret, fc.string(), (password, pem, note) => {
        const typed = JSON.stringify(
          summarizeArguments(args, { password, input: { password, note, certificatePem: pem } }),
        );
        const raw = JSON.stringify(
          summarizeRaw({ vars: [{ password, certificatePem: pem, nested: { password } }] }),
        );
        for (const text of [typed, raw]) {
          expect(text).not.toContain(password);
          expect(text).not.toContain(pem);
          expect(text).toContain(REDACTED);
        }
      }),
    );
  });
});

describe('pagination', () => {
  it('decodes every cursor it issues, and refuses anything else with BAD_USER_INPUT', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), anyText, (offset, junk) => {
        expect(decodeCursor(encodeCursor(offset))).toBe(offset);
        const page = throwsOnly(() => toPage({ first: 5, after: junk }), DomainError);
        // an empty after means from the start
        if (page) expect(page.offset).toBeGreaterThanOrEqual(junk === '' ? 0 : 1);
      }),
    );
  });

  it('accepts page sizes from 0 to the maximum only', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double()), (first) => {
        const page = throwsOnly(() => toPage({ first }), DomainError);
        if (page) expect(Number.isInteger(first) && first >= 0 && first <= MAX_PAGE_SIZE).toBe(true);
        else expect(Number.isInteger(first) && first >= 0 && first <= MAX_PAGE_SIZE).toBe(false);
      }),
    );
  });
});

describe('text filters', () => {
  it('escape every LIKE wildcard, so a filter matches its text literally', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const pattern = likeContains(text);
        const body = pattern.slice(1, -1);
        // unescaping gives the text back, and no % or _ is left unescaped
        expect(body.replace(/\\(.)/g, '$1')).toBe(text);
        expect(/(^|[^\\])(\\\\)*[%_]/.test(body)).toBe(false);
      }),
    );
  });
});
