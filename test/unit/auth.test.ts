import jwt from 'jsonwebtoken';
import { DomainError } from '../../src/common/errors';
import { Role } from '../../src/common/viewer';
import { secretKeyOf, signToken, viewerFromAuthorization } from '../../src/auth/token';

const SECRET = 'unit-test-secret-0123456789';
const now = new Date('2024-12-12T06:30:00Z');
const at = (date: Date) => Math.floor(date.getTime() / 1000);

function expectRefused(header: string): void {
  let caught: unknown;
  try {
    viewerFromAuthorization(header, SECRET, now);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  expect((caught as DomainError).extensions.code).toBe('UNAUTHENTICATED');
}

describe('JWT viewer', () => {
  it('is anonymous without a header', () => {
    expect(viewerFromAuthorization(undefined, SECRET, now)).toEqual({ subject: null, roles: [] });
  });

  it('reads the contract claims', () => {
    const token = jwt.sign({ sub: 'u1', roles: ['BIDDER'], bidderId: 'b-1', exp: at(now) + 60 }, SECRET);
    expect(viewerFromAuthorization(`Bearer ${token}`, SECRET, now)).toEqual({
      subject: 'u1',
      roles: [Role.BIDDER],
      bidderId: 'b-1',
      scopeOrganizationId: undefined,
      memberId: undefined,
    });
  });

  it('refuses a token signed with another secret', () => {
    expectRefused(
      `Bearer ${jwt.sign({ sub: 'u', roles: ['BANK'], exp: at(now) + 60 }, 'another-secret-0123456789')}`,
    );
  });

  it('refuses an expired token, judged on the injected clock', () => {
    expectRefused(`Bearer ${jwt.sign({ sub: 'u', roles: ['BANK'], exp: at(now) - 1 }, SECRET)}`);
  });

  it('refuses a token without exp', () => {
    expectRefused(`Bearer ${jwt.sign({ sub: 'u', roles: ['BANK'] }, SECRET)}`);
  });

  it('refuses alg none and other algorithms', () => {
    const unsigned = jwt.sign({ sub: 'u', roles: ['TRADING_CENTER'], exp: at(now) + 60 }, '', {
      algorithm: 'none',
    });
    expectRefused(`Bearer ${unsigned}`);
    const hs512 = jwt.sign({ sub: 'u', roles: ['TRADING_CENTER'], exp: at(now) + 60 }, SECRET, {
      algorithm: 'HS512',
    });
    expectRefused(`Bearer ${hs512}`);
  });

  it('refuses unknown roles and malformed claims', () => {
    expectRefused(`Bearer ${jwt.sign({ sub: 'u', roles: ['ROOT'], exp: at(now) + 60 }, SECRET)}`);
    expectRefused(`Bearer ${jwt.sign({ sub: 'u', roles: 'BANK', exp: at(now) + 60 }, SECRET)}`);
    expectRefused(`Bearer ${jwt.sign({ roles: ['BANK'], exp: at(now) + 60 }, SECRET)}`);
    expectRefused(
      `Bearer ${jwt.sign({ sub: 'u', roles: ['BIDDER'], bidderId: 5, exp: at(now) + 60 }, SECRET)}`,
    );
  });

  it('refuses headers that are not Bearer tokens', () => {
    expectRefused('Basic dXNlcjpwYXNz');
    expectRefused('Bearer');
    expectRefused('Bearer a b');
  });

  it('round-trips tokens it signs', () => {
    const { token } = signToken(SECRET, { sub: 'op', roles: [Role.TRADING_CENTER] }, 3600);
    expect(viewerFromAuthorization(`Bearer ${token}`, SECRET, new Date()).roles).toEqual([
      Role.TRADING_CENTER,
    ]);
  });
});

describe('the HS256 key', () => {
  it('is one KeyObject per secret, and interoperates with tokens signed with the plain string', () => {
    expect(secretKeyOf(SECRET)).toBe(secretKeyOf(SECRET));
    expect(secretKeyOf(SECRET)).not.toBe(secretKeyOf(`${SECRET}-other`));
    const byString = jwt.sign({ sub: 's', roles: [Role.BANK], exp: at(now) + 60 }, SECRET, {
      algorithm: 'HS256',
    });
    expect(viewerFromAuthorization(`Bearer ${byString}`, SECRET, now)).toMatchObject({ subject: 's' });
    const { token } = signToken(SECRET, { sub: 't', roles: [Role.BANK] }, 60, now);
    expect(jwt.verify(token, SECRET, { algorithms: ['HS256'], clockTimestamp: at(now) })).toMatchObject({
      sub: 't',
    });
  });
});

describe('verified tokens kept for their lifetime', () => {
  const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

  it('answers a token verified before, but refuses it from its expiry on, judged on the clock', () => {
    const token = jwt.sign({ sub: 'kept', roles: ['BIDDER'], bidderId: 'b-9', exp: at(now) + 60 }, SECRET);
    const first = viewerFromAuthorization(`Bearer ${token}`, SECRET, now);
    expect(viewerFromAuthorization(`Bearer ${token}`, SECRET, later(59))).toEqual(first);
    let caught: unknown;
    try {
      viewerFromAuthorization(`Bearer ${token}`, SECRET, later(60));
    } catch (error) {
      caught = error;
    }
    expect((caught as DomainError).extensions.code).toBe('UNAUTHENTICATED');
    expect((caught as DomainError).message).toBe('the token has expired');
  });

  it('refuses before nbf even once the token was accepted at a later time', () => {
    const token = jwt.sign({ sub: 'n', roles: ['BANK'], nbf: at(now), exp: at(now) + 60 }, SECRET);
    expect(viewerFromAuthorization(`Bearer ${token}`, SECRET, now).subject).toBe('n');
    expect(() => viewerFromAuthorization(`Bearer ${token}`, SECRET, later(-10))).toThrow(DomainError);
  });

  it('keeps tokens per secret: a token verified under one secret is refused under another', () => {
    const token = jwt.sign({ sub: 's2', roles: ['BANK'], exp: at(now) + 60 }, SECRET);
    expect(viewerFromAuthorization(`Bearer ${token}`, SECRET, now).subject).toBe('s2');
    expect(() => viewerFromAuthorization(`Bearer ${token}`, `${SECRET}-rotated`, now)).toThrow(DomainError);
  });

  it('gives each request its own viewer: changing one does not change the next', () => {
    const token = jwt.sign({ sub: 'own', roles: ['BIDDER'], exp: at(now) + 60 }, SECRET);
    const first = viewerFromAuthorization(`Bearer ${token}`, SECRET, now);
    first.roles.push(Role.TRADING_CENTER);
    first.subject = 'changed';
    expect(viewerFromAuthorization(`Bearer ${token}`, SECRET, now)).toMatchObject({
      subject: 'own',
      roles: [Role.BIDDER],
    });
  });
});
