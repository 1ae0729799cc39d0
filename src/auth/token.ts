/**
 * HS256 JWTs with the contract's claims. A token that is present but bad (forged, expired, malformed claims)
 * is refused — never treated as anonymous.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { DomainError, ErrorCode } from '../common/errors';
import { Lru } from '../common/lru';
import { ANONYMOUS, Role, type Viewer } from '../common/viewer';

const ROLES = new Set<string>(Object.values(Role));
const MAX_TOKEN_LENGTH = 8192;

export interface TokenClaims {
  sub: string;
  roles: Role[];
  scopeOrganizationId?: string;
  bidderId?: string;
  memberId?: string;
}

const secretKeys = new Map<string, KeyObject>();

/**
 * The secret as a KeyObject, made once per secret: given a string, jsonwebtoken first tries it as a public key
 * (createPublicKey throws and is caught, about 0.8 ms per request).
 */
export function secretKeyOf(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    if (secretKeys.size >= 16) secretKeys.clear(); // a handful of secrets at most (tests, rotation)
    secretKeys.set(secret, key);
  }
  return key;
}

/** Signs a token valid for ttlSeconds from `now` (the server's clock). */
export function signToken(
  secret: string,
  claims: TokenClaims,
  ttlSeconds = 8 * 3600,
  now: Date = new Date(),
): { token: string; expiresAt: Date } {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ttlSeconds;
  const token = jwt.sign({ ...claims, iat, exp }, secretKeyOf(secret), { algorithm: 'HS256' });
  return { token, expiresAt: new Date(exp * 1000) };
}

const refuse = (message: string) => new DomainError(ErrorCode.UNAUTHENTICATED, message);

const optionalId = (value: unknown, claim: string): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 100)
    throw refuse(`token claim ${claim} is malformed`);
  return value;
};

/**
 * Tokens verified before, by their exact text, per secret: a bidder sends the same token with every bid of a
 * race, and an HMAC check, a JSON parse and the claim checks per request cost more than the decision around
 * them. A hit is the same answer verification would give — the text (so the signature and the claims) is
 * identical, and the one thing that changes with time, the expiry, is checked again against `now` — so an
 * entry is only ever used within the token's remaining lifetime. Refused tokens are not kept. Bounded (LRU).
 */
interface VerifiedToken {
  viewer: Viewer;
  /** the exp claim, in seconds */
  exp: number;
  /** the nbf claim, in seconds (0 when none) */
  nbf: number;
}

export const VERIFIED_TOKEN_CACHE_SIZE = 10_000;
const verified = new Map<string, Lru<string, VerifiedToken>>();

function verifiedFor(secret: string): Lru<string, VerifiedToken> {
  let cache = verified.get(secret);
  if (!cache) {
    if (verified.size >= 16) verified.clear(); // a handful of secrets at most (tests, rotation)
    verified.set(secret, (cache = new Lru(VERIFIED_TOKEN_CACHE_SIZE)));
  }
  return cache;
}

/** The viewer an Authorization header value stands for; throws UNAUTHENTICATED for a bad one. */
export function viewerFromAuthorization(
  header: string | undefined | null,
  secret: string,
  now: Date,
): Viewer {
  if (header === undefined || header === null || header === '') return ANONYMOUS;
  const match = /^Bearer ([A-Za-z0-9_\-.=]+)$/.exec(header.trim());
  if (!match || header.length > MAX_TOKEN_LENGTH) throw refuse('Authorization must be "Bearer <JWT>"');
  const cache = verifiedFor(secret);
  const seconds = Math.floor(now.getTime() / 1000);
  const known = cache.get(match[1]);
  if (known) {
    // jsonwebtoken's own comparisons: expired at exp, not yet valid before nbf
    if (seconds < known.exp && seconds >= known.nbf) return copyOf(known.viewer);
    cache.delete(match[1]);
  }
  const checked = verifyToken(match[1], secret, seconds);
  cache.set(match[1], { ...checked, viewer: copyOf(checked.viewer) });
  return checked.viewer;
}

/** each request gets its own viewer (nothing downstream may change another request's) */
const copyOf = (viewer: Viewer): Viewer => ({ ...viewer, roles: [...viewer.roles] });

function verifyToken(
  token: string,
  secret: string,
  clockTimestamp: number,
): { viewer: Viewer; exp: number; nbf: number } {
  let payload: jwt.JwtPayload;
  try {
    const decoded = jwt.verify(token, secretKeyOf(secret), {
      algorithms: ['HS256'],
      clockTimestamp,
    });
    if (typeof decoded === 'string') throw new Error('not an object');
    payload = decoded;
  } catch (error) {
    throw refuse(error instanceof jwt.TokenExpiredError ? 'the token has expired' : 'the token is not valid');
  }
  if (typeof payload.exp !== 'number') throw refuse('the token has no expiry (exp)');
  if (typeof payload.sub !== 'string' || payload.sub === '') throw refuse('the token has no subject (sub)');
  if (!Array.isArray(payload.roles) || payload.roles.some((r) => typeof r !== 'string' || !ROLES.has(r))) {
    throw refuse('token claim roles must be an array of Role names');
  }
  const viewer: Viewer = {
    subject: payload.sub,
    roles: [...new Set(payload.roles as Role[])],
    scopeOrganizationId: optionalId(payload.scopeOrganizationId, 'scopeOrganizationId'),
    bidderId: optionalId(payload.bidderId, 'bidderId'),
    memberId: optionalId(payload.memberId, 'memberId'),
  };
  return { viewer, exp: payload.exp, nbf: typeof payload.nbf === 'number' ? payload.nbf : 0 };
}
